"""Phase 2 with soft rules: the engine's neighbourhood search (solve/lns.py) next to CP-SAT on
the whole model, which proves the bound and finds plans of its own.

With two workers or more, CP-SAT gets all workers but one and runs alongside, and the search
takes over every better plan CP-SAT finds. With one, CP-SAT runs first for a share of the time
(small models end there, proven optimal) and the search after it, from the better plan: one
after the other keeps runs repeatable. Both stop when the plan meets the components' bound.
A large county (solve/params.py) runs the search alone.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from scheduler.solve import control, params
from scheduler.solve.budget import Budget
from scheduler.solve.decompose import PartsBound
from scheduler.solve.evaluation import evaluate
from scheduler.solve.lns import LnsStats, improve
from scheduler.solve.options import SolveOptions
from scheduler.solve.progress import Adopter, Watcher
from scheduler.solve.result import Assignment, Stats
from scheduler.solve.variables import ModelContext, read_assignments

LNS_SHARE_ONE_WORKER = 0.75  # of phase 2 with one worker, after CP-SAT on the whole model

Plan = dict[str, Assignment]


def improve_with_lns(ctx: ModelContext, options: SolveOptions, watcher: Watcher, plan: Plan,
                     remaining: float, stats: Stats, parts: PartsBound | None = None):
    """Phase 2 for `remaining` seconds from `plan`. Returns the search's plan, an upper bound
    of its objective, CP-SAT's solver and status."""
    started = time.perf_counter()
    lns_stats = LnsStats()
    evaluated = evaluate(ctx, plan, protected=False)  # exact, so that gains count from the truth
    if evaluated is None:  # stopped: the final evaluation counts
        note_lns(stats, lns_stats)
        return plan, math.inf, cp_model.CpSolver(), cp_model.UNKNOWN
    objective = evaluated[0]
    watcher.improved(objective)

    def proven(value: float) -> bool:
        """Whether a plan of objective `value` meets the components' bound."""
        bound = None if parts is None else parts.value()
        if bound is not None:
            watcher.bound_improved(bound)
        return bound is not None and value <= round(bound)  # a partial sum is a bound too

    if proven(objective):
        note_lns(stats, lns_stats)
        return plan, objective, cp_model.CpSolver(), cp_model.UNKNOWN
    if params.large(ctx.expansion):
        search = _alone
    else:
        search = _alongside if options.workers >= 2 else _after
    plan, objective, full, full_status = search(ctx, options, watcher, plan, objective, remaining, started,
                                                lns_stats, proven)
    note_lns(stats, lns_stats)
    return plan, objective, full, full_status


def _alongside(ctx: ModelContext, options: SolveOptions, watcher: Watcher, plan: Plan, objective: float,
               remaining: float, started: float, lns_stats: LnsStats, proven: Callable[[float], bool]):
    """CP-SAT in a thread with all workers but one, the search here, taking CP-SAT's plans."""
    run = control.current()
    full = params.whole(options, remaining, options.workers - 1)
    adopter = Adopter(ctx, watcher)
    full.best_bound_callback = watcher.bound_improved
    outcome: list[cp_model.CpSolverStatus] = []
    thread = threading.Thread(target=lambda: outcome.append(run.solve(full, ctx.model, adopter)), daemon=True)
    thread.start()
    budget = Budget(remaining, False, started)
    best = objective

    def noted(value: float) -> None:
        nonlocal best
        best = min(best, value)
        watcher.improved(value)

    try:
        plan, objective = improve(ctx.expansion, plan, objective, budget, options.seed, noted, lns_stats,
                                  adopter.take_if_better,
                                  should_stop=lambda: run.stopping() or bool(outcome) or proven(best))
    finally:
        while thread.is_alive():  # a stop asked before the solve began is lost: ask again
            full.stop_search()
            thread.join(0.1)
    full_status = outcome[0] if outcome else cp_model.UNKNOWN
    taken = adopter.take_if_better(objective)
    if taken is not None:
        plan, objective = dict(taken[0]), taken[1]
        lns_stats.adopted += 1
    return plan, objective, full, full_status


def _alone(ctx: ModelContext, options: SolveOptions, watcher: Watcher, plan: Plan, objective: float,
           remaining: float, started: float, lns_stats: LnsStats, proven: Callable[[float], bool]):
    """The search alone, for a large county (solve/params.py, LARGE_COUNTY): CP-SAT's copy of
    the whole model would take twice its memory again, and its bound there stays far below
    the components' (L: 305 against 1,616 after 600 s)."""
    run = control.current()
    best = objective

    def noted(value: float) -> None:
        nonlocal best
        best = min(best, value)
        watcher.improved(value)

    budget = Budget(remaining, options.repeatable, started)
    plan, objective = improve(ctx.expansion, plan, objective, budget, options.seed, noted, lns_stats,
                              should_stop=lambda: run.stopping() or proven(best))
    return plan, objective, cp_model.CpSolver(), cp_model.UNKNOWN


def _after(ctx: ModelContext, options: SolveOptions, watcher: Watcher, plan: Plan, objective: float,
           remaining: float, started: float, lns_stats: LnsStats, proven: Callable[[float], bool]):
    """CP-SAT first (it proves small models optimal in a moment, and gives the bound), then the
    search from the better plan."""
    run = control.current()
    full = params.whole(options, remaining * (1 - LNS_SHARE_ONE_WORKER), 1)
    full_status = run.solve(full, ctx.model, watcher)
    spent = control.deterministic_time(full) if options.repeatable else time.perf_counter() - started
    if full_status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and round(full.objective_value) < objective:
        plan = {a.session_id: a for a in read_assignments(ctx, full)}
        objective = round(full.objective_value)
    if full_status != cp_model.OPTIMAL and not run.stopping() and not proven(objective):
        budget = Budget(remaining - spent, options.repeatable, started + spent)
        before = objective
        plan, objective = improve(ctx.expansion, plan, objective, budget, options.seed, watcher.improved,
                                  lns_stats, should_stop=lambda: run.stopping() or proven(before))
    return plan, objective, full, full_status


def note_lns(stats: Stats, lns_stats: LnsStats) -> None:
    stats.lns_iterations = lns_stats.iterations
    stats.lns_improvements = lns_stats.improvements
    stats.lns_adopted = lns_stats.adopted
