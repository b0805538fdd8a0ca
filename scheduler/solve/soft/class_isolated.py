"""班次课程紧凑: an occupied block of a class with neither neighbouring block occupied.

At a site with exactly two blocks a day, a day holds 0 isolated blocks when both or neither
block is taken and 1 otherwise, so a class occupying an odd number of blocks there has at
least one isolated block. That parity cut is added: the linear relaxation does not see it,
and it lifts the bound by the many odd classes of a real county.
"""

from scheduler.solve.soft._common import home_sessions
from scheduler.solve.variables import block_cover

RULE_ID = "class_isolated"


def post(ctx) -> list:
    model = ctx.model
    terms = []
    for term_class in ctx.expansion.classes:
        blocks = len(ctx.expansion.instance.site(term_class.site).blocks)
        if blocks < 2:
            continue
        svs = home_sessions(ctx, term_class.id)
        cover = block_cover(svs)
        isolated = []
        for (day, b), literals in sorted(cover.items()):
            neighbours = cover.get((day, b - 1), []) + cover.get((day, b + 1), [])
            iso = model.new_bool_var(f"isolated[{term_class.id},{day},{b}]")
            model.add(iso >= sum(literals) - sum(neighbours))
            isolated.append(iso)
        occupied = sum(sv.session.item.length * sv.session.count for sv in svs)
        if blocks == 2 and occupied % 2 == 1:
            model.add(sum(isolated) >= 1)
        terms += isolated
    return terms
