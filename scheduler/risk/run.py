"""The replans of a robustness report, in worker processes.

Each worker process (spawned: a fresh interpreter, no copy of the parent's solver threads)
loads the instance and the baseline once, then replans one dropout at a time. Rows come back
in any order and are returned in the scenarios' order, so that the report never depends on
which worker finished first. With one job the replans run in this process instead.

Ctrl-C stops everything: the workers ignore SIGINT outside their solves, the parent cancels
what has not started, terminates the running workers and raises KeyboardInterrupt; the
command then exits 130 without writing. A worker's own replan that saw Ctrl-C (the terminal
sends it to the whole process group) returns a row marked interrupted, which counts the same.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

from scheduler.domain.instance import Instance
from scheduler.domain.plan import Plan
from scheduler.risk.assess import Row, Settings, assess
from scheduler.risk.scenarios import Scenario

Progress = Callable[[int, Row], None]  # (rows done, the row just done)

_state: dict = {}  # a worker process's instance, baseline and settings


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def assess_all(instance: Instance, baseline: Plan, todo: list[Scenario], settings: Settings,
               jobs: int = 1, progress: Progress | None = None) -> list[Row]:
    """A row per scenario, in the scenarios' order; KeyboardInterrupt on Ctrl-C."""
    if jobs <= 1 or len(todo) <= 1:
        return _in_process(instance, baseline, todo, settings, progress)
    return _in_pool(instance, baseline, todo, settings, min(jobs, len(todo)), progress)


def _in_process(instance, baseline, todo, settings, progress) -> list[Row]:
    rows = []
    for scenario in todo:
        row = assess(instance, baseline, scenario, settings)
        if row.interrupted:
            raise KeyboardInterrupt
        rows.append(row)
        if progress is not None:
            progress(len(rows), row)
    return rows


def _in_pool(instance, baseline, todo, settings, jobs, progress) -> list[Row]:
    context = multiprocessing.get_context("spawn")
    data = (instance.model_dump(mode="json", by_alias=True), baseline.model_dump(mode="json"), settings)
    rows: dict[int, Row] = {}
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=data)
    try:
        pending = {pool.submit(_work, scenario): n for n, scenario in enumerate(todo)}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=pending.get):
                n = pending.pop(future)
                row = future.result()
                if row.interrupted:
                    raise KeyboardInterrupt
                rows[n] = row
                if progress is not None:
                    progress(len(rows), row)
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()
    return [rows[n] for n in range(len(todo))]


def _stop(pool: ProcessPoolExecutor) -> None:
    """Nothing more starts, and the replans running end now (they keep nothing)."""
    pool.shutdown(wait=False, cancel_futures=True)
    for child in multiprocessing.active_children():  # only this process's own children
        child.terminate()
    for child in multiprocessing.active_children():
        child.join(5)


def _start_worker(instance_data: dict, plan_data: dict, settings: Settings) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides; a solve's control takes it
    _state["instance"] = Instance.model_validate(instance_data)
    _state["baseline"] = Plan.model_validate(plan_data)
    _state["settings"] = settings


def _work(scenario: Scenario) -> Row:
    return assess(_state["instance"], _state["baseline"], scenario, _state["settings"])
