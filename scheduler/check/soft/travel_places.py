"""travel_places: per teacher and date, the townships taught in that day, less one."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from scheduler.check.case import Case
from scheduler.check.context import CheckContext, PlacedSession
from scheduler.check.messages import joined, named, say
from scheduler.check.soft.sessions import teaching


def check_travel_places(ctx: CheckContext) -> list[Case]:
    found: list[Case] = []
    for teacher in ctx.instance.teachers:
        by_day: dict[dt.date, list[PlacedSession]] = defaultdict(list)
        for placed in teaching(ctx, teacher.id):
            by_day[placed.date].append(placed)
        for day, group in sorted(by_day.items()):
            # townships in the order the teacher first reaches them that day
            ordered = sorted(group, key=lambda p: (p.span.start, p.id))
            townships = list(dict.fromkeys(p.site.township for p in ordered))
            if len(townships) > 1:
                ids = tuple(sorted(p.id for p in group))
                found.append(Case(len(townships) - 1, say(
                    "travel_places", teacher=named(teacher), date=day, count=len(townships),
                    townships=joined(ctx.townships[t].name if t in ctx.townships else t
                                     for t in townships)), ids))
    return found
