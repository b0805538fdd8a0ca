"""Running CP-SAT on an expansion: build the model, hint the greedy plan, run the phases.

The phases (solve/phases.py) are a first plan that follows the greedy hint, by parts when the
county has several components (solve/decompose.py), then improvement for the rest of the time
(solve/improvement.py). SolveOptions.times_first runs solve/staged.py instead (times first,
venues after).

Every solve runs under the run's control (solve/control.py): the time limit is wall seconds
for the whole run (repeatable runs budget deterministic time under it, never past it), and
Ctrl-C at any moment keeps the best plan found, evaluated exactly; a plan that meets the
components' bound ends the run as OPTIMAL.
"""

from __future__ import annotations

import time

from scheduler.expand import Expansion
from scheduler.solve import control
from scheduler.solve.decompose import PartsBound
from scheduler.solve.hints import hint_greedy_plan
from scheduler.solve.model import build_model
from scheduler.solve.options import SolveOptions
from scheduler.solve.phases import solve_built
from scheduler.solve.progress import Watcher
from scheduler.solve.result import Result, Stats, Status
from scheduler.solve.staged import solve_times_first


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
    try:
        with run.abortable():  # nothing to keep yet: Ctrl-C stops at once
            run.phase("build")
            ctx = build_model(expansion, options.skip_rules, soft=options.soft)
            run.phase("greedy")
            placed = hint_greedy_plan(ctx)
    except KeyboardInterrupt:
        if parts is not None:
            parts.stop()
        return Result(status=Status.UNKNOWN, objective=None, bound=None, seconds=time.perf_counter() - started,
                      first_solution_seconds=None, assignments=[],
                      stats=Stats(interrupted=run.interrupted, wall_cut=run.cut))
    build_seconds = time.perf_counter() - started
    proto = ctx.model.proto
    stats = Stats(variables=len(proto.variables), constraints=len(proto.constraints),
                  sessions=len(expansion.sessions), build_seconds=round(build_seconds, 3),
                  greedy_placed=placed)
    return solve_built(ctx, options, stats, parts)
