"""The CP-SAT model of a disrupted CB-CTT timetable with rooms, for the trade-off: where each
lecture goes, the number of changed lectures (at most `limit`) and the UD2 cost.

One boolean per course, day, period and room a lecture of the course may take (not where the
course is unavailable, not in a closed room). The lectures of a course are alike, so a
timetable keeps as many of them as there are start (day, period, room) places it still uses:
changed lectures = start lectures − start places kept, the measure of Lindahl, Stidsen and
Sørensen (a lecture changes when its period or room changes). The minimum itself comes from
the smaller model of periods.py.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from benchmarks.cbctt.scorer import CAPACITY_COST, COMPACTNESS_COST, MIN_DAYS_COST, STABILITY_COST
from benchmarks.cbctt.solution import Lecture
from benchmarks.whatif_cbctt.disruption import Disrupted
from benchmarks.whatif_cbctt.periods import seating_order

Place = tuple[str, int, int, str]  # course, day, period, room
SPARE_ROOMS = 3


@dataclass
class RecoveryModel:
    disrupted: Disrupted
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    x: dict[Place, cp_model.IntVar] = field(default_factory=dict)
    changes: cp_model.LinearExprT = 0
    cost: cp_model.LinearExprT | None = None
    limit: cp_model.IntVar | None = None  # changes ≤ limit, see `allow`

    def lectures(self, solver: cp_model.CpSolver) -> list[Lecture]:
        return [Lecture(course, room, day, period) for (course, day, period, room), var in self.x.items()
                if solver.boolean_value(var)]

    def hint(self, lectures: list[Lecture], solver: cp_model.CpSolver) -> None:
        """Hint the timetable with every variable's value: the places, and the cost's variables
        as `solver` finds them on a copy of the model with the places fixed (quick: presolve
        settles them), since CP-SAT without presolve may not complete a hint of places alone."""
        taken = {(x.course, x.day, x.period, x.room) for x in lectures}
        fixed = self.model.clone()
        for place, var in self.x.items():
            fixed.add(fixed.get_int_var_from_proto_index(var.index) == (place in taken))
        self.model.clear_hints()
        if solver.solve(fixed) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            for index in range(len(self.model.proto.variables)):
                if self.limit is None or index != self.limit.index:  # free in `fixed`, maybe above the step's
                    self.model.add_hint(self.model.get_int_var_from_proto_index(index),
                                        solver.value(fixed.get_int_var_from_proto_index(index)))
        else:
            for place, var in self.x.items():
                self.model.add_hint(var, place in taken)

    def hint_solved(self, solver: cp_model.CpSolver) -> None:
        """Hint every variable with the solver's plan: a complete hint, which CP-SAT without
        presolve takes at once, where a hint of the places alone it may not complete in time."""
        self.model.clear_hints()
        for index in range(len(self.model.proto.variables)):
            var = self.model.get_int_var_from_proto_index(index)
            self.model.add_hint(var, solver.value(var))

    def allow(self, changes: int) -> None:
        """At most `changes` changed lectures from now on."""
        assert self.limit is not None
        domain = self.model.proto.variables[self.limit.index].domain
        domain[0], domain[1] = 0, changes


def build(disrupted: Disrupted, known: list[Lecture]) -> RecoveryModel:
    """The hard rules of the disrupted problem, the changes and the UD2 cost as the objective,
    with the rooms of `candidate_rooms` (so that `known`, a timetable, is one of its plans)."""
    problem = disrupted.problem
    built = RecoveryModel(disrupted)
    model, x = built.model, built.x
    candidates = candidate_rooms(disrupted, known)
    for course in problem.courses:
        for day in range(problem.days):
            for period in range(problem.periods_per_day):
                if (course.id, day, period) in problem.unavailable:
                    continue
                for room in candidates[course.id]:
                    if (room, day) not in disrupted.closed:
                        x[course.id, day, period, room] = model.new_bool_var(f"x[{course.id},{day},{period},{room}]")
    by_course, by_room, by_teacher, by_curriculum = (defaultdict(list) for _ in range(4))
    teacher_of = {c.id: c.teacher for c in problem.courses}
    for (course, day, period, room), var in x.items():
        by_course[course].append(var)
        by_room[room, day, period].append(var)
        by_teacher[teacher_of[course], day, period].append(var)
        for curriculum in problem.curricula_of[course]:
            by_curriculum[curriculum, day, period].append(var)
    for course in problem.courses:
        model.add(sum(by_course[course.id]) == course.lectures)
    for group in (by_room, by_teacher, by_curriculum):
        for held in group.values():
            if len(held) > 1:
                model.add_at_most_one(held)
    kept = [x[place] for place in _start_places(disrupted) if place in x]
    built.changes = len(disrupted.start) - sum(kept)
    _add_cost(built, candidates)
    model.minimize(built.cost)
    return built


def _add_cost(built: RecoveryModel, candidates: dict[str, list[str]]) -> None:
    problem, model, x = built.disrupted.problem, built.model, built.x
    students = {c.id: c.students for c in problem.courses}
    capacity = {r.id: r.capacity for r in problem.rooms}
    terms: list = [CAPACITY_COST * max(0, students[c] - capacity[r]) * var
                   for (c, _, _, r), var in x.items() if students[c] > capacity[r]]
    days, rooms, slots = (defaultdict(list) for _ in range(3))
    for (course, day, period, room), var in x.items():
        days[course, day].append(var)
        rooms[course, room].append(var)
        for curriculum in problem.curricula_of[course]:
            slots[curriculum, day, period].append(var)
    for course in problem.courses:
        if course.lectures == 0:
            continue
        used_days = []
        for day in range(problem.days):
            used = model.new_bool_var(f"day[{course.id},{day}]")
            model.add(used <= sum(days[course.id, day]))
            used_days.append(used)
        short = model.new_int_var(0, course.min_days, f"short[{course.id}]")
        model.add(short >= course.min_days - sum(used_days))
        terms.append(MIN_DAYS_COST * short)
        used_rooms = []
        for room in candidates[course.id]:
            used = model.new_bool_var(f"room[{course.id},{room}]")
            for var in rooms[course.id, room]:
                model.add_implication(var, used)
            used_rooms.append(used)
        terms.append(STABILITY_COST * (sum(used_rooms) - 1))
    terms += _isolated(built, slots)
    built.cost = sum(terms)
    built.limit = model.new_int_var(0, len(built.disrupted.start), "changes-limit")
    model.add(built.changes <= built.limit)


def _isolated(built: RecoveryModel, slots: dict) -> list:
    """2 per curriculum lecture with none of the curriculum just before or after that day."""
    problem, model = built.disrupted.problem, built.model
    terms = []
    for curriculum in problem.curricula:
        for day in range(problem.days):
            held = [sum(slots[curriculum.id, day, p]) for p in range(problem.periods_per_day)]
            for period, here in enumerate(held):
                if not slots[curriculum.id, day, period]:
                    continue
                isolated = model.new_bool_var(f"isolated[{curriculum.id},{day},{period}]")
                before = held[period - 1] if period > 0 else 0
                after = held[period + 1] if period + 1 < len(held) else 0
                model.add(isolated >= here - before - after)
                terms.append(COMPACTNESS_COST * isolated)
    return terms


def candidate_rooms(disrupted: Disrupted, known: list[Lecture],
                    spare: int = SPARE_ROOMS) -> dict[str, list[str]]:
    """Course -> the rooms its lectures may take: those it holds in the start timetable and in
    `known`, and the `spare` smallest rooms that seat it (the largest ones when fewer do).
    Fewer rooms make a model CP-SAT searches in a second instead of one it barely loads; the
    trade-off's costs are then the best within these rooms, not over all rooms."""
    problem = disrupted.problem
    held: dict[str, set[str]] = defaultdict(set)
    for x in (*disrupted.start, *known):
        held[x.course].add(x.room)
    found = {}
    for course in problem.courses:
        seating = sorted(problem.rooms, key=lambda r: seating_order(r.capacity, course.students, r.id))
        found[course.id] = sorted(held[course.id] | {r.id for r in seating[:spare]})
    return found


def _start_places(disrupted: Disrupted) -> list[Place]:
    return [(x.course, x.day, x.period, x.room) for x in disrupted.start]
