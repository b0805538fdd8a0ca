"""教师只在有空时上课: a teacher taking a session forbids the slots where they are busy."""

from scheduler.solve.rules._slots import restrict_to_allowed_slots

RULE_ID = "teacher_available"


def post(ctx) -> None:
    for sv in ctx.sessions:
        for candidate in sv.session.teachers:
            restrict_to_allowed_slots(ctx.model, sv, sv.y[candidate.id], candidate)
