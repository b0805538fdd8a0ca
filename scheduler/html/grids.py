"""Week-by-week timetable grids: days across, blocks down, a cell the sessions in it.

A session of several blocks appears in each of its blocks' rows (marked as continued after the
first), so that a day's column reads from top to bottom as the day runs."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scheduler.domain import Instance, PlanSession
from scheduler.html import messages as m

WORKDAYS = 5


@dataclass
class Row:
    block: str
    cells: list[list[Any]]  # one list of entries per day column


@dataclass
class Week:
    number: int  # counted from the term's first week
    days: list[dt.date]
    rows: list[Row] = field(default_factory=list)

    @property
    def headers(self) -> list[str]:
        return [m.DAY_HEADER.format(weekday=m.WEEKDAY_CHARS[d.weekday()]) + " "
                + m.DAY_DATE.format(month=d.month, day=d.day) for d in self.days]

    @property
    def span(self) -> str:
        first, last = self.days[0], self.days[-1]
        return m.WEEK_SPAN.format(first=m.DAY_DATE.format(month=first.month, day=first.day),
                                  last=m.DAY_DATE.format(month=last.month, day=last.day))


def block_order(instance: Instance) -> dict[str, tuple[str, str]]:
    """Block name → (its earliest start at any site, name): the order of the grid's rows."""
    order: dict[str, tuple[str, str]] = {}
    for site in instance.sites:
        for block in site.blocks:
            key = (str(block.start), block.name)
            order[block.name] = min(order.get(block.name, key), key)
    return order


def _blocks(session: PlanSession) -> list[str]:
    return list(session.blocks) or [session.start]


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_grids(sessions: list[PlanSession], term_start: dt.date, order: dict[str, tuple[str, str]],
               entry: Callable[[PlanSession, bool], Any]) -> list[Week]:
    """One grid per week that holds a session, in date order; `entry(session, continued)` makes
    what a cell shows of a session."""
    if not sessions:
        return []
    used_days = {s.date.weekday() for s in sessions}
    columns = [d for d in range(7) if d < WORKDAYS or d in used_days]
    rows = sorted({b for s in sessions for b in _blocks(s)}, key=lambda b: order.get(b, (b, b)))
    cells: dict[tuple[dt.date, str], list] = defaultdict(list)
    for session in sorted(sessions, key=lambda s: (s.date, s.start, s.id)):
        for k, block in enumerate(_blocks(session)):
            cells[(session.date, block)].append(entry(session, k > 0))
    first = _monday(term_start)
    weeks = []
    for monday in sorted({_monday(s.date) for s in sessions}):
        days = [monday + dt.timedelta(days=d) for d in columns]
        week = Week((monday - first).days // 7 + 1, days)
        for block in rows:
            week.rows.append(Row(block, [cells.get((day, block), []) for day in days]))
        week.rows = [row for row in week.rows if any(row.cells)]
        weeks.append(week)
    return weeks
