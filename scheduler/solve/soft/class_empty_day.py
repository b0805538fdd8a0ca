"""多日班中间不空天: a teaching day of a short class, between its first and last session days,
with no session."""

from collections import defaultdict

from scheduler.calendar import days
from scheduler.solve.soft._common import home_sessions

RULE_ID = "class_empty_day"
MAX_SPAN_DAYS = 14


def post(ctx) -> list:
    model = ctx.model
    expansion = ctx.expansion
    term_start = expansion.instance.term.start
    terms = []
    for term_class in expansion.classes:
        if (term_class.end - term_class.start).days + 1 > MAX_SPAN_DAYS:
            continue
        site = expansion.instance.site(term_class.site)
        teaching = [(d - term_start).days for d in days(term_class.start, term_class.end)
                    if expansion.calendar.site_teaches(site, d)]
        if len(teaching) < 3:
            continue
        on_day = defaultdict(list)
        for sv in home_sessions(ctx, term_class.id):
            for t, slot in enumerate(sv.session.slots):
                on_day[slot.day].append(sv.x[t])
        used = {}
        for day in teaching:
            u = model.new_bool_var(f"used[{term_class.id},{day}]")
            literals = on_day.get(day, [])
            model.add(u <= sum(literals))
            for x in literals:
                model.add_implication(x, u)
            used[day] = u
        before, after = {}, {}
        previous = None
        for day in teaching:
            b = model.new_bool_var(f"before[{term_class.id},{day}]")
            model.add(b >= used[day])
            if previous is not None:
                model.add(b >= previous)
            before[day], previous = b, b
        previous = None
        for day in reversed(teaching):
            a = model.new_bool_var(f"after[{term_class.id},{day}]")
            model.add(a >= used[day])
            if previous is not None:
                model.add(a >= previous)
            after[day], previous = a, a
        for prev_day, day, next_day in zip(teaching, teaching[1:], teaching[2:]):
            empty = model.new_bool_var(f"empty[{term_class.id},{day}]")
            model.add(empty >= before[prev_day] + after[next_day] - used[day] - 1)
            terms.append(empty)
    return terms
