"""teacher_weekly_limit: a teacher's sessions in one ISO week (Monday–Sunday) are at most max_per_week."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from scheduler.check.context import CheckContext, PlacedSession
from scheduler.check.messages import joined, named, say
from scheduler.check.violation import Violation

RULE = "teacher_weekly_limit"


def check_teacher_weekly_limit(ctx: CheckContext) -> list[Violation]:
    found: list[Violation] = []
    for teacher in ctx.instance.teachers:
        if teacher.max_per_week is None:
            continue
        by_week: dict[tuple[int, int], list[PlacedSession]] = defaultdict(list)
        for placed in ctx.taught_by(teacher.id):
            year, week, _ = placed.date.isocalendar()
            by_week[(year, week)].append(placed)
        for (year, week), group in sorted(by_week.items()):
            if len(group) > teacher.max_per_week:
                monday = dt.date.fromisocalendar(year, week, 1)
                ids = tuple(sorted(p.id for p in group))
                found.append(Violation(RULE, say("weekly_limit", teacher=named(teacher), year=year,
                                                 week=week, start=monday,
                                                 end=monday + dt.timedelta(days=6),
                                                 count=len(group), sessions=joined(ids),
                                                 limit=teacher.max_per_week), ids))
    return found
