"""班次课程紧凑: an occupied block of a class with neither neighbouring block occupied."""

from scheduler.solve.soft._common import block_cover, home_sessions

RULE_ID = "class_isolated"


def post(ctx) -> list:
    model = ctx.model
    terms = []
    for term_class in ctx.expansion.instance.classes:
        if len(ctx.expansion.instance.site(term_class.site).blocks) < 2:
            continue
        cover = block_cover(home_sessions(ctx, term_class.id))
        for (day, b), literals in sorted(cover.items()):
            neighbours = cover.get((day, b - 1), []) + cover.get((day, b + 1), [])
            iso = model.new_bool_var(f"isolated[{term_class.id},{day},{b}]")
            model.add(iso >= sum(literals) - sum(neighbours))
            terms.append(iso)
    return terms
