"""Clock times in a plan: parsing "HH:MM", minute spans and their labels."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


def parse_clock(text: object) -> int | None:
    """Minutes after midnight of an "HH:MM" text, or None when it is not a clock time."""
    if not isinstance(text, str):
        return None
    match = _CLOCK.match(text)
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        return None
    return hours * 60 + minutes


def minutes(clock: dt.time) -> int:
    return clock.hour * 60 + clock.minute


def clock_text(value: int) -> str:
    return f"{value // 60:02d}:{value % 60:02d}"


@dataclass(frozen=True, order=True)
class Span:
    """A half-open interval [start, end) of minutes on one day."""

    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def intersection(self, other: Span) -> Span:
        return Span(max(self.start, other.start), min(self.end, other.end))

    @property
    def label(self) -> str:
        return f"{clock_text(self.start)}–{clock_text(self.end)}"


def block_span(start: dt.time, end: dt.time) -> Span:
    return Span(minutes(start), minutes(end))


def moment_text(day: dt.date, value: int) -> str:
    return f"{day.isoformat()} {clock_text(value)}"
