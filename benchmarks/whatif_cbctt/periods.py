"""The fewest changed lectures, on a model of periods alone.

No hard rule of CB-CTT involves a room beyond "one lecture per room and period", and any
lecture may sit in any open room. So a timetable of periods with at most as many lectures in a
period as it has open rooms gets its rooms by filling them in, and a start lecture whose
course keeps its period keeps its room too when that room is open (no other course held it).
Hence the changed lectures of the best timetable are the start lectures whose course leaves
their period, plus those whose room is closed: a model of one boolean per course, day and
period, a few thousand instead of tens of thousands with rooms, which CP-SAT proves in
moments. `timetable` then fills in the rooms.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from benchmarks.cbctt.solution import Lecture
from benchmarks.whatif_cbctt.disruption import Disrupted

Slot = tuple[str, int, int]  # course, day, period


@dataclass
class PeriodModel:
    disrupted: Disrupted
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    y: dict[Slot, cp_model.IntVar] = field(default_factory=dict)
    changes: cp_model.LinearExprT = 0

    def timetable(self, solver: cp_model.CpSolver) -> list[Lecture]:
        """The solved periods with rooms: start rooms kept where open, the rest filled in."""
        return fill_rooms(self.disrupted, [slot for slot, var in self.y.items() if solver.boolean_value(var)])


def build_periods(disrupted: Disrupted) -> PeriodModel:
    problem = disrupted.problem
    built = PeriodModel(disrupted)
    model, y = built.model, built.y
    for course in problem.courses:
        for day in range(problem.days):
            for period in range(problem.periods_per_day):
                if (course.id, day, period) not in problem.unavailable:
                    y[course.id, day, period] = model.new_bool_var(f"y[{course.id},{day},{period}]")
    by_course, by_period, by_teacher, by_curriculum = (defaultdict(list) for _ in range(4))
    teacher_of = {c.id: c.teacher for c in problem.courses}
    for (course, day, period), var in y.items():
        by_course[course].append(var)
        by_period[day, period].append(var)
        by_teacher[teacher_of[course], day, period].append(var)
        for curriculum in problem.curricula_of[course]:
            by_curriculum[curriculum, day, period].append(var)
    for course in problem.courses:
        model.add(sum(by_course[course.id]) == course.lectures)
    for (day, period), held in by_period.items():
        model.add(sum(held) <= len(open_rooms(disrupted, day)))
    for group in (by_teacher, by_curriculum):
        for held in group.values():
            if len(held) > 1:
                model.add_at_most_one(held)
    kept = [y[x.course, x.day, x.period] for x in disrupted.start
            if (x.room, x.day) not in disrupted.closed and (x.course, x.day, x.period) in y]
    built.changes = len(disrupted.start) - sum(kept)
    model.minimize(built.changes)
    for slot, var in y.items():
        model.add_hint(var, slot in start_slots(disrupted))
    return built


def open_rooms(disrupted: Disrupted, day: int) -> list[str]:
    return [r.id for r in disrupted.problem.rooms if (r.id, day) not in disrupted.closed]


def start_slots(disrupted: Disrupted) -> set[Slot]:
    return {(x.course, x.day, x.period) for x in disrupted.start}


def seating_order(capacity: int, students: int, room: str) -> tuple:
    """Rooms that seat the course first, smallest first; then the others, largest first."""
    return (capacity < students, capacity if capacity >= students else -capacity, room)


def fill_rooms(disrupted: Disrupted, slots: list[Slot]) -> list[Lecture]:
    """Rooms for lectures at the given periods: a course's start room where it keeps its
    period and the room is open; else the free open room it used most in the start, then the
    smallest free room that seats it, then the largest free room (in that order, so the fill
    is deterministic)."""
    problem = disrupted.problem
    start_room = {(x.course, x.day, x.period): x.room for x in disrupted.start}
    habit = Counter((x.course, x.room) for x in disrupted.start)
    capacity = {r.id: r.capacity for r in problem.rooms}
    students = {c.id: c.students for c in problem.courses}
    by_period: dict[tuple[int, int], list[str]] = defaultdict(list)
    for course, day, period in sorted(slots):
        by_period[day, period].append(course)
    lectures = []
    for (day, period), courses in sorted(by_period.items()):
        free = set(open_rooms(disrupted, day))
        placed = {}
        for course in courses:
            room = start_room.get((course, day, period))
            if room in free:
                placed[course] = room
                free.discard(room)
        for course in courses:
            if course in placed:
                continue
            room = min(free, key=lambda r: (-habit[course, r], *seating_order(capacity[r], students[course], r)))
            placed[course] = room
            free.discard(room)
        lectures += [Lecture(course, placed[course], day, period) for course in courses]
    return lectures
