"""A fixed plan's exact penalties: its slots, teachers and venues held, every auxiliary
variable (which soft rules only bound from below) minimised down to its true value."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from scheduler.solve import control, params
from scheduler.solve.result import Assignment
from scheduler.solve.variables import ModelContext, held_copy, plan_values

EVALUATION_RESERVE = 1.5  # the final evaluation and the checker, in evaluations' time


def integral(value: float) -> int | None:
    """An objective or bound as the integer it is (None when CP-SAT has none to give)."""
    return int(round(value)) if math.isfinite(value) else None


def least_penalties(ctx: ModelContext, value: Callable, protected: bool = True) -> cp_model.CpSolver | None:
    """A solver holding the plan's slots, teachers and venues (`value(var)`) with every
    auxiliary variable at its least value (the soft terms at the plan's true penalties); None
    when stopped first (by Ctrl-C or the deadline, unless `protected`) or out of its own time."""
    solver = params.evaluation()
    status = control.current().solve(solver, held_copy(ctx, value), protected=protected)
    return solver if status == cp_model.OPTIMAL else None


def exact_penalties(ctx: ModelContext, value: Callable) -> tuple[float, dict[str, int]]:
    """The objective and each soft rule's violations of the plan `value(var)`, which keeps the
    hard rules."""
    solver = least_penalties(ctx, value)
    if solver is None:  # cannot happen for a plan that keeps the hard rules
        raise RuntimeError("plan penalties not evaluated")
    return penalties(ctx, solver)


def evaluate(ctx: ModelContext, plan: dict[str, Assignment],
             protected: bool = True) -> tuple[float, dict[str, int]] | None:
    """The plan's exact penalties; None when the evaluation was stopped first
    (`protected=False`) or ran out of its own time. The run keeps what it cost, and a half
    more for the checker, before the deadline for the final one."""
    started = time.perf_counter()
    solver = least_penalties(ctx, plan_values(ctx, plan), protected)
    control.current().keep(EVALUATION_RESERVE * (time.perf_counter() - started))
    return None if solver is None else penalties(ctx, solver)


def penalties(ctx: ModelContext, solver: cp_model.CpSolver) -> tuple[float, dict[str, int]]:
    """The objective and each soft rule's violations in `solver`'s answer to a copy of ctx's
    model (the copy has the original's variables at the same indices)."""
    violations = {rule_id: int(round(sum(solver.value(term) for term in terms)))
                  for rule_id, terms in ctx.soft.items()}
    return round(solver.objective_value), violations
