"""class_empty_day: a short class's teaching days without a session between its first and last."""

from __future__ import annotations

from scheduler.calendar import days
from scheduler.check.case import Case
from scheduler.check.context import CheckContext
from scheduler.check.messages import joined, named, say
from scheduler.check.soft.sessions import at_own_site

MAX_SPAN_DAYS = 14  # classes whose dates span at most this many days


def check_class_empty_day(ctx: CheckContext) -> list[Case]:
    found: list[Case] = []
    for term_class in ctx.instance.classes:
        site = ctx.sites.get(term_class.site)
        if site is None or (term_class.end - term_class.start).days + 1 > MAX_SPAN_DAYS:
            continue
        dates = {placed.date for placed in at_own_site(ctx, term_class)}
        if len(dates) < 2:
            continue
        first, last = min(dates), max(dates)
        empty = [day for day in days(first, last)
                 if first < day < last and day not in dates and ctx.calendar.site_teaches(site, day)]
        if empty:
            found.append(Case(len(empty), say(
                "class_empty_day", cls=named(term_class), first=first, last=last,
                count=len(empty), dates=joined(empty))))
    return found
