"""同一课程固定场地: venues a curriculum item's sessions use, beyond the first."""

from collections import defaultdict

from scheduler.solve.soft._common import at_least_excess

RULE_ID = "item_room_stability"


def extra_venues(model, svs, counted: set[str] | None, name: str):
    """Excess over one of the venues (in `counted`, or any) that these sessions use."""
    uses = defaultdict(list)
    for sv in svs:
        for venue_id, r in sv.r.items():
            if counted is None or venue_id in counted:
                uses[venue_id].append(r)
    if len(uses) < 2:
        return None
    used = []
    for venue_id, literals in sorted(uses.items()):
        u = model.new_bool_var(f"uses[{name},{venue_id}]")
        for r in literals:
            model.add_implication(r, u)
        used.append(u)
    return at_least_excess(model, used, 1, f"rooms[{name}]")


def post(ctx) -> list:
    items = defaultdict(list)
    for sv in ctx.sessions:
        items[(sv.session.owner.id, sv.session.item.id)].append(sv)
    terms = []
    for (class_id, item_id), svs in items.items():
        term = extra_venues(ctx.model, svs, None, f"item[{class_id},{item_id}]")
        if term is not None:
            terms.append(term)
    return terms
