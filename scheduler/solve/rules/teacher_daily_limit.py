"""教师每天课次上限: at most max_per_day sessions per teacher and date."""

from scheduler.solve.rules._counting import post_count_limit

RULE_ID = "teacher_daily_limit"


def post(ctx) -> None:
    for teacher in ctx.expansion.instance.teachers:
        if teacher.max_per_day is not None:
            post_count_limit(ctx, teacher.id, teacher.max_per_day, "day")
