"""教师同一时段只能上一门课: one no-overlap per teacher over all sessions they might teach."""

from scheduler.solve.rules._resources import post_no_overlap

RULE_ID = "teacher_no_overlap"


def post(ctx) -> None:
    post_no_overlap(ctx, ctx.expansion.sessions_by_teacher, "teacher_intervals")
