"""The one time budget of every stage: seconds against a limit, counted in CP-SAT's
deterministic time when the run must repeat, else on the wall clock."""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from scheduler.solve import control


class Budget:
    """`seconds` to spend from `started` (perf_counter; now by default). A repeatable budget
    counts only what `spend` charges, which does not depend on the machine's load."""

    def __init__(self, seconds: float, repeatable: bool, started: float | None = None):
        self.seconds = seconds
        self.repeatable = repeatable
        self.started = time.perf_counter() if started is None else started
        self.deterministic = 0.0

    def spend(self, solver: cp_model.CpSolver, at_least: float = 0.0) -> None:
        """Charge a solve's deterministic time (`at_least`, so that tiny solves still count)."""
        self.deterministic += max(at_least, control.deterministic_time(solver))

    def spent(self) -> float:
        if self.repeatable:
            return self.deterministic
        return time.perf_counter() - self.started

    def left(self) -> float:
        if control.current().stopping():  # Ctrl-C, or the run's wall-clock deadline
            return 0.0
        return max(0.0, self.seconds - self.spent())
