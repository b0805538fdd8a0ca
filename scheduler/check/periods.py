"""The periods of an obligation: calendar months, quarters, half-years or years, or the term.

A calendar period counts when at least half of its days lie inside the term; it is then
clipped to the term. The whole term is always one period. The one implementation: the model,
`check` and `explain` read the periods from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from scheduler.check.messages import say
from scheduler.domain.values import Period

_MONTHS = {Period.MONTH: 1, Period.QUARTER: 3, Period.HALF_YEAR: 6, Period.YEAR: 12}


@dataclass(frozen=True)
class ObligationPeriod:
    label: str
    start: dt.date  # clipped to the term
    end: dt.date

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class CalendarPeriod:
    """A calendar period that overlaps the term, with how many of its days the term covers."""

    label: str
    first: dt.date  # the whole calendar period
    last: dt.date
    inside: int  # its days inside the term

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def in_force(self) -> bool:
        return 2 * self.inside >= self.days


def calendar_periods(period: Period, term_start: dt.date, term_end: dt.date) -> list[CalendarPeriod]:
    """Every calendar month/quarter/half-year/year that overlaps the term (none for TERM)."""
    if period is Period.TERM:
        return []
    months = _MONTHS[period]
    found = []
    year, month = term_start.year, (term_start.month - 1) // months * months + 1
    while dt.date(year, month, 1) <= term_end:
        first = dt.date(year, month, 1)
        next_year, next_month = (year + 1, 1) if month + months > 12 else (year, month + months)
        last = dt.date(next_year, next_month, 1) - dt.timedelta(days=1)
        inside = (min(last, term_end) - max(first, term_start)).days + 1
        found.append(CalendarPeriod(_label(period, year, month), first, last, inside))
        year, month = next_year, next_month
    return found


def obligation_periods(period: Period, term_start: dt.date, term_end: dt.date) -> list[ObligationPeriod]:
    if period is Period.TERM:
        return [ObligationPeriod(say("period_term"), term_start, term_end)]
    return [ObligationPeriod(p.label, max(p.first, term_start), min(p.last, term_end))
            for p in calendar_periods(period, term_start, term_end) if p.in_force]


def periods_not_in_force(period: Period, term_start: dt.date, term_end: dt.date) -> list[CalendarPeriod]:
    """The calendar periods the term touches but covers less than half of: not checked."""
    return [p for p in calendar_periods(period, term_start, term_end) if not p.in_force]


def _label(period: Period, year: int, month: int) -> str:
    if period is Period.MONTH:
        return say("period_month", year=year, month=month)
    if period is Period.QUARTER:
        return say("period_quarter", year=year, quarter=(month - 1) // 3 + 1)
    if period is Period.HALF_YEAR:
        return say("period_first_half" if month == 1 else "period_second_half", year=year)
    return say("period_year", year=year)
