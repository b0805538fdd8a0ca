"""Progress reports of a run: the first plan's time, better plans and bounds, signs of life."""

from __future__ import annotations

import threading
import time

from ortools.sat.python import cp_model

from scheduler.solve import control
from scheduler.solve.options import SolveOptions
from scheduler.solve.result import Assignment
from scheduler.solve.variables import ModelContext, read_assignment


class Watcher(cp_model.CpSolverSolutionCallback):
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


class Adopter(Watcher):
    """Watches CP-SAT on the whole model next to the neighbourhood search, reports its plans
    through the run's watcher and keeps the best for the search to take over."""

    def __init__(self, ctx: ModelContext, watcher: Watcher):
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


class Relay(cp_model.CpSolverSolutionCallback):
    """Reports the plans of a model with fixed times to the run's watcher, but not its bound,
    which holds for those times only."""

    def __init__(self, watcher: Watcher):
        super().__init__()
        self.watcher = watcher

    def on_solution_callback(self) -> None:
        self.watcher.improved(self.objective_value)

    def tick(self) -> None:
        self.watcher.tick()
