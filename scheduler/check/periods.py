"""The periods of an obligation: calendar months, quarters, half-years or years, or the term.

A calendar period counts when at least half of its days lie inside the term; it is then
clipped to the term. The whole term is always one period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from scheduler.check.messages import say
from scheduler.domain.instance import Period

_MONTHS = {Period.MONTH: 1, Period.QUARTER: 3, Period.HALF_YEAR: 6, Period.YEAR: 12}


@dataclass(frozen=True)
class ObligationPeriod:
    label: str
    start: dt.date  # clipped to the term
    end: dt.date

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def obligation_periods(period: Period, term_start: dt.date, term_end: dt.date) -> list[ObligationPeriod]:
    if period is Period.TERM:
        return [ObligationPeriod(say("period_term"), term_start, term_end)]
    months = _MONTHS[period]
    found = []
    year, month = term_start.year, (term_start.month - 1) // months * months + 1
    while dt.date(year, month, 1) <= term_end:
        first = dt.date(year, month, 1)
        next_year, next_month = (year + 1, 1) if month + months > 12 else (year, month + months)
        last = dt.date(next_year, next_month, 1) - dt.timedelta(days=1)
        start, end = max(first, term_start), min(last, term_end)
        if 2 * ((end - start).days + 1) >= (last - first).days + 1:
            found.append(ObligationPeriod(_label(period, year, month), start, end))
        year, month = next_year, next_month
    return found


def _label(period: Period, year: int, month: int) -> str:
    if period is Period.MONTH:
        return say("period_month", year=year, month=month)
    if period is Period.QUARTER:
        return say("period_quarter", year=year, quarter=(month - 1) // 3 + 1)
    if period is Period.HALF_YEAR:
        return say("period_first_half" if month == 1 else "period_second_half", year=year)
    return say("period_year", year=year)
