"""travel_minutes: per session and teacher away from home, the travel time in 10-minute units."""

from __future__ import annotations

import math

from scheduler.check.case import Case
from scheduler.check.context import CheckContext
from scheduler.check.messages import named, say
from scheduler.check.soft.sessions import teaching


def check_travel_minutes(ctx: CheckContext) -> list[Case]:
    found: list[Case] = []
    for teacher in ctx.instance.teachers:
        for placed in teaching(ctx, teacher.id):
            township = placed.site.township
            if township == teacher.township:
                continue
            minutes = ctx.instance.travel_minutes(teacher.township, township)
            units = math.ceil(minutes / 10)
            if units > 0:
                found.append(Case(units, say(
                    "travel_minutes", teacher=named(teacher), date=placed.date,
                    home=ctx.township_label(teacher.township), township=ctx.township_label(township),
                    session=placed.id, minutes=minutes), (placed.id,)))
    return found
