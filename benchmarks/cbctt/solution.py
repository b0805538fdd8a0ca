"""The CB-CTT solution format, `.sol`: one line per lecture, `<course> <room> <day> <period>`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from scheduler.files import write_atomic


class SolutionError(ValueError):
    """A `.sol` line that is not `<course> <room> <day> <period>`; the message names the line."""


@dataclass(frozen=True, order=True)
class Lecture:
    course: str
    room: str
    day: int
    period: int


def format_solution(lectures: Iterable[Lecture]) -> str:
    """The `.sol` text: lines sorted by course, day, period and room, so the same plan gives
    the same bytes."""
    ordered = sorted(lectures, key=lambda x: (x.course, x.day, x.period, x.room))
    return "".join(f"{x.course} {x.room} {x.day} {x.period}\n" for x in ordered)


def parse_solution(text: str, source: str = "<sol>") -> list[Lecture]:
    lectures = []
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split()
        if not fields:
            continue
        if len(fields) != 4:
            raise SolutionError(f"{source}:{number}: expected '<course> <room> <day> <period>', "
                                f"got {line.strip()!r}")
        try:
            day, period = int(fields[2]), int(fields[3])
        except ValueError:
            raise SolutionError(f"{source}:{number}: day and period must be whole numbers, "
                                f"got {line.strip()!r}") from None
        lectures.append(Lecture(fields[0], fields[1], day, period))
    return lectures


def read_solution(path: str | Path) -> list[Lecture]:
    path = Path(path)
    return parse_solution(path.read_text(encoding="utf-8"), source=str(path))


def write_solution(path: str | Path, lectures: Iterable[Lecture]) -> None:
    """Write the `.sol` file atomically."""
    write_atomic(path, format_solution(lectures))
