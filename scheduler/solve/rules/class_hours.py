"""班次学时: a class's hours (the blocks its sessions take) within its min_hours..max_hours."""

from scheduler.solve.rules._policy import attending, class_hours_expr, held, post_policy

RULE_ID = "class_hours"


def _limited(ctx):
    for term_class in ctx.expansion.classes:
        if term_class.min_hours is not None or term_class.max_hours is not None:
            yield term_class, class_hours_expr(ctx, attending(ctx, term_class.id))


def constrain(ctx, gate) -> None:
    for term_class, hours in _limited(ctx):
        if term_class.min_hours is not None:
            held(ctx.model.add(hours >= term_class.min_hours), gate(term_class.id))
        if term_class.max_hours is not None:
            held(ctx.model.add(hours <= term_class.max_hours), gate(term_class.id))


def penalties(ctx) -> list:
    terms = []
    for term_class, hours in _limited(ctx):
        for bound, sign in ((term_class.min_hours, 1), (term_class.max_hours, -1)):
            if bound is not None:
                off = ctx.model.new_int_var(0, 100_000, f"hours[{term_class.id},{sign}]")
                ctx.model.add(off >= sign * (bound - hours))
                terms.append(off)
    return terms


def post(ctx) -> None:
    post_policy(ctx, RULE_ID, constrain, penalties)
