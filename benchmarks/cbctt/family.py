"""A family of CB-CTT-like instances, drawn from the shapes of the 21 ITC2007 competition
instances, each feasible by construction (a witness timetable is built first, and every
constraint is drawn so that the witness keeps it).

    python -m benchmarks.cbctt.family [--count 12] [--seed 1] [--out DIR]

writes DIR/gen<seed>-<k>.ctt and the witness DIR/gen<seed>-<k>.witness.sol (default DIR:
benchmarks/cbctt/family). Solve them with `python -m benchmarks.cbctt --instances DIR/*.ctt`.
Settings of the engine are to be judged on such a family and on comp01–comp07 together,
never on one instance.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from benchmarks.cbctt.ctt import Course, Curriculum, Problem, Room
from benchmarks.cbctt.solution import Lecture, format_solution
from scheduler.files import write_atomic

FAMILY = Path(__file__).with_name("family")

# The competition's header lines (public): courses, rooms, days, periods a day, curricula,
# unavailability constraints, lectures.
COMPETITION_SHAPES = {
    "comp01": (30, 6, 5, 6, 14, 53, 160), "comp02": (82, 16, 5, 5, 70, 513, 283),
    "comp03": (72, 16, 5, 5, 68, 382, 251), "comp04": (79, 18, 5, 5, 57, 396, 286),
    "comp05": (54, 9, 6, 6, 139, 771, 152), "comp06": (108, 18, 5, 5, 70, 632, 361),
    "comp07": (131, 20, 5, 5, 77, 667, 434), "comp08": (86, 18, 5, 5, 61, 478, 324),
    "comp09": (76, 18, 5, 5, 75, 405, 279), "comp10": (115, 18, 5, 5, 67, 694, 370),
    "comp11": (30, 5, 5, 9, 13, 94, 162), "comp12": (88, 11, 6, 6, 150, 1368, 218),
    "comp13": (82, 19, 5, 5, 66, 468, 308), "comp14": (85, 17, 5, 5, 60, 486, 275),
    "comp15": (72, 16, 5, 5, 68, 382, 251), "comp16": (108, 20, 5, 5, 71, 518, 366),
    "comp17": (99, 17, 5, 5, 70, 548, 339), "comp18": (47, 9, 6, 6, 52, 594, 138),
    "comp19": (74, 16, 5, 5, 66, 475, 277), "comp20": (121, 19, 5, 5, 78, 691, 390),
    "comp21": (94, 18, 5, 5, 78, 463, 327),
}
CAPACITIES = (30, 40, 50, 60, 80, 100, 120, 150, 200, 250)
JITTER = 0.25  # each size is the template's within ±25 %


@dataclass(frozen=True)
class Shape:
    courses: int
    rooms: int
    days: int
    periods_per_day: int
    curricula: int
    constraints: int
    lectures: int

    @property
    def periods(self) -> int:
        return self.days * self.periods_per_day


def draw_shape(rng: random.Random) -> Shape:
    """A competition instance's shape, each count jittered; lectures kept within the room-periods."""
    courses, rooms, days, per_day, curricula, constraints, lectures = rng.choice(list(COMPETITION_SHAPES.values()))

    def jitter(value: int, low: int = 1) -> int:
        return max(low, round(value * rng.uniform(1 - JITTER, 1 + JITTER)))

    courses, rooms = jitter(courses, 5), jitter(rooms, 3)
    occupancy = min(0.9, lectures / (rooms * days * per_day) * rng.uniform(0.9, 1.1))
    lectures = max(courses, round(occupancy * rooms * days * per_day))
    return Shape(courses, rooms, days, per_day, jitter(curricula), jitter(constraints), lectures)


def generate(seed: int, name: str) -> tuple[Problem, list[Lecture]]:
    """One instance and its witness timetable."""
    rng = random.Random(seed)
    shape = draw_shape(rng)
    rooms = [Room(f"r{k:02d}", rng.choice(CAPACITIES)) for k in range(shape.rooms)]
    counts = _lecture_counts(rng, shape)
    free = {(p, room.id) for p in range(shape.periods) for room in rooms}
    periods: dict[str, list[int]] = {}
    witness: list[Lecture] = []
    for index, count in enumerate(counts):
        course = f"c{index:03d}"
        chosen = _spread(rng, shape, free, count)
        if not chosen:
            continue  # no room-period left: the course is left out
        periods[course] = [p for p, _ in chosen]
        for p, room in chosen:
            free.discard((p, room))
            witness.append(Lecture(course, room, p // shape.periods_per_day, p % shape.periods_per_day))
    capacity = {room.id: room.capacity for room in rooms}
    courses = []
    teachers = _teachers(rng, periods)
    for course, used in periods.items():
        smallest = min(capacity[lec.room] for lec in witness if lec.course == course)
        days = len({p // shape.periods_per_day for p in used})
        courses.append(Course(course, teachers[course], len(used), max(1, days - rng.randint(0, 1)),
                              max(5, round(smallest * rng.uniform(0.5, 1.05)))))
    return Problem(name, shape.days, shape.periods_per_day, tuple(courses), tuple(rooms),
                   _curricula(rng, shape, periods), _unavailable(rng, shape, periods)), witness


def _lecture_counts(rng: random.Random, shape: Shape) -> list[int]:
    counts = [1] * shape.courses
    most = min(9, shape.periods)
    for _ in range(shape.lectures - shape.courses):
        k = rng.randrange(shape.courses)
        if counts[k] < most:
            counts[k] += 1
    return counts


def _spread(rng: random.Random, shape: Shape, free: set, count: int) -> list[tuple[int, str]]:
    """`count` distinct periods with a free room, on as many different days as it can."""
    by_period: dict[int, list[str]] = defaultdict(list)
    for p, room in free:
        by_period[p].append(room)
    open_periods = sorted(by_period)
    rng.shuffle(open_periods)
    chosen: list[tuple[int, str]] = []
    days_used: set[int] = set()
    for new_day_only in (True, False):
        for p in open_periods:
            if len(chosen) == count:
                break
            day = p // shape.periods_per_day
            if any(p == q for q, _ in chosen) or (new_day_only and day in days_used):
                continue
            chosen.append((p, rng.choice(sorted(by_period[p]))))
            days_used.add(day)
    return chosen


def _teachers(rng: random.Random, periods: dict[str, list[int]]) -> dict[str, str]:
    """Each course a teacher whose other courses' witness periods are disjoint from its own."""
    busy: list[set[int]] = []
    teacher_of = {}
    for course in rng.sample(sorted(periods), len(periods)):
        own = set(periods[course])
        fitting = [t for t, taken in enumerate(busy) if not taken & own]
        if fitting and rng.random() < 0.35:
            t = rng.choice(fitting)
        else:
            t = len(busy)
            busy.append(set())
        busy[t] |= own
        teacher_of[course] = f"t{t:03d}"
    return teacher_of


def _curricula(rng: random.Random, shape: Shape, periods: dict[str, list[int]]) -> tuple[Curriculum, ...]:
    """Groups of courses whose witness periods are disjoint; courses are shared among groups."""
    names = sorted(periods)
    found: list[list[str]] = []
    for _ in range(shape.curricula):
        size = rng.randint(2, 9)
        taken: set[int] = set()
        members: list[str] = []
        for course in rng.sample(names, len(names)):
            if len(members) == size:
                break
            if not taken & set(periods[course]):
                members.append(course)
                taken |= set(periods[course])
        found.append(members)
    # Every course in some curriculum, as in the competition's instances.
    covered = {course for members in found for course in members}
    for course in names:
        if course in covered:
            continue
        own = set(periods[course])
        host = next((members for members in found
                     if not any(own & set(periods[other]) for other in members)), None)
        if host is not None:
            host.append(course)
        else:
            found.append([course])
    return tuple(Curriculum(f"q{k:03d}", tuple(sorted(members))) for k, members in enumerate(found))


def _unavailable(rng: random.Random, shape: Shape, periods: dict[str, list[int]]) -> frozenset:
    names = sorted(periods)
    found: set[tuple[str, int, int]] = set()
    for _ in range(shape.constraints * 4):
        if len(found) == shape.constraints:
            break
        course, p = rng.choice(names), rng.randrange(shape.periods)
        if p not in periods[course]:
            found.add((course, p // shape.periods_per_day, p % shape.periods_per_day))
    return frozenset(found)


def format_ctt(problem: Problem) -> str:
    lines = [f"Name: {problem.name}", f"Courses: {len(problem.courses)}", f"Rooms: {len(problem.rooms)}",
             f"Days: {problem.days}", f"Periods_per_day: {problem.periods_per_day}",
             f"Curricula: {len(problem.curricula)}", f"Constraints: {len(problem.unavailable)}", "",
             "COURSES:"]
    lines += [f"{c.id} {c.teacher} {c.lectures} {c.min_days} {c.students}" for c in problem.courses]
    lines += ["", "ROOMS:"] + [f"{r.id} {r.capacity}" for r in problem.rooms]
    lines += ["", "CURRICULA:"] + [f"{q.id} {len(q.courses)} {' '.join(q.courses)}" for q in problem.curricula]
    lines += ["", "UNAVAILABILITY_CONSTRAINTS:"] + [f"{c} {d} {p}" for c, d, p in sorted(problem.unavailable)]
    return "\n".join(lines + ["", "END.", ""])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cbctt.family",
                                     description=__doc__.strip().splitlines()[0])
    parser.add_argument("--count", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=FAMILY)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for k in range(args.count):
        name = f"gen{args.seed}-{k:02d}"
        problem, witness = generate(args.seed * 1000 + k, name)
        write_atomic(args.out / f"{name}.ctt", format_ctt(problem))
        write_atomic(args.out / f"{name}.witness.sol", format_solution(witness))
        print(f"{name}: {len(problem.courses)} courses, {len(problem.rooms)} rooms, "
              f"{problem.days}×{problem.periods_per_day} periods, {len(problem.curricula)} curricula, "
              f"{len(problem.unavailable)} unavailable, {len(witness)} lectures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
