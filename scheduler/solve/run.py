"""Running CP-SAT: parameters, progress reports, time limit and Ctrl-C, reading the answer back.

A run has two phases on the same model:

1. *First plan*: the greedy plan (solve/greedy.py) is given to CP-SAT as a hint, and one
   worker without presolve follows it, repairing whatever the greedy could not place.
   Term plans have much slack, and this finds a plan in a fraction of the time CP-SAT's
   presolve alone takes on a large county. It is given a share of the time limit.
   *By parts* (solve/decompose.py; soft rules, more than one component): the components'
   lower bound runs beside everything (its own process) or after the sweep (one worker),
   and the first plan is swept component by component, then its teachers and venues are
   chosen again at fixed times.
2. *Improve*: for the rest of the time, when the model has an objective (soft rules) or
   phase 1 found nothing. CP-SAT on the whole model, hinted with the first plan, proves the
   bound; with soft rules the engine's own neighbourhood search (solve/lns.py) runs beside
   it (two workers or more) or after it (one worker), see _improve_with_lns.

Every solve runs under the run's control (solve/control.py): the time limit is wall seconds
for the whole run (repeatable runs budget deterministic time under it, never past it), and
Ctrl-C at any moment keeps the best plan found, evaluated exactly; a plan that meets the
components' bound ends the run as OPTIMAL. SolveOptions.times_first
runs solve/staged.py instead (times first, venues after).
"""

from __future__ import annotations

import math
import multiprocessing
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from scheduler.expand import Expansion
from scheduler.solve import control
from scheduler.solve.backstop import wall_backstop
from scheduler.solve.decompose import Clock, component_bounds, components, sweep, times_fixed, untimed
from scheduler.solve.greedy import greedy_plan
from scheduler.solve.lns import LnsBudget, LnsStats, improve
from scheduler.solve.model import build_model
from scheduler.solve.result import Assignment, Result
from scheduler.solve.variables import (
    ModelContext,
    fixed_copy,
    hint_plan,
    plan_values,
    read_assignment,
    read_assignments,
)

Progress = Callable[[dict], None]

FIRST_PLAN_SHARE = 0.5  # of the time limit, at most, for phase 1
PARTS_BOUND_SHARE = 0.25  # of the time limit, for the components' bound with one worker
SWEEP_SHARE = 0.75  # of the time limit, at most, for solving each component again
RECHOOSE_SHARE = 0.1  # of the time limit, at most, for teachers and venues at fixed times
LNS_SHARE_ONE_WORKER = 0.75  # of phase 2 with one worker, after CP-SAT on the whole model
POLISH_SECONDS = 60  # at most, for a plan's exact penalties (county M: about 5 s)
EVALUATION_RESERVE = 1.5  # the final evaluation and the checker, in evaluations' time
FIRST_EVALUATION_GUESS = 0.5  # an evaluation's time, in building and greedy time
IGNORED_WHEN_INTERLEAVED = ("core", "default_lp", "max_lp", "max_lp_sym", "pseudo_costs", "quick_restart",
                            "quick_restart_no_lp", "reduced_costs")


@dataclass(frozen=True)
class SolveOptions:
    time_limit: float = 60.0
    workers: int = 2
    seed: int = 0
    progress: Progress | None = None
    progress_every: float = 2.0  # seconds between progress reports
    log_search: bool = False
    skip_rules: frozenset[str] = frozenset()  # diagnostics and tests only
    soft: bool = True  # False: hard rules only, no objective
    # Budget the time limit in CP-SAT's deterministic time, so that a run repeats exactly
    # whatever the machine's load (wall time may then reach 4× the limit). None: with one
    # worker only. Benchmarks against a wall-clock budget set it False.
    deterministic: bool | None = None
    # One worker alone runs a single search and no large-neighbourhood search, which is where
    # plans improve; interleaving runs the portfolio's subsolvers in turn in that one thread
    # (CB-CTT comp01 at 30 s: cost 1792 without, 137 with). Two workers run two full searches
    # and few neighbourhoods; interleaved, they share the same turns (CB-CTT with times first,
    # 160 s: comp01 5, comp02 67, comp04 44 against 6, 83 and 47). Off by default: OR-Tools 9.15
    # aborted the process in it (a failed CHECK on `heuristics.fixed_search`, CB-CTT comp06 and
    # comp07) until the `fixed` subsolver was left out; only the benchmark runner, which
    # isolates each run in its own process, turns it on.
    interleave: bool = False
    # The engine's own neighbourhood search (solve/lns.py) in phase 2, next to CP-SAT.
    lns: bool = True
    # Times first, venues after (solve/staged.py) instead of both together: for instances
    # where many sessions compete for the same venues (CB-CTT comp07 at 160 s, two workers:
    # 47 instead of 291). Off by default: the county instances do better without it (S at
    # 30 s, one worker: 226 with it, 163 without).
    times_first: bool = False
    # Phase 1 by parts (solve/decompose.py) when there is an objective and more than one
    # component: a lower bound from the components alone, and the first plan solved again
    # component by component. Synthetic S county, 30 s: plan 124, proven optimal (124 against
    # the linear relaxation's 120); without it 141-187 against 120.
    decompose: bool = True
    # Wall seconds the whole run may take, whatever its budget (the command line's limit,
    # counted from the command's start, is set by its own control). None: the time limit;
    # for repeatable runs the backstop (4x + 5 s), so that library runs and tests repeat on
    # a loaded machine.
    wall_limit: float | None = None

    @property
    def repeatable(self) -> bool:
        return self.workers == 1 if self.deterministic is None else self.deterministic

    @property
    def wall(self) -> float:
        if self.wall_limit is not None:
            return self.wall_limit
        return wall_backstop(self.time_limit) if self.repeatable else self.time_limit


# A repeatable run budgets CP-SAT's deterministic time, which on the bundled counties passes
# at a half to a third of the wall clock's pace: a quarter of a command's wall limit as its
# budget usually ends before the limit, so that the same seed gives the same plan.
REPEATABLE_SHARE = 0.25


def command_options(wall_seconds: float, workers: int, seed: int, **more) -> SolveOptions:
    """Options of a command-line solve whose limit is `wall_seconds` of wall time (kept by the
    command's control): a repeatable run gets a share of it as its deterministic budget."""
    options = SolveOptions(time_limit=wall_seconds, workers=workers, seed=seed, **more)
    if options.repeatable:
        options = replace(options, time_limit=wall_seconds * REPEATABLE_SHARE)
    return options


class _Watcher(cp_model.CpSolverSolutionCallback):
    """Notes the time of the first plan and reports progress at most every few seconds."""

    def __init__(self, started: float, options: SolveOptions, solutions: int = 0):
        super().__init__()
        self.started = started
        self.options = options
        self.first_solution: float | None = None
        self.last_report = 0.0
        self.solutions = solutions
        self.objective: float | None = None
        self.bound: float | None = None

    def on_solution_callback(self) -> None:
        now = time.perf_counter() - self.started
        self.solutions += 1
        if self.objective is None or self.objective_value < self.objective:
            self.objective = self.objective_value
        bound = self.best_objective_bound
        self.bound = bound if self.bound is None else max(self.bound, bound)
        if self.first_solution is None:
            self.first_solution = now
        if self.solutions == 1 or now - self.last_report >= self.options.progress_every:
            self._report("solution", now)

    def improved(self, objective: float) -> None:
        """A better plan found outside this callback (the neighbourhood search, or CP-SAT
        watched by another callback)."""
        now = time.perf_counter() - self.started
        self.solutions += 1
        if self.first_solution is None:
            self.first_solution = now
        if self.objective is None or objective < self.objective:
            self.objective = objective
        if now - self.last_report >= self.options.progress_every:
            self._report("solution", now)

    def bound_improved(self, bound: float) -> None:
        """CP-SAT proved a better bound (called between plans, so progress shows the gap)."""
        self.bound = bound if self.bound is None else max(self.bound, bound)

    def tick(self) -> None:
        """Called while waiting: a sign of life on long runs, even before the first plan."""
        now = time.perf_counter() - self.started
        if now - self.last_report >= max(5.0, self.options.progress_every):
            self._report("tick", now)

    def _report(self, event: str, now: float) -> None:
        self.last_report = now
        if self.options.progress:
            elapsed = time.perf_counter() - control.current().started  # since the run (command) began
            self.options.progress({"event": event, "elapsed": elapsed, "objective": self.objective,
                                   "bound": self.bound, "solutions": self.solutions})


def _hint_greedy_plan(ctx: ModelContext) -> int:
    """Hint the greedy plan's choices; returns how many sessions it placed."""
    placements = greedy_plan(ctx.expansion)
    hint_choices(ctx, placements)
    return len(placements)


def hint_choices(ctx: ModelContext, placements: dict) -> None:
    """Hint each session's slot, teachers and venue from a placement with `slot` (a position
    in the session's slots, or None to leave the time free), `teachers` and `venue`. A
    counted session is hinted at the slots of its group's placed sessions (and off the
    others only when all of them are placed)."""
    for sv in ctx.sessions:
        members = ctx.expansion.members.get(sv.session.id, (sv.session.id,))
        placed = [placements[m] for m in members if m in placements]
        if not placed:
            continue
        placement = placed[0]
        positions = {p.slot for p in placed if p.slot is not None}
        all_placed = len(positions) == len(members)
        for t, x in enumerate(sv.x):
            if t in positions or all_placed:
                ctx.model.add_hint(x, t in positions)
        for teacher_id, y in sv.y.items():
            ctx.model.add_hint(y, teacher_id in placement.teachers)
        for venue_id, r in sv.r.items():
            ctx.model.add_hint(r, venue_id == placement.venue)


class _Budget:
    """Time left of `options.time_limit`: wall-clock seconds, or with one worker (runs that must
    repeat) the solver's deterministic time, which does not depend on the machine's load."""

    def __init__(self, options: SolveOptions, started: float):
        self.options = options
        self.started = started
        self.deterministic = 0.0

    def spend(self, solver: cp_model.CpSolver) -> None:
        self.deterministic += control.deterministic_time(solver)

    def spent(self) -> float:
        if self.options.repeatable:
            return self.deterministic
        return time.perf_counter() - self.started

    def left(self) -> float:
        if control.current().stopping():  # Ctrl-C, or the wall-clock deadline
            return 0.0
        return max(0.0, self.options.time_limit - self.spent())


class _Interruptible:
    """The run's solves, through its control (solve/control.py): cut at the deadline, stopped
    by Ctrl-C."""

    @property
    def interrupted(self) -> bool:
        return control.current().interrupted

    def solve(self, solver: cp_model.CpSolver, model: cp_model.CpModel, callback) -> int:
        return control.current().solve(solver, model, callback)


def _common(params, options: SolveOptions, seconds: float) -> None:
    params.random_seed = options.seed
    params.catch_sigint_signal = False  # solve/control.py handles Ctrl-C
    params.log_search_progress = options.log_search
    params.max_time_in_seconds = max(0.05, seconds)


def solve_expansion(expansion: Expansion, options: SolveOptions = SolveOptions()) -> Result:
    with control.running(options.wall) as run:
        outer_tick = run.tick
        run.tick = _Watcher(time.perf_counter(), options).tick  # a sign of life while building
        try:
            return _solve_expansion(expansion, options, run)
        finally:
            run.tick = outer_tick


def _solve_expansion(expansion: Expansion, options: SolveOptions, run: control.Control) -> Result:
    if options.times_first and options.soft:
        from scheduler.solve.staged import solve_times_first

        return solve_times_first(expansion, options)
    started = time.perf_counter()
    try:
        with run.abortable():  # nothing to keep yet: Ctrl-C stops at once
            run.phase("build")
            ctx = build_model(expansion, options.skip_rules, soft=options.soft)
            run.phase("greedy")
            placed = _hint_greedy_plan(ctx)
    except KeyboardInterrupt:
        return Result(status="UNKNOWN", objective=None, bound=None, seconds=time.perf_counter() - started,
                      first_solution_seconds=None, assignments=[],
                      stats={"interrupted": run.interrupted, "wall_cut": run.cut})
    build_seconds = time.perf_counter() - started
    proto = ctx.model.proto
    stats: dict[str, int | float | str] = {
        "variables": len(proto.variables),
        "constraints": len(proto.constraints),
        "sessions": len(expansion.sessions),
        "build_seconds": round(build_seconds, 3),
        "greedy_placed": placed,
    }
    return _solve_built(ctx, options, stats)


def _first_plan_solver(options: SolveOptions, seconds: float) -> cp_model.CpSolver:
    """One worker without presolve, following the hint to its first plan."""
    first = cp_model.CpSolver()
    params = first.parameters
    _common(params, options, seconds)
    params.num_workers = 1
    params.cp_model_presolve = False
    params.cp_model_probing_level = 0
    params.linearization_level = 0
    params.use_sat_inprocessing = False  # its vivification restarts the replay from the root
    params.stop_after_first_solution = True
    if options.repeatable:
        params.max_deterministic_time = params.max_time_in_seconds
        params.max_time_in_seconds = wall_backstop(params.max_deterministic_time)
    return first


def _solve_built(ctx: ModelContext, options: SolveOptions, stats: dict) -> Result:
    """Phases 1 and 2 on a built (and hinted) model."""
    has_objective = ctx.model.has_objective()
    solve_started = time.perf_counter()
    watcher = _Watcher(solve_started, options)
    control.current().tick = watcher.tick
    runner = _Interruptible()
    bound_runner = _PartsBound(ctx, options) if _by_parts(ctx, options) else None
    try:
        return _phases(ctx, options, stats, watcher, runner, bound_runner, solve_started)
    finally:
        if bound_runner is not None:
            bound_runner.stop()


def _by_parts(ctx: ModelContext, options: SolveOptions) -> bool:
    """Whether phase 1 goes by parts (solve/decompose.py)."""
    return ctx.model.has_objective() and options.decompose and len(components(ctx.expansion)) > 1


def _phases(ctx: ModelContext, options: SolveOptions, stats: dict, watcher: _Watcher,
            runner: _Interruptible, bound_runner: _PartsBound | None, solve_started: float) -> Result:
    has_objective = ctx.model.has_objective()
    phase1_share = FIRST_PLAN_SHARE if has_objective else 1.0
    plan: dict[str, Assignment] | None = None
    run = control.current()

    # Phase 1: the first plan.
    run.phase("first_plan")
    first = _first_plan_solver(options, options.time_limit * phase1_share)
    status = runner.solve(first, ctx.model, watcher)
    stats["phase1_status"] = first.status_name(status)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        plan = {a.session_id: a for a in read_assignments(ctx, first)}
        # Its final evaluation copies the model and solves it: about half the time building
        # and the greedy plan took (county M: 5 s of 14). Kept before the deadline from now
        # on (the first plan itself may take the time up to it), until measured.
        run.keep(FIRST_EVALUATION_GUESS * stats.get("build_seconds", 0.0))
    spent_first = control.deterministic_time(first)
    if plan is not None and bound_runner is not None and not run.stopping():
        # By parts: each component solved again next to the others (the components' bound
        # runs meanwhile in its own process with two workers or more, or after), then the
        # county's teachers and venues chosen again at those times (full-time balance).
        evaluated = {"at": time.perf_counter(), "cost": 0.0}

        def step() -> None:
            """Progress during a long sweep: the bound, and now and then the plan's exact
            penalty (an evaluation costs a solve of the fixed model: at most a tenth of the
            time goes to it)."""
            if bound_runner.value() is not None:
                watcher.bound_improved(bound_runner.value())
            now = time.perf_counter()
            if options.progress and now - evaluated["at"] >= max(options.progress_every, 10 * evaluated["cost"]):
                value = _evaluate(ctx, plan, protected=False)
                if value is not None and (watcher.objective is None or value[0] < watcher.objective):
                    watcher.improved(value[0])
                evaluated["at"], evaluated["cost"] = time.perf_counter(), time.perf_counter() - now

        run.phase("sweep")
        clock = Clock(options.time_limit * SWEEP_SHARE, options.repeatable)
        plan = dict(plan)
        stats["parts_swept"] = sweep(ctx.expansion, plan, clock, options.seed, options.skip_rules, step)
        if not run.stopping():
            run.phase("rechoose")
            plan = _rechoose_teachers_and_venues(ctx, options, plan, stats) or plan
        stats["parts_deterministic"] = stats.get("parts_deterministic", 0.0) + clock.deterministic
    if plan is not None and bound_runner is not None and not bound_runner.in_background:
        # With one worker, after the sweep: the plan does not depend on the bound, so a plan
        # cut short by the wall clock is the better for the time spent on it first.
        run.phase("parts_bound")
        bound_runner.run_here(options.time_limit * PARTS_BOUND_SHARE)
        stats["parts_deterministic"] = stats.get("parts_deterministic", 0.0) + bound_runner.spent_here
    stats["phase1_seconds"] = round(time.perf_counter() - solve_started, 3)

    budget = _Budget(options, solve_started)
    budget.deterministic = spent_first + stats.get("parts_deterministic", 0.0)
    remaining = budget.left()
    proven = status == cp_model.INFEASIBLE or (status == cp_model.OPTIMAL and not has_objective)
    phases = [first]
    solver: cp_model.CpSolver | None = first
    final_status = status
    if not proven and remaining > 0.1 and not run.stopping():
        # Phase 2: improve the first plan, or find one if phase 1 could not.
        if plan is not None:
            ctx.model.clear_hints()
            hint_plan(ctx, plan)
        if has_objective and plan is not None and options.lns:
            run.phase("lns")
            plan, objective, second, second_status = _improve_with_lns(
                ctx, options, runner, watcher, plan, remaining, stats, bound_runner)
            phases.append(second)
            solver = None  # the plan is read from `plan`
            final_status = cp_model.FEASIBLE
            if second_status == cp_model.OPTIMAL and round(second.objective_value) <= objective:
                final_status = cp_model.OPTIMAL
                plan = {a.session_id: a for a in read_assignments(ctx, second)}
        else:
            run.phase("whole")
            second = _full_solver(options, remaining, options.workers)
            second_status = runner.solve(second, ctx.model, watcher)
            phases.append(second)
            so_far = None if plan is None else _polish(ctx, plan_values(ctx, plan))[0] if has_objective else 0
            if _better(second, second_status, so_far):
                solver, final_status = second, second_status
                if second_status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                    plan = {a.session_id: a for a in read_assignments(ctx, second)}
        stats["phase2_status"] = second.status_name(second_status)
    seconds = time.perf_counter() - solve_started

    # Each phase that ran gives a valid lower bound.
    bound = max((_bound_of(phase) for phase in phases), default=-math.inf)
    if bound_runner is not None and bound_runner.value() is not None:
        bound = max(bound, bound_runner.value())
        stats["parts_bound"] = _integral(bound_runner.value())
        stats["parts_bounded"] = bound_runner.complete()
    found = plan is not None and final_status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    assignments = [plan[sv_id] for sv_id in _order(ctx, plan)] if found else []
    objective = None
    soft_violations: dict[str, int] = {}
    if assignments and has_objective:
        run.phase("final")
        evaluated = _evaluate(ctx, plan)  # neither Ctrl-C nor the deadline cuts it
        if evaluated is None:  # not even in its own time: the checker's scorer counts instead
            stats["evaluated"] = False
        else:
            objective, soft_violations = evaluated
    stats["solutions"] = watcher.solutions
    stats["interrupted"] = run.interrupted
    stats["wall_cut"] = run.cut
    name = first.status_name(final_status)
    if has_objective and objective is not None and bound is not None and math.isfinite(bound) \
            and objective <= round(bound):
        name = "OPTIMAL"  # the plan meets a proven lower bound
    elif name == "OPTIMAL" and has_objective and solver is first:
        name = "FEASIBLE"  # phase 1 stops at its first plan: not proven optimal
    return Result(
        status=name,
        objective=(objective if has_objective else 0) if assignments else None,
        bound=(_integral(bound) if has_objective else 0) if assignments else None,
        seconds=seconds,
        first_solution_seconds=watcher.first_solution,
        assignments=assignments,
        stats=stats,
        soft_violations=soft_violations,
    )


def _bound_of(solver: cp_model.CpSolver) -> float:
    """The solver's proven bound, or -inf when it did not run (stopped before it began)."""
    try:
        return solver.best_objective_bound
    except RuntimeError:
        return -math.inf


def _order(ctx: ModelContext, plan: dict[str, Assignment]) -> list[str]:
    """The plan's session ids in the expansion's order (of the whole, uncounted expansion)."""
    return [s.id for s in ctx.expansion.sessions] if not ctx.expansion.members else list(plan)


class _PartsBound:
    """The components' lower bound (solve/decompose.py): in a process of its own when the run
    has two workers or more (started at once, read whenever asked), else computed here after
    the sweep for a share of the time.
    A partial sum is a bound too, so the value can be read at any time."""

    def __init__(self, ctx: ModelContext, options: SolveOptions):
        self.expansion = ctx.expansion
        self.options = options
        # Constant terms of the objective (items with no session at all) belong to no component.
        self.offset = ctx.model.proto.objective.offset
        self.spent_here = 0.0  # deterministic seconds spent in run_here
        self._total: float | None = None
        self._complete = False
        self._process = None
        if options.workers >= 2 and "fork" in multiprocessing.get_all_start_methods():
            # Forked: the child has the expansion without pickling it (no fork on Windows:
            # there the bound is computed first, as with one worker).
            context = multiprocessing.get_context("fork")
            self._shared = context.Array("d", [0.0, 0.0])  # running total, complete flag
            self._process = context.Process(target=self._work, daemon=True)
            self._process.start()
            control.current().on_abort.append(self.stop)  # a second Ctrl-C leaves no process behind

    @property
    def in_background(self) -> bool:
        return self._process is not None

    def _work(self) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops this process

        def report(total: float) -> None:
            self._shared[0] = total

        _, complete = component_bounds(self.expansion, Clock(self.options.time_limit, False), report,
                                       self.options.seed, self.options.skip_rules)
        self._shared[1] = 1.0 if complete else 0.0

    def run_here(self, seconds: float) -> None:
        clock = Clock(seconds, self.options.repeatable)
        self._total, self._complete = component_bounds(self.expansion, clock, seed=self.options.seed,
                                                       skip_rules=self.options.skip_rules)
        self.spent_here = clock.deterministic

    def value(self) -> float | None:
        if self._process is not None:
            return self.offset + self._shared[0]
        return None if self._total is None else self.offset + self._total

    def complete(self) -> bool:
        return bool(self._shared[1]) if self._process is not None else self._complete

    def stop(self) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
        if self._process is not None:
            self._process.join()


def _rechoose_teachers_and_venues(ctx: ModelContext, options: SolveOptions, plan: dict[str, Assignment],
                                  stats: dict) -> dict[str, Assignment] | None:
    """Teachers and venues chosen again for the whole county with every session's time held
    (the parts were planned without the full-time balance and obligations); None when no
    choice keeps every hard rule at these times."""
    timed = build_model(times_fixed(ctx.expansion, plan), options.skip_rules)
    hint_plan(timed, plan)  # each timed session has one slot: the plan's
    solver = cp_model.CpSolver()
    params = solver.parameters
    _common(params, options, options.time_limit * RECHOOSE_SHARE)
    params.num_workers = options.workers
    params.cp_model_presolve = False  # S: optimal in 1.6 s without, 3.5 s with (one worker)
    if options.repeatable:
        params.max_deterministic_time = params.max_time_in_seconds
        params.max_time_in_seconds = wall_backstop(params.max_deterministic_time)
    status = control.current().solve(solver, timed.model)
    stats["rechoose_status"] = solver.status_name(status)
    stats["parts_deterministic"] = stats.get("parts_deterministic", 0.0) + control.deterministic_time(solver)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return untimed(ctx.expansion, plan, read_assignments(timed, solver))


def _integral(value: float) -> int | None:
    """An objective or bound as the integer it is (None when CP-SAT has none to give)."""
    return int(round(value)) if math.isfinite(value) else None


def least_penalties(ctx: ModelContext, value: Callable, protected: bool = True) -> cp_model.CpSolver | None:
    """A solver holding the plan's slots, teachers and venues (`value(var)`) with every
    auxiliary variable at its least value (the soft terms at the plan's true penalties); None
    when stopped first (by Ctrl-C or the deadline, unless `protected`) or out of its own time."""
    polisher = cp_model.CpSolver()
    polisher.parameters.num_workers = 1
    polisher.parameters.max_time_in_seconds = POLISH_SECONDS
    status = control.current().solve(polisher, fixed_copy(ctx, value), protected=protected)
    return polisher if status == cp_model.OPTIMAL else None


def _polish(ctx: ModelContext, value: Callable) -> tuple[float, dict[str, int]]:
    """The plan's exact penalties: with its slots, teachers and venues fixed to `value(var)`,
    minimise the auxiliary variables, which soft rules only bound from below, down to their
    true values."""
    polisher = least_penalties(ctx, value)
    if polisher is None:  # cannot happen for a plan that keeps the hard rules
        raise RuntimeError("plan penalties not evaluated")
    return _penalties(ctx, polisher)


def _evaluate(ctx: ModelContext, plan: dict[str, Assignment],
              protected: bool = True) -> tuple[float, dict[str, int]] | None:
    """The plan's exact penalties (see _polish); None when the evaluation was stopped first
    (`protected=False`) or ran out of its own time. The run keeps what it cost, and a half
    more for the checker, before the deadline for the final one."""
    started = time.perf_counter()
    polisher = least_penalties(ctx, plan_values(ctx, plan), protected)
    control.current().keep(EVALUATION_RESERVE * (time.perf_counter() - started))
    return None if polisher is None else _penalties(ctx, polisher)


def _penalties(ctx: ModelContext, polisher: cp_model.CpSolver) -> tuple[float, dict[str, int]]:
    # The clone has the original's variables at the same indices, so the terms evaluate as is.
    violations = {rule_id: int(round(sum(polisher.value(term) for term in terms)))
                  for rule_id, terms in ctx.soft.items()}
    return round(polisher.objective_value), violations


def _full_solver(options: SolveOptions, seconds: float, workers: int,
                 presolve: bool = False, lean: bool = True) -> cp_model.CpSolver:
    """A solver for CP-SAT's portfolio on the whole model (with interleaved search, `lean`
    leaves out the full-problem subsolvers with LP, see below)."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    _common(params, options, seconds)
    params.num_workers = max(1, workers)
    # No presolve by default: on large models it eats the time LNS needs (M, 60 s: 918 with
    # it, 801 without), and it loses cuts such as class_isolated's parity cut from the LP
    # bound (S, 30 s: bound 58 with it, 120 without). LNS neighbourhoods are presolved anyway.
    params.cp_model_presolve = presolve
    if options.interleave:
        params.interleave_search = True
        # OR-Tools 9.15 aborts in this mode (CHECK heuristics.fixed_search) on CB-CTT
        # comp06/comp07 within 160 s; leaving out the `fixed` subsolver cured comp06 but not
        # comp07. Feasibility jump crashes without presolve.
        params.ignore_subsolvers.extend(["fixed", "fj"])
        # Every full-problem subsolver takes its turn before the neighbourhoods get one: with
        # all nine, CB-CTT comp07's times-only model made no LNS call in 30 s (2402 at 40 s).
        # Keeping the one without LP: 61.
        if lean:
            params.ignore_subsolvers.extend(IGNORED_WHEN_INTERLEAVED)
    if options.repeatable:
        params.max_deterministic_time = seconds
        params.max_time_in_seconds = wall_backstop(seconds)
    return solver


def _improve_with_lns(ctx: ModelContext, options: SolveOptions, runner: _Interruptible,
                      watcher: _Watcher, plan: dict[str, Assignment], remaining: float, stats: dict,
                      parts: _PartsBound | None = None):
    """Phase 2 as the engine's own neighbourhood search (solve/lns.py) next to CP-SAT on the
    whole model, which proves the bound and finds plans of its own.

    With two workers or more, CP-SAT gets all workers but one and runs alongside, and the
    search takes over every better plan CP-SAT finds. With one, CP-SAT runs first for a share
    of the time (small models end there, proven optimal) and the search after it, from the
    better plan: one after the other keeps runs repeatable. Both stop when the plan meets the
    components' bound (`parts`).
    Returns the search's plan, an upper bound of its objective, CP-SAT's solver and status."""
    started = time.perf_counter()
    lns_stats = LnsStats()
    evaluated = _evaluate(ctx, plan, protected=False)  # exact, so that gains count from the truth
    if evaluated is None:  # stopped: the final evaluation counts
        _note_lns(stats, lns_stats)
        return plan, math.inf, cp_model.CpSolver(), cp_model.UNKNOWN
    objective = evaluated[0]
    watcher.improved(objective)
    run = control.current()

    def proven() -> bool:
        bound = None if parts is None else parts.value()
        if bound is not None:
            watcher.bound_improved(bound)
        return bound is not None and objective <= round(bound)  # a partial sum is a bound too

    full = None
    if proven():  # the plan already meets the components' bound
        _note_lns(stats, lns_stats)
        return plan, objective, cp_model.CpSolver(), cp_model.UNKNOWN
    if options.workers >= 2:
        full = _full_solver(options, remaining, options.workers - 1)
        adopter = _Adopter(ctx, watcher)
        full.best_bound_callback = watcher.bound_improved
        outcome: list[int] = []
        thread = threading.Thread(
            target=lambda: outcome.append(runner.solve(full, ctx.model, adopter)), daemon=True)
        thread.start()
        budget = LnsBudget(total=remaining, repeatable=False, seed=options.seed,
                           clock=lambda: time.perf_counter() - started,
                           should_stop=lambda: run.stopping() or bool(outcome) or proven())

        def noted(value: float) -> None:
            nonlocal objective
            objective = min(objective, value)
            watcher.improved(value)

        try:
            plan, objective = improve(ctx.expansion, plan, objective, budget, noted,
                                      lns_stats, adopter.take_if_better)
        finally:
            while thread.is_alive():  # a stop asked before the solve began is lost: ask again
                full.stop_search()
                thread.join(0.1)
        full_status = outcome[0] if outcome else cp_model.UNKNOWN
        taken = adopter.take_if_better(objective)
        if taken is not None:
            plan, objective = dict(taken[0]), taken[1]
            lns_stats.adopted += 1
    else:
        # CP-SAT first: it proves small models optimal in a moment, and gives the bound.
        full = _full_solver(options, remaining * (1 - LNS_SHARE_ONE_WORKER), 1)
        full_status = runner.solve(full, ctx.model, watcher)
        spent = control.deterministic_time(full) if options.repeatable else time.perf_counter() - started
        if full_status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and round(full.objective_value) < objective:
            plan = {a.session_id: a for a in read_assignments(ctx, full)}
            objective = round(full.objective_value)
        if full_status != cp_model.OPTIMAL and not run.stopping() and not proven():
            budget = LnsBudget(total=remaining - spent, repeatable=options.repeatable,
                               seed=options.seed, clock=lambda: time.perf_counter() - started - spent,
                               should_stop=lambda: run.stopping() or proven())
            plan, objective = improve(ctx.expansion, plan, objective, budget, watcher.improved,
                                      lns_stats)
    if full is None:
        full = cp_model.CpSolver()
    _note_lns(stats, lns_stats)
    return plan, objective, full, full_status


def _note_lns(stats: dict, lns_stats: LnsStats) -> None:
    stats["lns_iterations"] = lns_stats.iterations
    stats["lns_improvements"] = lns_stats.improvements
    stats["lns_adopted"] = lns_stats.adopted


def _better(new: cp_model.CpSolver, new_status: int, objective: float | None) -> bool:
    """Whether the second phase's answer replaces the plan so far (None: no plan yet; its
    objective otherwise, 0 without soft rules)."""
    found = (cp_model.OPTIMAL, cp_model.FEASIBLE)
    if objective is None:
        return new_status in (*found, cp_model.INFEASIBLE)
    # Objectives are integers (integer weights × integer terms); the floats carry noise.
    return new_status in found and round(new.objective_value) <= objective


class _Adopter(_Watcher):
    """Watches CP-SAT on the whole model next to the neighbourhood search, reports its plans
    through the run's watcher and keeps the best for the search to take over."""

    def __init__(self, ctx: ModelContext, watcher: _Watcher):
        super().__init__(watcher.started, watcher.options, watcher.solutions)
        self.ctx = ctx
        self.shared = watcher
        self.best: tuple[dict[str, Assignment], float] | None = None
        self.lock = threading.Lock()

    def on_solution_callback(self) -> None:
        value = round(self.objective_value)
        plan = {sv.session.id: read_assignment(sv, self) for sv in self.ctx.sessions}
        with self.lock:
            self.best = (plan, value)
        self.shared.bound_improved(self.best_objective_bound)
        self.shared.improved(value)

    def tick(self) -> None:
        self.shared.tick()

    def take_if_better(self, current: float) -> tuple[dict[str, Assignment], float] | None:
        """CP-SAT's latest plan when it is better than `current`, once."""
        with self.lock:
            best, self.best = self.best, None
        return best if best is not None and best[1] < current else None


def _hint(ctx: ModelContext, solver: cp_model.CpSolver) -> None:
    """Hint every variable with its value in the solver's plan: a complete, feasible hint."""
    model = ctx.model
    model.clear_hints()
    for index in range(len(model.proto.variables)):
        var = model.get_int_var_from_proto_index(index)
        model.add_hint(var, solver.value(var))
