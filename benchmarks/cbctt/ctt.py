"""The CB-CTT (ITC2007 track 3) instance format, `.ctt`: read into plain records.

A header of `Key: value` lines (Name, Courses, Rooms, Days, Periods_per_day, Curricula,
Constraints), then the sections COURSES:, ROOMS:, CURRICULA:, UNAVAILABILITY_CONSTRAINTS:
and `END.`. Days and periods count from 0. Knows nothing of the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

HEADER_KEYS = ("Name", "Courses", "Rooms", "Days", "Periods_per_day", "Curricula", "Constraints")
SECTIONS = ("COURSES:", "ROOMS:", "CURRICULA:", "UNAVAILABILITY_CONSTRAINTS:")


class CttError(ValueError):
    """A `.ctt` file that does not follow the format; the message names the line."""


@dataclass(frozen=True)
class Course:
    id: str
    teacher: str
    lectures: int
    min_days: int  # minimum number of distinct working days
    students: int


@dataclass(frozen=True)
class Room:
    id: str
    capacity: int


@dataclass(frozen=True)
class Curriculum:
    id: str
    courses: tuple[str, ...]


@dataclass(frozen=True)
class Problem:
    name: str
    days: int
    periods_per_day: int
    courses: tuple[Course, ...]
    rooms: tuple[Room, ...]
    curricula: tuple[Curriculum, ...]
    unavailable: frozenset[tuple[str, int, int]]  # (course, day, period)

    @cached_property
    def course_by_id(self) -> dict[str, Course]:
        return {c.id: c for c in self.courses}

    @cached_property
    def room_by_id(self) -> dict[str, Room]:
        return {r.id: r for r in self.rooms}

    @cached_property
    def curricula_of(self) -> dict[str, tuple[str, ...]]:
        """Course id -> ids of the curricula that list it, in file order."""
        found: dict[str, list[str]] = {c.id: [] for c in self.courses}
        for curriculum in self.curricula:
            for course in curriculum.courses:
                found[course].append(curriculum.id)
        return {course: tuple(ids) for course, ids in found.items()}


def read_ctt(path: str | Path) -> Problem:
    path = Path(path)
    return parse_ctt(path.read_text(encoding="utf-8"), source=str(path))


def parse_ctt(text: str, source: str = "<ctt>") -> Problem:
    """Parse a `.ctt` text; raises CttError naming the source and line of the first problem."""
    header: dict[str, str] = {}
    rows: dict[str, list[tuple[int, list[str]]]] = {section: [] for section in SECTIONS}
    section: str | None = None
    ended = False
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split()
        if not fields or ended:
            continue
        where = f"{source}:{number}"
        if fields == ["END."]:
            ended = True
        elif len(fields) == 1 and fields[0] in SECTIONS:
            section = fields[0]
        elif section is None:
            key, colon, value = line.partition(":")
            if not colon or key.strip() not in HEADER_KEYS:
                raise CttError(f"{where}: expected a header line such as 'Days: 5', got {line.strip()!r}")
            header[key.strip()] = value.strip()
        else:
            rows[section].append((number, fields))
    if not ended:
        raise CttError(f"{source}: no 'END.' line")
    missing = [key for key in HEADER_KEYS if key not in header]
    if missing:
        raise CttError(f"{source}: header lacks {', '.join(missing)}")
    counts = {key: _int(header[key], f"{source}: header {key}") for key in HEADER_KEYS[1:]}
    days, periods = counts["Days"], counts["Periods_per_day"]
    if days < 1 or periods < 1:
        raise CttError(f"{source}: Days and Periods_per_day must be positive")

    courses = tuple(_course(source, n, f) for n, f in rows["COURSES:"])
    rooms = tuple(_room(source, n, f) for n, f in rows["ROOMS:"])
    course_ids = {c.id for c in courses}
    curricula = tuple(_curriculum(source, n, f, course_ids) for n, f in rows["CURRICULA:"])
    unavailable = frozenset(_unavailable(source, n, f, course_ids, days, periods)
                            for n, f in rows["UNAVAILABILITY_CONSTRAINTS:"])
    for key, found in (("Courses", courses), ("Rooms", rooms), ("Curricula", curricula),
                       ("Constraints", rows["UNAVAILABILITY_CONSTRAINTS:"])):
        if len(found) != counts[key]:
            raise CttError(f"{source}: header says {key}: {counts[key]}, the file lists {len(found)}")
    for kind, records in (("course", courses), ("room", rooms), ("curriculum", curricula)):
        ids = [r.id for r in records]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise CttError(f"{source}: {kind} listed twice: {', '.join(duplicates)}")
    return Problem(name=header["Name"], days=days, periods_per_day=periods, courses=courses,
                   rooms=rooms, curricula=curricula, unavailable=unavailable)


def _int(value: str, where: str, minimum: int = 0) -> int:
    try:
        number = int(value)
    except ValueError:
        raise CttError(f"{where}: {value!r} is not a whole number") from None
    if number < minimum:
        raise CttError(f"{where}: {number} is below {minimum}")
    return number


def _fields(source: str, number: int, fields: list[str], count: int, shape: str) -> str:
    where = f"{source}:{number}"
    if len(fields) != count:
        raise CttError(f"{where}: expected '{shape}', got {' '.join(fields)!r}")
    return where


def _course(source: str, number: int, fields: list[str]) -> Course:
    where = _fields(source, number, fields, 5, "<course> <teacher> <lectures> <min_days> <students>")
    return Course(id=fields[0], teacher=fields[1], lectures=_int(fields[2], where),
                  min_days=_int(fields[3], where), students=_int(fields[4], where))


def _room(source: str, number: int, fields: list[str]) -> Room:
    where = _fields(source, number, fields, 2, "<room> <capacity>")
    return Room(id=fields[0], capacity=_int(fields[1], where))


def _curriculum(source: str, number: int, fields: list[str], course_ids: set[str]) -> Curriculum:
    where = f"{source}:{number}"
    if len(fields) < 2:
        raise CttError(f"{where}: expected '<curriculum> <n> <course_1> … <course_n>'")
    size = _int(fields[1], where)
    members = tuple(fields[2:])
    if len(members) != size:
        raise CttError(f"{where}: curriculum {fields[0]} announces {size} courses, lists {len(members)}")
    unknown = [c for c in members if c not in course_ids]
    if unknown:
        raise CttError(f"{where}: unknown course {unknown[0]!r}")
    if len(set(members)) != len(members):
        raise CttError(f"{where}: curriculum {fields[0]} lists a course twice")
    return Curriculum(id=fields[0], courses=members)


def _unavailable(source: str, number: int, fields: list[str], course_ids: set[str],
                 days: int, periods: int) -> tuple[str, int, int]:
    where = _fields(source, number, fields, 3, "<course> <day> <period>")
    if fields[0] not in course_ids:
        raise CttError(f"{where}: unknown course {fields[0]!r}")
    day, period = _int(fields[1], where), _int(fields[2], where)
    if day >= days or period >= periods:
        raise CttError(f"{where}: day {day} or period {period} outside {days} days × {periods} periods")
    return fields[0], day, period
