"""Two ways of searching one model, the time given in slices to the one that gains more.

CP-SAT with one worker interleaves its subsolvers. With the full-problem subsolvers that
solve an LP, each of them takes whole turns: on a small model (comp05's times model) these
guide the search and prove bounds; on a larger one (a generated CB-CTT instance of 93
courses) one LP turn took 8-10 s and no neighbourhood had a turn in 20 s. Without them (the
lean set) the neighbourhoods run, and find better plans there, but prove nothing. Which one
gains more is a property of the instance, measured here instead of chosen in advance: the
time is cut in slices; each arm has one slice, then each slice goes to the arm that gained the
most per second in its last one (the other when neither gained). Every slice starts from the
best plan so far; a slice that proves it optimal ends the search.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.solve import control, params
from scheduler.solve.budget import Budget
from scheduler.solve.options import SolveOptions

SLICES = 8  # of the time given
LEAST_SLICE = 5.0  # seconds: presolve alone takes up to a second and a half
FOUND = (cp_model.OPTIMAL, cp_model.FEASIBLE)


@dataclass
class Arm:
    name: str
    lean: bool
    rate: float | None = None  # objective gained per second (of the clock's kind) in its last slice
    slices: int = 0


@dataclass
class Searched:
    best: cp_model.CpSolver | None  # the solver holding the best plan found, None if none
    status: cp_model.CpSolverStatus
    bound: float
    seconds: float  # of the clock's kind
    arms: list[Arm]


def search_in_slices(model: cp_model.CpModel, options: SolveOptions, clock: Budget, seconds: float,
                     start: cp_model.CpSolver, objective: float, hint: Callable[[cp_model.CpSolver], None],
                     callback=None, on_bound: Callable[[float], None] | None = None) -> Searched:
    """The best plan of `model` found in `seconds` of the run's `clock` (deterministic seconds
    in a repeatable run, so that it repeats) from `start`'s plan (of objective `objective`);
    `hint(solver)` hints the model with a solver's plan."""
    runner = control.current()
    arms = [Arm("lp", lean=False), Arm("lean", lean=True)]
    length = max(LEAST_SLICE, seconds / SLICES)
    found = Searched(None, cp_model.UNKNOWN, float("-inf"), 0.0, arms)
    source, last = start, None
    while seconds - found.seconds > 0.5 and not runner.interrupted:
        arm = choose(arms, last)
        solver = params.whole(options, min(length, seconds - found.seconds), options.workers, presolve=True,
                              lean=arm.lean)
        if on_bound is not None:
            solver.best_bound_callback = on_bound
        hint(source)
        status = runner.solve(solver, model, callback)
        clock.spend(solver)
        took = control.deterministic_time(solver) if options.repeatable else control.wall_time(solver)
        found.seconds += took
        arm.slices += 1
        last = arm
        if status not in FOUND:
            if status == cp_model.INFEASIBLE:
                found.status = status
            arm.rate = 0.0
            if runner.stopping():
                break
            continue
        found.bound = max(found.bound, solver.best_objective_bound)
        gained = max(0.0, objective - solver.objective_value)
        arm.rate = gained / max(took, 0.01)
        if found.best is None or solver.objective_value <= objective:
            found.best, found.status, objective, source = solver, status, solver.objective_value, solver
        if status == cp_model.OPTIMAL or objective <= found.bound:
            found.status = cp_model.OPTIMAL
            break
    return found


def choose(arms: list[Arm], last: Arm | None) -> Arm:
    untried = [arm for arm in arms if arm.rate is None]
    if untried:
        return untried[0]
    best = max(arms, key=lambda arm: arm.rate or 0.0)
    if not best.rate:  # neither gained: the one that did not run last
        return next(arm for arm in arms if arm is not last)
    return best
