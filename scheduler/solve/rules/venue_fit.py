"""场地与授课方式相符: one fitting venue per non-online session, only when the venue is free.

Which venues fit (kind for the mode, the site's own rooms, field sites in reach, daytime for
field teaching, the item's venue list) is decided by expand; here the choice is made exactly
once and tied to the venue's free slots.
"""

from scheduler.solve.rules._slots import restrict_to_allowed_slots

RULE_ID = "venue_fit"


def post(ctx) -> None:
    for sv in ctx.sessions:
        if not sv.session.needs_venue:
            continue
        ctx.model.add_exactly_one(list(sv.r.values()))
        for candidate in sv.session.venues:
            restrict_to_allowed_slots(ctx.model, sv, sv.r[candidate.id], candidate)
