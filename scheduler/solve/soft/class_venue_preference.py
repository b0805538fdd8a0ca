"""班次首选场地: sessions of a class with preferred venues held elsewhere."""

RULE_ID = "class_venue_preference"


def post(ctx) -> list:
    classes = {c.id: c for c in ctx.expansion.instance.classes}
    terms = []
    for sv in ctx.sessions:
        if not sv.r:
            continue
        for class_id in sv.session.class_ids:
            preferred = set(classes[class_id].preferred_venues)
            if preferred:
                terms += [r for venue_id, r in sv.r.items() if venue_id not in preferred]
    return terms
