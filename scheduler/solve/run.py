"""Running CP-SAT on an expansion: build the model, hint the greedy plan, run the phases.

The phases (solve/phases.py) are a first plan that follows the greedy hint, by parts when the
county has several components (solve/decompose.py), then improvement for the rest of the time
(solve/improvement.py). SolveOptions.times_first runs solve/staged.py instead (times first,
venues after). A large county (solve/params.py) gets its first plan from the model of the
hard rules alone, before the whole model is built, so that CP-SAT's copy of that model and
the whole model are never in memory together.

Every solve runs under the run's control (solve/control.py): the time limit is wall seconds
for the whole run (repeatable runs budget deterministic time under it, never past it), and
Ctrl-C at any moment keeps the best plan found, evaluated exactly; a plan that meets the
components' bound ends the run as OPTIMAL.
"""

from __future__ import annotations

import time

from scheduler.expand import Expansion
from scheduler.solve import control, params
from scheduler.solve.decompose import PartsBound
from scheduler.solve.hints import hint_greedy_plan
from scheduler.solve.model import build_model
from scheduler.solve.options import SolveOptions
from scheduler.solve.phases import FIRST_PLAN_SHARE, FOUND, FirstPlan, solve_built
from scheduler.solve.progress import Watcher
from scheduler.solve.result import Result, Stats, Status
from scheduler.solve.staged import solve_times_first
from scheduler.solve.variables import hint_plan, read_assignments


def solve_expansion(expansion: Expansion, options: SolveOptions = SolveOptions()) -> Result:
    with control.running(options.wall) as run:
        outer_tick = run.tick
        run.tick = Watcher(time.perf_counter(), options).tick  # a sign of life while building
        try:
            return _solve_expansion(expansion, options, run)
        finally:
            run.tick = outer_tick


def _solve_expansion(expansion: Expansion, options: SolveOptions, run: control.Control) -> Result:
    if options.times_first and options.soft:
        return solve_times_first(expansion, options)
    started = time.perf_counter()
    parts = PartsBound.before_model(expansion, options)
    first = None
    try:
        with run.abortable():  # nothing to keep yet: Ctrl-C stops at once
            if options.soft and params.large(expansion):
                first, placed = _first_plan_apart(expansion, options, run)
            building = time.perf_counter()  # the whole model's, which an evaluation's time follows
            run.phase("build")
            ctx = build_model(expansion, options.skip_rules, soft=options.soft)
            run.phase("greedy")
            if first is None or first[2] is None:
                placed = hint_greedy_plan(ctx)
            else:
                hint_plan(ctx, first[2])
    except KeyboardInterrupt:
        if parts is not None:
            parts.stop()
        return Result(status=Status.UNKNOWN, objective=None, bound=None, seconds=time.perf_counter() - started,
                      first_solution_seconds=None, assignments=[],
                      stats=Stats(interrupted=run.interrupted, wall_cut=run.cut))
    build_seconds = time.perf_counter() - building
    proto = ctx.model.proto
    stats = Stats(variables=len(proto.variables), constraints=len(proto.constraints),
                  sessions=len(expansion.sessions), build_seconds=round(build_seconds, 3),
                  greedy_placed=placed)
    return solve_built(ctx, options, stats, parts, first)


def _first_plan_apart(expansion: Expansion, options: SolveOptions, run: control.Control) -> tuple[FirstPlan, int]:
    """A large county's first plan (and how many sessions the greedy plan placed), from the
    model of the hard rules alone, built, solved and dropped before the whole model is built:
    CP-SAT would otherwise hold its own copy of the whole model beside it (solve/params.py,
    LARGE_COUNTY). Its plans are the whole model's: the soft rules exclude no choice of
    slots, teachers and venues (they only bound auxiliary variables from below)."""
    run.phase("build")
    hard = build_model(expansion, options.skip_rules, soft=False)
    run.phase("greedy")
    placed = hint_greedy_plan(hard)
    run.phase("first_plan")
    solver = params.first_plan(options, options.time_limit * FIRST_PLAN_SHARE)
    status = run.solve(solver, hard.model)
    plan = {a.session_id: a for a in read_assignments(hard, solver)} if status in FOUND else None
    return (solver, status, plan), placed
