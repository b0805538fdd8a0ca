"""A scenario applied: its instance and start timetable read, and the disrupted problem.

Four of the five disruptions are CB-CTT data: a lecture barred from its period and a teacher
out for a day are unavailability of the course(s), a period removed is unavailability of every
course, a new curriculum is one more curriculum (so its clashes are hard and its compactness
counts in the UD2 cost, as for any curriculum). A room closed for a day is not expressible in
CB-CTT: it is kept aside as closed (room, day) pairs, which the model bars and `closed_uses`
counts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from benchmarks.cbctt.ctt import CttError, Curriculum, Problem, read_ctt
from benchmarks.cbctt.runner import UnknownInstance, resolve
from benchmarks.cbctt.scorer import score
from benchmarks.cbctt.solution import Lecture, SolutionError, read_solution
from benchmarks.whatif_cbctt.scenarios import DISRUPTIONS, FIRST_PARAMETER, Scenario, ScenarioError

NEW_CURRICULUM = "whatif-new"


@dataclass(frozen=True)
class Disrupted:
    scenario: Scenario
    original: Problem
    problem: Problem  # with the disruption's unavailability or curriculum
    closed: frozenset[tuple[str, int]]  # (room, day) closed
    start: tuple[Lecture, ...]  # the start timetable, hard-feasible for `original`
    start_cost: int  # its UD2 cost on `original`


def load(scenario: Scenario) -> Disrupted:
    """Read the scenario's instance and timetable and apply the disruption; ScenarioError,
    located, when a file is missing or wrong or a parameter does not fit the instance."""
    original = _problem(scenario)
    start = _start(scenario, original)
    check_parameters(scenario, original, start)
    problem, closed = apply(scenario, original)
    return Disrupted(scenario, original, problem, closed, tuple(start), score(original, start).cost)


def apply(scenario: Scenario, problem: Problem) -> tuple[Problem, frozenset[tuple[str, int]]]:
    """The disrupted problem and the closed (room, day) pairs (parameters already checked)."""
    periods = range(problem.periods_per_day)
    kind, values = scenario.kind, scenario.parameters
    barred: set[tuple[str, int, int]] = set()
    if kind == "lecture":
        barred.add((str(values[0]), int(values[1]), int(values[2])))
    elif kind == "period":
        barred.update((c.id, int(values[0]), int(values[1])) for c in problem.courses)
    elif kind == "teacher":
        barred.update((c.id, int(values[1]), p) for c in problem.courses if c.teacher == values[0]
                      for p in periods)
    elif kind == "room":
        return problem, frozenset({(str(values[0]), int(values[1]))})
    elif kind == "curriculum":
        added = Curriculum(_fresh_curriculum(problem), tuple(str(v) for v in values))
        return replace(problem, curricula=(*problem.curricula, added)), frozenset()
    return replace(problem, unavailable=problem.unavailable | barred), frozenset()


def closed_uses(disrupted: Disrupted, lectures: list[Lecture]) -> int:
    """Lectures held in a closed room on its closed day (a hard violation the scorer cannot see)."""
    return sum((x.room, x.day) in disrupted.closed for x in lectures)


def check_parameters(scenario: Scenario, problem: Problem, start: list[Lecture]) -> None:
    names = {"course": {c.id for c in problem.courses}, "room": {r.id for r in problem.rooms},
             "teacher": {c.teacher for c in problem.courses}}
    limits = {"day": problem.days, "period": problem.periods_per_day}
    for index, (name, value) in enumerate(zip(DISRUPTIONS[scenario.kind], scenario.parameters,
                                              strict=True)):
        where = scenario.where(FIRST_PARAMETER + index)
        if name in limits and int(value) >= limits[name]:
            raise ScenarioError(f"{where}: {value} is outside 0…{limits[name] - 1} of {problem.name}")
        if name in names and value not in names[name]:
            raise ScenarioError(f"{where}: {problem.name} has no {name} {value!r}")
    values = scenario.parameters
    if scenario.kind == "curriculum" and len(set(values)) != len(values):
        raise ScenarioError(f"{scenario.where()}: the new curriculum lists a course twice")
    if scenario.kind == "lecture" and not any((x.course, x.day, x.period) == values for x in start):
        raise ScenarioError(f"{scenario.where(FIRST_PARAMETER)}: the start timetable has no lecture of "
                            f"{values[0]} on day {values[1]}, period {values[2]}")


def _problem(scenario: Scenario) -> Problem:
    spec = scenario.instance
    try:
        path = resolve(str(scenario.base / spec)) if (scenario.base / spec).is_file() else resolve(spec)
        return read_ctt(path)
    except (UnknownInstance, CttError, OSError, UnicodeDecodeError) as error:
        raise ScenarioError(f"{scenario.where(1)}: {error}") from None


def _start(scenario: Scenario, problem: Problem) -> list[Lecture]:
    path = Path(scenario.base / scenario.solution)
    try:
        lectures = read_solution(path)
    except (SolutionError, OSError, UnicodeDecodeError) as error:
        raise ScenarioError(f"{scenario.where(2)}: {error}") from None
    scored = score(problem, lectures)
    if scored.hard:
        raise ScenarioError(f"{scenario.where(2)}: the start timetable breaks hard rules of "
                            f"{problem.name}: {scored.describe()}")
    return lectures


def _fresh_curriculum(problem: Problem) -> str:
    used = {q.id for q in problem.curricula}
    name, n = NEW_CURRICULUM, 1
    while name in used:
        n += 1
        name = f"{NEW_CURRICULUM}-{n}"
    return name
