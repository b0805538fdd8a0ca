"""在学校的上课日和上课时段: enforced by construction (expand offers only teaching blocks)."""

RULE_ID = "site_calendar"


def post(ctx) -> None:
    # Slots come from the site's teaching days and blackout-free blocks, minus the item's own
    # forbidden times; the model never sees any other slot.
    return None
