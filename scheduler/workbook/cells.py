"""Cell values as people type them: lists, dates, date ranges, clock times, weekdays, yes/no.

Each reader takes what openpyxl gives for a cell (text, number, date, time) and returns the
value in the form the YAML reader gives, or raises CellProblem saying, in Chinese, what is wrong.
"""

from __future__ import annotations

import datetime as dt
import re

from scheduler.domain.messages import excerpt
from scheduler.workbook import messages as say

# The separators people type between the items of a list in one cell.
SEPARATORS = re.compile(r"[、，,;；\n\r]+")
_SPLIT = re.compile(r"([、，,;；\n\r]+)")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_RANGE = re.compile(r"\s*(?:\.\.|至|~|～|—|－|到)\s*")
_CLOCK = re.compile(r"^([01]?\d|2[0-3])\s*[:：]\s*([0-5]\d)$")
_WEEKDAY = re.compile(r"^(?:周|星期|礼拜)?([一二三四五六日天])$")
# Excel's day 0 for cells holding only a time: openpyxl gives these dates for some time cells.
_TIME_ONLY_DAYS = (dt.date(1899, 12, 30), dt.date(1899, 12, 31), dt.date(1900, 1, 1))
_YES = {"是", "true", "yes", "y", "1", "√", "✓", "对"}
_NO = {"否", "false", "no", "n", "0", "×", "✗", "不"}


class CellProblem(Exception):
    """What is wrong with one cell's value."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def items(value) -> list:
    """The items of a list cell: text split at the separators; any other value is one item."""
    if isinstance(value, str):
        return [part.strip() for part in SEPARATORS.split(value) if part.strip()]
    return [value]


def known_items(value: str, known) -> list[str]:
    """The items of a list cell of names, where a name may itself hold a separator (高书记（县委
    副书记、党校校长）): the longest run of pieces that is a known name is one item."""
    pieces = _SPLIT.split(value)  # text, separator, text, …
    found, start = [], 0
    while start < len(pieces):
        end = next((end for end in range(len(pieces), start, -2)
                    if known("".join(pieces[start:end]).strip())), start + 1)
        word = "".join(pieces[start:end]).strip()
        if word:
            found.append(word)
        start = end + 1
    return found


def plain_text(value) -> str:
    """Text of a cell: a whole number typed where text is meant (a name such as 2023) stays whole."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        raise CellProblem(say.BAD_TEXT.format(value=excerpt(str(value))))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    raise CellProblem(say.BAD_TEXT.format(value=excerpt(str(value))))


def day(value) -> dt.date:
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date()
        raise CellProblem(say.BAD_DATE.format(value=excerpt(str(value))))
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        match = _DATE.match(value.strip())
        if match:
            try:
                return dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                pass
    raise CellProblem(say.BAD_DATE.format(value=excerpt(value if isinstance(value, str) else str(value))))


def day_range(value) -> dt.date | dict:
    """A date, or a range written 2026-11-16至2026-11-20 (also .., ~, 到)."""
    if isinstance(value, str):
        parts = _RANGE.split(value.strip())
        if len(parts) == 2:
            return {"start": day(parts[0]), "end": day(parts[1])}
        if len(parts) > 2:
            raise CellProblem(say.BAD_DATE_RANGE.format(value=excerpt(value)))
    return day(value)


def clock(value) -> str:
    """A clock time as the YAML's HH:MM text."""
    if isinstance(value, dt.datetime) and value.date() in _TIME_ONLY_DAYS:
        value = value.time()
    if isinstance(value, dt.time) and value.second == 0 and value.microsecond == 0:
        return value.strftime("%H:%M")
    if isinstance(value, float) and 0 <= value < 1 and not isinstance(value, bool):
        minutes = round(value * 24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    if isinstance(value, str):
        match = _CLOCK.match(value.strip())
        if match:
            return f"{int(match.group(1)):02d}:{match.group(2)}"
    raise CellProblem(say.BAD_TIME.format(value=excerpt(value if isinstance(value, str) else str(value))))


def weekday(value) -> int:
    """1 (Monday) … 7 (Sunday), from 1 … 7, 周一, 星期一 or 一."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value in range(1, 8):
        return int(value)
    if isinstance(value, str):
        word = value.strip()
        if word in ("1", "2", "3", "4", "5", "6", "7"):
            return int(word)
        match = _WEEKDAY.match(word)
        if match:
            return "一二三四五六日天".index(match.group(1)) + 1 if match.group(1) != "天" else 7
    raise CellProblem(say.BAD_WEEKDAY.format(value=excerpt(value if isinstance(value, str) else str(value))))


def boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    word = plain_text(value).lower() if isinstance(value, (str, int, float)) else ""
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise CellProblem(say.BAD_BOOL.format(value=excerpt(value if isinstance(value, str) else str(value))))
