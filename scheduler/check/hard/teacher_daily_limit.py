"""teacher_daily_limit: a teacher's sessions on one day are at most max_per_day."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from scheduler.check.context import CheckContext, PlacedSession
from scheduler.check.messages import joined, named, say
from scheduler.check.violation import Violation

RULE = "teacher_daily_limit"


def check_teacher_daily_limit(ctx: CheckContext) -> list[Violation]:
    found: list[Violation] = []
    for teacher in ctx.instance.teachers:
        if teacher.max_per_day is None:
            continue
        by_day: dict[dt.date, list[PlacedSession]] = defaultdict(list)
        for placed in ctx.taught_by(teacher.id):
            by_day[placed.date].append(placed)
        for day, group in sorted(by_day.items()):
            if len(group) > teacher.max_per_day:
                ids = tuple(sorted(p.id for p in group))
                found.append(Violation(RULE, say("daily_limit", teacher=named(teacher), date=day,
                                                 count=len(group), sessions=joined(ids),
                                                 limit=teacher.max_per_day), ids))
    return found
