"""课程要求的教师类型或职务: a session of an item asking for a kind or role of teacher has
at least one such teacher (书记讲党课 is given by a 书记)."""

from scheduler.policy.measures import fits, requires_teacher
from scheduler.solve.rules._policy import held, post_policy

RULE_ID = "teacher_role"


def _fitting(ctx):
    """(session vars, the literals of its fitting teachers) of every session with a requirement."""
    instance = ctx.expansion.instance
    for sv in ctx.sessions:
        item = sv.session.item
        if requires_teacher(item):
            yield sv, [y for p, y in sv.y.items() if fits(item, instance.teacher(p))]


def constrain(ctx, gate) -> None:
    for sv, fitting in _fitting(ctx):
        held(ctx.model.add(sum(fitting) >= 1), gate(sv.session.owner.id, sv.session.item.id))


def penalties(ctx) -> list:
    terms = []
    for sv, fitting in _fitting(ctx):
        missing = ctx.model.new_bool_var(f"role[{sv.session.id}]")
        ctx.model.add(missing + sum(fitting) >= 1)
        terms.append(sv.session.count * missing)
    return terms


def post(ctx) -> None:
    post_policy(ctx, RULE_ID, constrain, penalties)
