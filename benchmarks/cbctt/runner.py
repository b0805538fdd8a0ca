"""Solve CB-CTT instances through the engine, score them, tabulate and record the results.

Each instance: read the `.ctt`, import it as an engine instance, expand, solve with the
engine's own two-phase run, validate the plan with the engine's checker, convert it to CB-CTT
lectures and score them with the independent scorer (whose cost is the one reported).
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.cbctt.ctt import read_ctt
from benchmarks.cbctt.importer import to_instance, to_lectures
from benchmarks.cbctt.reference import REFERENCES
from benchmarks.cbctt.scorer import score
from benchmarks.cbctt.solution import write_solution
from benchmarks.results import append_entry

DATA = Path(__file__).with_name("data")
RESULTS = Path(__file__).parent.parent / "RESULTS.md"
COMPETITION = [f"comp{n:02d}" for n in range(1, 8)]
HEADING = "## CB-CTT (ITC2007 track 3) through the engine (issue 6)"
BEGIN, END = "<!-- cbctt:begin -->", "<!-- cbctt:end -->"
INTRO = """\
The public curriculum-based course timetabling benchmark (formulation UD2), imported as an
instance of our engine and solved by the engine's own run (`python -m benchmarks.cbctt`). `cost`
is the UD2 cost of the plan as the independent scorer (benchmarks/cbctt/scorer.py) computes it
from the written solution; `hard` its hard violations, `checker` the engine checker's.
`first_s` runs from reading the file to the first plan, `total_s` to the scored solution.
The time limit is wall-clock time, as in the competition, also with `--workers 1` (the
engine interleaves CP-SAT's subsolvers in its one or two threads). The engine solves times first and
venues after (`SolveOptions.times_first`, scheduler/solve/staged.py): every room is a candidate
of every lecture here, and choosing rooms together with periods slows CP-SAT's search down.
Targets: no hard violation anywhere; cost at or below the winner's mean on at least four of
comp01–comp07; comp01 at its optimum 5 — at 160 s with one worker and with two."""

SUMMARY_COLUMNS = ("instance", "costs by seed", "mean", "spread", "best_known", "winner_mean",
                   "mean ≤ winner")
COLUMNS = ("instance", "seed", "status", "cost", "bound", "first_s", "solve_s", "total_s", "hard", "checker",
           "best_known", "winner_mean", "stages", "note")


class UnknownInstance(ValueError):
    pass


@dataclass(frozen=True)
class Settings:
    time_limit: float
    workers: int
    seed: int = 0
    out: Path | None = None
    suffix: str = ""  # of the solution files' names (one per seed when several run)
    times_slices: bool = False  # the times model's search in slices (SolveOptions.times_slices)


@dataclass
class Row:
    instance: str
    status: str = ""
    seed: int = 0
    cost: int | None = None  # the scorer's UD2 cost
    objective: int | float | None = None  # the engine's
    bound: int | float | None = None
    first_s: float | None = None
    solve_s: float | None = None
    total_s: float | None = None
    hard: int | None = None  # the scorer's hard violations
    checker: int | None = None  # the engine checker's hard violations
    best_known: int | None = None
    winner_mean: float | None = None
    stages: str = ""  # where the time went: the staged run's steps, their seconds and objectives
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.hard == 0 and self.checker == 0

    def cells(self) -> list:
        values = {**self.__dict__, "note": "; ".join(self.notes)}
        return [values[column] for column in COLUMNS]


def bundled() -> list[str]:
    return sorted(path.stem for path in DATA.glob("*.ctt"))


def resolve(spec: str) -> Path:
    """A bundled instance by name (`comp01`), or a path to any `.ctt` file."""
    path = Path(spec)
    if path.is_file():
        return path
    named = DATA / f"{spec}.ctt"
    if named.is_file():
        return named
    raise UnknownInstance(f"no instance {spec!r}: not a file, nor one of {', '.join(bundled())}")


def engine_name(path: Path) -> str:
    """The file's stem as an instance id (letters, digits, '_', '.', '-')."""
    name = re.sub(r"[^\w.\-]", "_", path.stem)
    return name if re.match(r"\w", name) else f"ctt{name}"


def run_isolated(path: Path, settings: Settings) -> Row:
    """`run_one` in a child process, so that a solver abort (a failed CHECK inside OR-Tools)
    is one row of the table instead of the end of the run."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    reference = REFERENCES.get(path.stem)
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        try:
            return pool.submit(run_one, path, settings).result()
        except BrokenProcessPool:
            row = Row(path.stem, status="crashed", seed=settings.seed,
                      best_known=reference.best_known if reference else None,
                      winner_mean=reference.winner_mean if reference else None)
            row.notes.append("the solver process died (OR-Tools abort); see its message above")
            return row


def run_one(path: Path, settings: Settings) -> Row:
    from scheduler.check import validate_plan
    from scheduler.expand import expand
    from scheduler.solve import SolveOptions, solve_expansion, to_plan

    reference = REFERENCES.get(path.stem)
    row = Row(path.stem, seed=settings.seed, best_known=reference.best_known if reference else None,
              winner_mean=reference.winner_mean if reference else None)
    started = time.perf_counter()
    try:
        problem = read_ctt(path)
        instance = to_instance(problem, engine_name(path))
        expansion = expand(instance)
    except ValueError as error:  # CttError, CttImportError, the engine's validation errors
        row.status = "not imported"
        row.notes.append(str(error).splitlines()[0])
        return row
    # The competition's budget is wall-clock time, also with one worker.
    options = SolveOptions(time_limit=settings.time_limit, workers=settings.workers, seed=settings.seed,
                           deterministic=False, interleave=True, lns=False, times_first=True,
                           times_slices=settings.times_slices)
    result = solve_expansion(expansion, options)
    solve_started = time.perf_counter() - result.seconds
    row.status, row.objective, row.bound = result.status, result.objective, result.bound
    row.solve_s = round(result.seconds, 2)
    row.stages = stages(result.stats)
    if result.first_solution_seconds is not None:
        row.first_s = round(solve_started - started + result.first_solution_seconds, 2)
    if result.has_plan:
        plan = to_plan(expansion, result)
        row.checker = len(validate_plan(instance, plan))
        lectures = to_lectures(problem, plan)
        scored = score(problem, lectures)
        row.cost, row.hard = scored.cost, scored.hard
        if scored.hard:
            row.notes.append(scored.describe())
        if scored.cost != result.objective:
            row.notes.append(f"engine objective {result.objective}")
        if settings.out is not None:
            write_solution(settings.out / f"{path.stem}{settings.suffix}.sol", lectures)
    row.total_s = round(time.perf_counter() - started, 2)
    return row


def stages(stats) -> str:
    """The staged run (scheduler/solve/staged.py) step by step, each with its wall seconds and
    the objective after it: the model build, the first plan of times, the times model, every
    venue choice (added up), the home rounds, times and venues together."""
    parts = []
    if stats.build_seconds is not None:
        parts.append(f"build {stats.build_seconds:.0f}s")
    if stats.first_objective is not None:
        parts.append(f"first {stats.phase1_seconds or 0:.0f}s→{stats.first_objective}")
    if stats.times_seconds is not None:
        slices = f" ({stats.times_slices})" if stats.times_slices else ""
        parts.append(f"times {stats.times_seconds:.0f}s{slices}→{stats.times_objective}")
    if stats.venues_objective is not None:
        parts.append(f"venues {stats.venues_seconds:.0f}s→{stats.venues_objective}")
    if stats.home_rounds:
        parts.append(f"{stats.home_rounds} home rounds {stats.homes_seconds:.0f}s→{stats.homes_objective}")
    if stats.together_seconds is not None:
        parts.append(f"together {stats.together_seconds:.0f}s→{stats.together_objective}")
    if stats.strategy and "whole" in stats.strategy:
        parts.append("whole model")
    return ", ".join(parts)


def table(rows: list[Row]) -> str:
    from tabulate import tabulate

    return tabulate([row.cells() for row in rows], headers=COLUMNS, tablefmt="github")


def machine() -> str:
    """CPU model, core count, Python and OR-Tools versions."""
    import ortools

    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"OR-Tools {ortools.__version__}")


def summary(rows: list[Row]) -> str:
    """Per instance over its seeds: each seed's cost, the mean, the spread (max − min) and
    whether the mean is at or below the ITC2007 winner's mean."""
    from tabulate import tabulate

    by_instance: dict[str, list[Row]] = {}
    for row in rows:
        by_instance.setdefault(row.instance, []).append(row)
    lines = []
    for name, runs in by_instance.items():
        costs = [r.cost for r in runs if r.ok and r.cost is not None]
        mean = round(statistics.mean(costs), 1) if len(costs) == len(runs) else None
        winner = runs[0].winner_mean
        lines.append([name, " / ".join(str(r.cost) for r in runs), mean,
                      max(costs) - min(costs) if mean is not None else None, runs[0].best_known, winner,
                      "" if mean is None or winner is None else ("yes" if mean <= winner else "no")])
    return tabulate(lines, headers=SUMMARY_COLUMNS, tablefmt="github")


def record(rows: list[Row], settings: Settings, command: str, results: Path = RESULTS,
           today: dt.date | None = None) -> None:
    """Append this run to the CB-CTT section of the results file (created when missing),
    rewriting the file atomically; with several seeds, their summary follows the runs."""
    day = (today or dt.date.today()).isoformat()
    seeds = sorted({row.seed for row in rows})
    several = len(seeds) > 1
    said = f"seeds {', '.join(map(str, seeds))}" if several else f"seed {seeds[0] if seeds else settings.seed}"
    entry = (f"Measured {day} on {machine()}; --workers {settings.workers}, time limit "
             f"{settings.time_limit:g} s, {said}; command: `{command}`.\n\n"
             f"{table(rows)}\n\n" + (f"{summary(rows)}\n\n" if several else ""))
    append_entry(results, HEADING, INTRO, BEGIN, END, entry)
