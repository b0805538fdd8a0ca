"""Term days: China's statutory holidays and make-up working days (调休), and which days a site teaches.

Holidays come from the `chinese_calendar` library by default (it knows 2004–2026), with the
instance's own `term.holidays` and `term.workdays` as overrides. A year the library does not
know and the file does not list is an input error, not a silent "no holidays".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cached_property

import chinese_calendar

from scheduler import text
from scheduler.domain.records import Site, Term

HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


class CalendarError(ValueError):
    """The term's holidays cannot be known (a year outside the library with no list in the file).

    `path` is the field of the instance to point at (term.start or term.end)."""

    def __init__(self, message: str, path: tuple = ("term",)):
        super().__init__(message)
        self.path = path


def days(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


class TermCalendar:
    """Which days of a term are statutory holidays and which weekend days are working days."""

    def __init__(self, term: Term):
        self.term = term

    @cached_property
    def _explicit_holidays(self) -> dict[dt.date, str]:
        found: dict[dt.date, str] = {}
        for holiday in self.term.holidays:
            for day in days(holiday.dates.start, holiday.dates.end):
                found[day] = holiday.name
        return found

    @cached_property
    def _library_days(self) -> tuple[dict[dt.date, str], set[dt.date]]:
        """Holidays (with Chinese names) and make-up working days from chinese_calendar."""
        holidays: dict[dt.date, str] = {}
        workdays: set[dt.date] = set()
        if self.term.holiday_source == "none":
            return holidays, workdays
        listed_years = {d.year for d in self._explicit_holidays} | {d.year for d in self.term.workdays}
        for year in range(self.term.start.year, self.term.end.year + 1):
            try:
                chinese_calendar.is_holiday(dt.date(year, 6, 1))
            except NotImplementedError:
                if year in listed_years:
                    continue
                field = "start" if year == self.term.start.year else "end"
                raise CalendarError(text.CALENDAR_NO_DATA.format(year=year), ("term", field)) from None
        for day in days(self.term.start, self.term.end):
            try:
                is_holiday, name = chinese_calendar.get_holiday_detail(day)
            except NotImplementedError:
                continue
            if is_holiday and name is not None:
                holidays[day] = HOLIDAY_NAMES_ZH.get(name, name)
            elif not is_holiday and day.isoweekday() >= 6:
                workdays.add(day)
        return holidays, workdays

    def check(self) -> None:
        """Raise CalendarError if the term's holidays cannot be known."""
        _ = self._library_days

    def holiday_name(self, day: dt.date) -> str | None:
        """The statutory holiday (or listed day off) on that day, or None."""
        if day in self.term.workdays:
            return None
        if day in self._explicit_holidays:
            return self._explicit_holidays[day]
        return self._library_days[0].get(day)

    def is_makeup_workday(self, day: dt.date) -> bool:
        """A Saturday or Sunday that is a working day (调休上班), from the library or the file."""
        if day.isoweekday() < 6:
            return False
        return day in self.term.workdays or day in self._library_days[1]

    def site_teaches(self, site: Site, day: dt.date) -> bool:
        """Whether a site holds classes on a day: its weekdays, minus holidays, plus 调休 workdays."""
        if not (self.term.start <= day <= self.term.end):
            return False
        if site.observe_holidays:
            if self.holiday_name(day) is not None:
                return False
            if self.is_makeup_workday(day):
                return True
        return day.isoweekday() in site.weekdays
