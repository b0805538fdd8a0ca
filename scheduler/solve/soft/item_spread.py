"""同一课程分散到不同天: days short of an item's min_days (default: its number of sessions)."""

from collections import defaultdict

RULE_ID = "item_spread"


def post(ctx) -> list:
    model = ctx.model
    items = defaultdict(list)
    for sv in ctx.sessions:
        if ctx.expansion.in_focus(sv.session.owner.id):
            items[(sv.session.owner.id, sv.session.item.id)].append(sv)
    terms = []
    for (class_id, item_id), svs in items.items():
        item = svs[0].session.item
        wanted = item.min_days or item.sessions
        on_day = defaultdict(list)
        for sv in svs:
            for t, slot in enumerate(sv.session.slots):
                on_day[slot.day].append(sv.x[t])
        used = []
        for day, literals in sorted(on_day.items()):
            u = model.new_bool_var(f"itemday[{class_id},{item_id},{day}]")
            model.add(u <= sum(literals))
            used.append(u)
        short = model.new_int_var(0, wanted, f"short[{class_id},{item_id}]")
        model.add(short >= wanted - sum(used))
        terms.append(short)
    # An item none of whose sessions is in the model (a replan that could not place them) is
    # short of all its days, as the rule counts it from the plan.
    for term_class in ctx.expansion.instance.classes:
        if not ctx.expansion.in_focus(term_class.id):
            continue
        for item in term_class.curriculum:
            if (term_class.id, item.id) not in items:
                terms.append(item.min_days or item.sessions)
    return terms
