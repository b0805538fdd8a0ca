"""Recover one disrupted timetable: the fewest changed lectures, proven, then the best UD2 cost
with the minimum and with up to +1…+steps more changes.

The minimum: the model of periods (periods.py), the start timetable as the hint, one solve
within the scenario's time limit (wall clock, model building included), through solve/control.
The trade-off: the model with rooms and the UD2 cost (model.py), changes ≤ minimum + k for
k = 0…steps, each step hinted with the best timetable so far (which the step allows) and
budgeted in deterministic time, so that a run repeats. Every timetable is scored by the
independent scorer, and its changes recounted from the lectures; a step keeps the earlier
timetable when its own is no better, so the cost never rises as the allowed changes grow.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from benchmarks.cbctt.scorer import score
from benchmarks.cbctt.solution import Lecture
from benchmarks.whatif_cbctt.disruption import Disrupted, closed_uses
from benchmarks.whatif_cbctt.model import build
from benchmarks.whatif_cbctt.periods import build_periods
from scheduler.solve import params
from scheduler.solve.backstop import wall_backstop
from scheduler.solve.control import Control

STATUS = {cp_model.OPTIMAL: "OPTIMAL", cp_model.FEASIBLE: "FEASIBLE", cp_model.INFEASIBLE: "INFEASIBLE",
          cp_model.UNKNOWN: "UNKNOWN", cp_model.MODEL_INVALID: "MODEL_INVALID"}


class WrongTimetable(RuntimeError):
    """A timetable of the model that the scorer or the change count contradicts (a model bug)."""


@dataclass(frozen=True)
class Settings:
    limit: float = 10.0  # wall seconds for the minimum and its proof
    step_seconds: float = 1.0  # deterministic seconds per trade-off step
    steps: int = 5
    seed: int = 0


@dataclass
class Outcome:
    status: str = ""  # the minimum's solve
    minimum: int | None = None
    bound: int | None = None
    seconds: float = 0.0  # building and proving the minimum
    costs: list[int] = field(default_factory=list)  # UD2 at minimum + 0…steps
    optimal: list[bool] = field(default_factory=list)  # each step's cost proven optimal
    total_seconds: float = 0.0

    @property
    def proven(self) -> bool:
        return self.minimum is not None and self.bound == self.minimum


def changed_lectures(start: list[Lecture] | tuple[Lecture, ...], lectures: list[Lecture]) -> int:
    """Start lectures whose (course, day, period, room) the timetable no longer holds."""
    kept = Counter(start) & Counter(lectures)
    return len(start) - sum(kept.values())


def recover(disrupted: Disrupted, settings: Settings) -> Outcome:
    outcome = Outcome()
    started = time.perf_counter()
    with Control(settings.limit) as control:
        periods = build_periods(disrupted)
        solver = params.budgeted(settings.limit, settings.seed, repeatable=False)
        status = control.solve(solver, periods.model)
        outcome.seconds = round(time.perf_counter() - started, 2)
        outcome.status = STATUS.get(status, str(status))
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            outcome.minimum = round(solver.objective_value)
            outcome.bound = math.ceil(solver.best_objective_bound - 1e-6)
            best = periods.timetable(solver)
            _verify(disrupted, best, outcome.minimum)
            if changed_lectures(disrupted.start, best) != outcome.minimum:
                raise WrongTimetable(f"{disrupted.scenario.where()}: the timetable of the minimum has "
                                     f"{changed_lectures(disrupted.start, best)} changes, not {outcome.minimum}")
            _tradeoff(disrupted, best, outcome, settings, control)
    outcome.total_seconds = round(time.perf_counter() - started, 2)
    return outcome


def _tradeoff(disrupted: Disrupted, best: list[Lecture], outcome: Outcome, settings: Settings,
              control: Control) -> None:
    built = build(disrupted, best)
    best_cost = score(disrupted.problem, best).cost
    built.hint(best, params.small(settings.step_seconds, settings.seed, repeatable=True, presolve=True))
    for extra in range(settings.steps + 1):
        allowed = outcome.minimum + extra
        built.allow(allowed)
        control.extend(wall_backstop(settings.step_seconds))
        # No presolve: the hint is a plan, followed from the root (as the engine's what-if does).
        solver = params.small(settings.step_seconds, settings.seed, repeatable=True, presolve=False)
        status = control.solve(solver, built.model)
        optimal = False
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            found = built.lectures(solver)
            _verify(disrupted, found, allowed)
            cost = score(disrupted.problem, found).cost
            if cost > round(solver.objective_value):  # the model's cost may only overstate
                raise WrongTimetable(f"the scorer's cost {cost} is above the model's "
                                     f"{solver.objective_value:g}")
            optimal = status == cp_model.OPTIMAL
            if cost < best_cost:
                best, best_cost = found, cost
            built.hint_solved(solver)
        outcome.costs.append(best_cost)
        outcome.optimal.append(optimal)


def _verify(disrupted: Disrupted, lectures: list[Lecture], allowed: int) -> None:
    scored = score(disrupted.problem, lectures)
    if scored.hard or closed_uses(disrupted, lectures):
        raise WrongTimetable(f"{disrupted.scenario.where()}: a recovered timetable breaks hard rules: "
                             f"{scored.describe()}, {closed_uses(disrupted, lectures)} in closed rooms")
    changed = changed_lectures(disrupted.start, lectures)
    if changed > allowed:
        raise WrongTimetable(f"{disrupted.scenario.where()}: {changed} changed lectures, "
                             f"more than the {allowed} allowed")
