"""The two phases of a run on a built, hinted model (see solve/run.py).

1. *First plan*: one worker without presolve follows the greedy hint to a plan, for a share
   of the time limit. *By parts* (solve/decompose.py; soft rules, more than one component):
   the components' lower bound runs beside everything (its own process) or after the sweep
   (one worker), and the first plan is swept component by component, then its teachers and
   venues are chosen again at fixed times.
2. *Improve*: for the rest of the time, when the model has an objective or phase 1 found
   nothing: with soft rules solve/improvement.py, else CP-SAT on the whole model.
"""

from __future__ import annotations

import math
import time

from ortools.sat.python import cp_model

from scheduler.solve import control, params
from scheduler.solve.budget import Budget
from scheduler.solve.decompose import PartsBound, components, rechoose_teachers_and_venues, sweep
from scheduler.solve.evaluation import evaluate, exact_penalties, integral
from scheduler.solve.improvement import improve_with_lns
from scheduler.solve.options import SolveOptions
from scheduler.solve.progress import Watcher
from scheduler.solve.result import Assignment, Result, Stats, Status
from scheduler.solve.variables import ModelContext, hint_plan, plan_values, read_assignments

FIRST_PLAN_SHARE = 0.5  # of the time limit, at most, for phase 1
PARTS_BOUND_SHARE = 0.25  # of the time limit, for the components' bound with one worker
SWEEP_SHARE = 0.75  # of the time limit, at most, for solving each component again
RECHOOSE_SHARE = 0.1  # of the time limit, at most, for teachers and venues at fixed times
# An evaluation's time, in building and greedy time (measured: M 0.9 s against 8 s, L about
# 10 s against 65 s; the evaluation holds the plan's choices by their variables' domains).
FIRST_EVALUATION_GUESS = 0.25
FOUND = (cp_model.OPTIMAL, cp_model.FEASIBLE)

Plan = dict[str, Assignment]
FirstPlan = tuple[cp_model.CpSolver, cp_model.CpSolverStatus, Plan | None]  # its solver, status, plan


def solve_built(ctx: ModelContext, options: SolveOptions, stats: Stats, parts: PartsBound | None = None,
                given: FirstPlan | None = None) -> Result:
    """Phases 1 and 2 on a built (and hinted) model; `parts`: the components' bound, when
    started before the model was built (stopped here when the run goes not by parts);
    `given`: the first plan, when found before the model was built (solve/run.py)."""
    solve_started = time.perf_counter()
    watcher = Watcher(solve_started, options)
    control.current().tick = watcher.tick
    if not _by_parts(ctx, options):
        if parts is not None:
            parts.stop()
        parts = None
    elif parts is None:
        parts = PartsBound(ctx.expansion, options)
    if parts is not None:
        parts.count_offset(ctx)
    try:
        first, status, plan = _first_plan(ctx, options, stats, watcher, parts, given)
        stats.phase1_seconds = round(time.perf_counter() - solve_started, 3)
        budget = Budget(options.time_limit, options.repeatable, solve_started)
        budget.deterministic = control.deterministic_time(first) + stats.parts_deterministic
        outcome = _second_phase(ctx, options, stats, watcher, parts, first, status, plan, budget.left())
        seconds = time.perf_counter() - solve_started
        return _result(ctx, stats, watcher, parts, first, outcome, seconds)
    finally:
        if parts is not None:
            parts.stop()


def _by_parts(ctx: ModelContext, options: SolveOptions) -> bool:
    """Whether phase 1 goes by parts (solve/decompose.py)."""
    return ctx.model.has_objective() and options.decompose and len(components(ctx.expansion)) > 1


def _first_plan(ctx: ModelContext, options: SolveOptions, stats: Stats, watcher: Watcher,
                parts: PartsBound | None, given: FirstPlan | None = None) -> FirstPlan:
    """Phase 1: the first plan's solver, its status, and the plan (swept by parts)."""
    share = FIRST_PLAN_SHARE if ctx.model.has_objective() else 1.0
    plan: Plan | None = None
    run = control.current()
    if given is None:
        run.phase("first_plan")
        first = params.first_plan(options, options.time_limit * share)
        status = run.solve(first, ctx.model, watcher)
    else:
        first, status, plan = given
        if plan is not None:
            watcher.first_solution = 0.0  # there before this model was
    stats.phase1_status = first.status_name(status)
    if status in FOUND:
        if plan is None:
            plan = {a.session_id: a for a in read_assignments(ctx, first)}
        # Its final evaluation copies the model and solves it: about half the time building
        # and the greedy plan took. Kept before the deadline from now on, until measured.
        run.keep(FIRST_EVALUATION_GUESS * (stats.build_seconds or 0.0))
    if plan is not None and parts is not None and not run.stopping():
        plan = _sweep(ctx, options, stats, watcher, parts, plan)
    if plan is not None and parts is not None and not parts.in_background:
        # With one worker, after the sweep: the plan does not depend on the bound, so a plan
        # cut short by the wall clock is the better for the time spent on it first.
        run.phase("parts_bound")
        parts.run_here(options.time_limit * PARTS_BOUND_SHARE)
        stats.parts_deterministic = stats.parts_deterministic + parts.spent_here
    return first, status, plan


def _sweep(ctx: ModelContext, options: SolveOptions, stats: Stats, watcher: Watcher, parts: PartsBound,
           plan: Plan) -> Plan:
    """Each component solved again next to the others, then the county's teachers and venues
    chosen again at those times (full-time balance)."""
    run = control.current()
    evaluated = {"at": time.perf_counter(), "cost": 0.0}

    def step(current: Plan) -> None:
        """Progress during a long sweep: the bound, and now and then the plan's exact penalty
        (at most a tenth of the time goes to evaluating it)."""
        value = parts.value()
        if value is not None:
            watcher.bound_improved(value)
        now = time.perf_counter()
        if options.progress and now - evaluated["at"] >= max(options.progress_every, 10 * evaluated["cost"]):
            evaluation = evaluate(ctx, current, protected=False)
            if evaluation is not None and (watcher.objective is None or evaluation[0] < watcher.objective):
                watcher.improved(evaluation[0])
            evaluated["at"], evaluated["cost"] = time.perf_counter(), time.perf_counter() - now

    run.phase("sweep")
    budget = Budget(options.time_limit * SWEEP_SHARE, options.repeatable)
    plan = dict(plan)
    # Two components at once with two workers (a run that must repeat goes one at a time).
    lanes = 2 if options.workers >= 2 and not options.repeatable else 1
    stats.parts_swept = sweep(ctx.expansion, plan, budget, options.seed, options.skip_rules, step, lanes)
    if not run.stopping():
        run.phase("rechoose")
        plan = rechoose_teachers_and_venues(ctx, options, plan, options.time_limit * RECHOOSE_SHARE,
                                            stats) or plan
    stats.parts_deterministic = stats.parts_deterministic + budget.deterministic
    return plan


def _second_phase(ctx: ModelContext, options: SolveOptions, stats: Stats, watcher: Watcher,
                  parts: PartsBound | None, first: cp_model.CpSolver, status: cp_model.CpSolverStatus,
                  plan: Plan | None, remaining: float
                  ) -> tuple[list, cp_model.CpSolver | None, cp_model.CpSolverStatus, Plan | None]:
    """Phase 2 when there is time and something to improve: (the phases' solvers, the solver
    holding the plan or None when it is read from the plan, the final status, the plan)."""
    has_objective = ctx.model.has_objective()
    run = control.current()
    proven = status == cp_model.INFEASIBLE or (status == cp_model.OPTIMAL and not has_objective)
    if proven or remaining <= 0.1 or run.stopping():
        return [first], first, status, plan
    if plan is not None:
        ctx.model.clear_hints()
        hint_plan(ctx, plan)
    solver: cp_model.CpSolver | None = first
    final_status = status
    if has_objective and plan is not None and options.lns:
        run.phase("lns")
        plan, objective, second, second_status = improve_with_lns(ctx, options, watcher, plan, remaining,
                                                                  stats, parts)
        solver, final_status = None, cp_model.FEASIBLE  # the plan is read from `plan`
        if second_status == cp_model.OPTIMAL and round(second.objective_value) <= objective:
            final_status = cp_model.OPTIMAL
            plan = {a.session_id: a for a in read_assignments(ctx, second)}
    else:
        run.phase("whole")
        second = params.whole(options, remaining, options.workers)
        second_status = run.solve(second, ctx.model, watcher)
        so_far = None if plan is None else exact_penalties(ctx, plan_values(ctx, plan))[0] if has_objective else 0
        if _better(second, second_status, so_far):
            solver, final_status = second, second_status
            if second_status in FOUND:
                plan = {a.session_id: a for a in read_assignments(ctx, second)}
    stats.phase2_status = second.status_name(second_status)
    return [first, second], solver, final_status, plan


def _result(ctx: ModelContext, stats: Stats, watcher: Watcher, parts: PartsBound | None,
            first: cp_model.CpSolver, outcome: tuple, seconds: float) -> Result:
    """The run's answer: the plan in expansion order, evaluated exactly, and its bound."""
    phases, solver, final_status, plan = outcome
    has_objective = ctx.model.has_objective()
    run = control.current()
    # Each phase that ran gives a valid lower bound.
    bound = max((_bound_of(phase) for phase in phases), default=-math.inf)
    parts_value = parts.value() if parts is not None else None
    if parts is not None and parts_value is not None:
        bound = max(bound, parts_value)
        stats.parts_bound = integral(parts_value)
        stats.parts_bounded = parts.complete()
    found = plan is not None and final_status in FOUND
    assignments = [plan[sv_id] for sv_id in _order(ctx, plan)] if found else []
    objective = None
    soft_violations: dict[str, int] = {}
    if assignments and has_objective:
        run.phase("final")
        evaluated = evaluate(ctx, plan)  # neither Ctrl-C nor the deadline cuts it
        if evaluated is None:  # not even in its own time: the checker's scorer counts instead
            stats.evaluated = False
        else:
            objective, soft_violations = evaluated
    stats.solutions = watcher.solutions
    stats.interrupted = run.interrupted
    stats.wall_cut = run.cut
    name = first.status_name(final_status)
    if has_objective and objective is not None and bound is not None and math.isfinite(bound) \
            and objective <= round(bound):
        name = "OPTIMAL"  # the plan meets a proven lower bound
    elif name == "OPTIMAL" and has_objective and solver is first:
        name = "FEASIBLE"  # phase 1 stops at its first plan: not proven optimal
    return Result(
        status=Status(name),
        objective=(objective if has_objective else 0) if assignments else None,
        bound=(integral(bound) if has_objective else 0) if assignments else None,
        seconds=seconds, first_solution_seconds=watcher.first_solution, assignments=assignments,
        stats=stats, soft_violations=soft_violations,
    )


def _better(new: cp_model.CpSolver, new_status: cp_model.CpSolverStatus, objective: float | None) -> bool:
    """Whether the second phase's answer replaces the plan so far (None: no plan yet; its
    objective otherwise, 0 without soft rules)."""
    if objective is None:
        return new_status in (*FOUND, cp_model.INFEASIBLE)
    # Objectives are integers (integer weights × integer terms); the floats carry noise.
    return new_status in FOUND and round(new.objective_value) <= objective


def _bound_of(solver: cp_model.CpSolver) -> float:
    """The solver's proven bound, or -inf when it did not run (stopped before it began)."""
    try:
        return solver.best_objective_bound
    except RuntimeError:
        return -math.inf


def _order(ctx: ModelContext, plan: Plan) -> list[str]:
    """The plan's session ids in the expansion's order (of the whole, uncounted expansion)."""
    return [s.id for s in ctx.expansion.sessions] if not ctx.expansion.members else list(plan)
