"""场地容量不小于上课人数: enforced by construction (only rooms large enough, counting their
allowed overflow, are candidates; the overflow itself is the soft rule soft_capacity)."""

RULE_ID = "venue_capacity"


def post(ctx) -> None:
    return None
