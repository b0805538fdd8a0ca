"""Running CP-SAT: parameters, progress reports, time limit and Ctrl-C, reading the answer back."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.expand import Expansion
from scheduler.solve.model import build_model
from scheduler.solve.result import Assignment, Result

Progress = Callable[[dict], None]


@dataclass(frozen=True)
class SolveOptions:
    time_limit: float = 60.0
    workers: int = 2
    seed: int = 0
    progress: Progress | None = None
    progress_every: float = 2.0  # seconds between progress reports
    log_search: bool = False
    skip_rules: frozenset[str] = frozenset()  # diagnostics and tests only


class _Watcher(cp_model.CpSolverSolutionCallback):
    """Notes the time of the first plan and reports progress at most every few seconds."""

    def __init__(self, started: float, options: SolveOptions):
        super().__init__()
        self.started = started
        self.options = options
        self.first_solution: float | None = None
        self.last_report = 0.0
        self.solutions = 0

    def on_solution_callback(self) -> None:
        now = time.perf_counter() - self.started
        self.solutions += 1
        if self.first_solution is None:
            self.first_solution = now
        if self.options.progress and (self.solutions == 1
                                      or now - self.last_report >= self.options.progress_every):
            self.last_report = now
            self.options.progress({
                "event": "solution", "elapsed": now, "objective": self.objective_value,
                "bound": self.best_objective_bound, "solutions": self.solutions,
            })


def solve_expansion(expansion: Expansion, options: SolveOptions = SolveOptions()) -> Result:
    started = time.perf_counter()
    ctx = build_model(expansion, options.skip_rules)
    build_seconds = time.perf_counter() - started
    proto = ctx.model.proto
    stats: dict[str, int | float | str] = {
        "variables": len(proto.variables),
        "constraints": len(proto.constraints),
        "sessions": len(expansion.sessions),
        "build_seconds": round(build_seconds, 3),
    }
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = max(1, options.workers)
    params.random_seed = options.seed
    params.catch_sigint_signal = True
    params.log_search_progress = options.log_search
    params.max_time_in_seconds = max(0.1, options.time_limit)
    if options.workers == 1:
        # One worker repeats itself only when cut at a deterministic point, not a wall-clock one.
        params.max_deterministic_time = max(0.1, options.time_limit)
        params.max_time_in_seconds = max(0.1, options.time_limit) * 4
    watcher = _Watcher(time.perf_counter(), options)
    solve_started = time.perf_counter()
    status = solver.solve(ctx.model, watcher)
    seconds = time.perf_counter() - solve_started
    name = solver.status_name(status)
    assignments: list[Assignment] = []
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        for sv in ctx.sessions:
            position = next(t for t, x in enumerate(sv.x) if solver.boolean_value(x))
            teachers = tuple(p for p, y in sv.y.items() if solver.boolean_value(y))
            venue = next((v for v, r in sv.r.items() if solver.boolean_value(r)), None)
            assignments.append(Assignment(sv.session.id, position, teachers, venue))
    has_objective = ctx.model.has_objective()
    stats["solutions"] = watcher.solutions
    stats["deterministic_time"] = round(solver.deterministic_time, 3)
    return Result(
        status=name,
        objective=(solver.objective_value if has_objective else 0) if assignments else None,
        bound=(solver.best_objective_bound if has_objective else 0) if assignments else None,
        seconds=seconds,
        first_solution_seconds=watcher.first_solution,
        assignments=assignments,
        stats=stats,
    )
