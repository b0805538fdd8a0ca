"""What a run is asked to do: its time limit, workers, seed, and which strategies it uses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from scheduler.solve.backstop import wall_backstop

Progress = Callable[[dict], None]

# A repeatable run budgets CP-SAT's deterministic time, which on the bundled counties passes
# at a half to a third of the wall clock's pace: a quarter of a command's wall limit as its
# budget usually ends before the limit, so that the same seed gives the same plan.
REPEATABLE_SHARE = 0.25


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
    # Budget the time limit in CP-SAT's deterministic time, so that a run repeats whatever the
    # machine's load (wall time may then reach 4× the limit). None: with one worker only.
    # Benchmarks against a wall-clock budget set it False.
    deterministic: bool | None = None
    # Run CP-SAT's portfolio in turns, so that one worker also runs its neighbourhood searches
    # (benchmarks only: OR-Tools has crashed in this mode, see benchmarks/RESULTS.md).
    interleave: bool = False
    # The engine's own neighbourhood search (solve/lns.py) in phase 2, next to CP-SAT.
    lns: bool = True
    # Times first, venues after (solve/staged.py): for instances where many sessions compete
    # for the same venues; the county instances do better without it.
    times_first: bool = False
    # With times first: the times model's search in slices, each to CP-SAT with or without its
    # LP subsolvers by what each gained (solve/portfolio.py), from the first plan's true
    # penalties. Better on larger CB-CTT-like instances, worse on comp05 (benchmarks/RESULTS.md).
    times_slices: bool = False
    # Phase 1 by parts (solve/decompose.py) when there is an objective and more than one
    # component: the components' lower bound and a first plan swept component by component.
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


def command_options(wall_seconds: float, workers: int, seed: int, **more) -> SolveOptions:
    """Options of a command-line solve whose limit is `wall_seconds` of wall time (kept by the
    command's control): a repeatable run gets a share of it as its deterministic budget."""
    options = SolveOptions(time_limit=wall_seconds, workers=workers, seed=seed, **more)
    if options.repeatable:
        options = replace(options, time_limit=wall_seconds * REPEATABLE_SHARE)
    return options
