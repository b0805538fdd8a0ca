"""教师每周课次上限: at most max_per_week sessions per teacher and ISO week."""

from scheduler.solve.rules._counting import post_count_limit

RULE_ID = "teacher_weekly_limit"


def post(ctx) -> None:
    for teacher in ctx.expansion.instance.teachers:
        if teacher.max_per_week is not None:
            post_count_limit(ctx, teacher.id, teacher.max_per_week, "week")
