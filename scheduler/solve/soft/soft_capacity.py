"""场地略小: missing seats when a session sits in a venue within its allowed overflow."""

RULE_ID = "soft_capacity"


def post(ctx) -> list:
    capacity = {v.id: v.capacity for v in ctx.expansion.instance.venues}
    terms = []
    for sv in ctx.sessions:
        for venue_id, r in sv.r.items():
            missing = sv.session.trainees - capacity[venue_id]
            if missing > 0:
                terms.append(missing * r)
    return terms
