"""A run's wall-clock deadline and Ctrl-C, for every CP-SAT solve in it.

Every solve goes through `Control.solve`: it runs in a worker thread, so that the main thread
stays free to take Ctrl-C; its time is cut to the wall seconds left before the deadline; and
Ctrl-C stops it at once. Ctrl-C itself only sets `interrupted`: each phase ends at its next
check and the run keeps the best plan it has. Before the first plan there is nothing to keep,
so inside `abortable()` (building the model, the greedy plan, the parts' bound with one
worker) Ctrl-C raises KeyboardInterrupt at once instead. A second Ctrl-C ends the process at
once (exit 130), writing nothing, except inside `critical()` (writing a file), where it waits
for the write to end.

Solves with `protected=True` (the final evaluation of a plan) are cut by neither: they are
short, and a plan without them would have no exact penalty. `reserve` keeps time before the
deadline for them.

CP-SAT's own Ctrl-C handler (`catch_sigint_signal`, on by default) must stay off: it sets
SIGINT back to the default action when its solve ends, and the next Ctrl-C then kills the
process. `solve` turns it off for every solver.

Test hook: SCHEDULER_TEST_INTERRUPT_AT=<phase>[,<phase>...] sends the process SIGINT when the
run enters each of those phases (`Control.phase`: load, build, greedy, first_plan,
parts_bound, sweep, rechoose, lns, whole, final, check, write; replan, quality; explain), so
that tests press Ctrl-C at a chosen moment.

The deadline ends an abortable phase too (a county's model takes seconds to build): the
heartbeat raises KeyboardInterrupt in it as Ctrl-C would, without `interrupted`.
"""

from __future__ import annotations

import _thread
import math
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from ortools.sat.python import cp_model

from scheduler.solve import heap

INTERRUPT_AT = "SCHEDULER_TEST_INTERRUPT_AT"
EXIT_INTERRUPTED = 130  # the shell's code for a process ended by Ctrl-C
HEARTBEAT = 1.0  # seconds between calls of `tick` (which decides itself whether to report)


class Control:
    """The deadline (wall seconds, perf_counter) and Ctrl-C state of one run."""

    def __init__(self, seconds: float | None = None):
        self.started = time.perf_counter()
        self.deadline = None if seconds is None else self.started + seconds
        self.reserve = 0.0  # seconds kept before the deadline for the final evaluation
        self.interrupted = False
        self.cut = False  # the deadline stopped something before its own budget ended
        self.phase_name = ""
        self.tick: Callable[[], None] | None = None  # progress's sign of life, see heartbeat
        self.on_abort: list[Callable[[], None]] = []  # before a second Ctrl-C ends the process
        self._active: set[cp_model.CpSolver] = set()
        self._lock = threading.Lock()
        self._abortable = 0
        self._critical = 0
        self._abort_pending = False
        self._timeout_pending = False
        self._previous: Any = None  # the SIGINT handler to put back
        self._heartbeat: threading.Event | None = None

    # --- time ---
    def left(self) -> float:
        """Wall seconds left for searching (inf without a deadline)."""
        if self.deadline is None:
            return math.inf
        return max(0.0, self.deadline - self.reserve - time.perf_counter())

    def stopping(self) -> bool:
        """Whether searches should end now: Ctrl-C, or the deadline reached."""
        if self.interrupted:
            return True
        if self.left() <= 0:
            self.cut = True  # whatever asks stops before its own budget ends
            return True
        return False

    def keep(self, seconds: float) -> None:
        """Keep `seconds` before the deadline for the final evaluation."""
        self.reserve = max(self.reserve, seconds)

    def extend(self, seconds: float) -> None:
        """A new deadline `seconds` from now (a step after the run, with a limit of its own)."""
        self.deadline = time.perf_counter() + seconds
        self.reserve = 0.0

    # --- solves ---
    def solve(self, solver: cp_model.CpSolver, model: cp_model.CpModel, callback=None,
              protected: bool = False) -> cp_model.CpSolverStatus:
        """`solver.solve(model, callback)` within the deadline, stopped by Ctrl-C (neither when
        `protected`). A solve not started (stopping already) returns UNKNOWN: read the solver
        through `deterministic_time` and `wall_time` then."""
        params = solver.parameters
        params.catch_sigint_signal = False
        if not protected:
            if self.stopping():
                return cp_model.UNKNOWN
            left = self.left()
            if left < params.max_time_in_seconds:
                params.max_time_in_seconds = max(0.01, left)
                capped = True
            else:
                capped = False
        outcome: list[cp_model.CpSolverStatus] = []
        errors: list[BaseException] = []
        done = threading.Event()

        def work() -> None:
            try:
                outcome.append(solver.solve(model, callback) if callback is not None else solver.solve(model))
            except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
                errors.append(exc)
            finally:
                done.set()

        if not protected:
            with self._lock:
                self._active.add(solver)
        try:
            threading.Thread(target=work, daemon=True).start()
            # Wait on an Event, not Thread.join: a join interrupted by Ctrl-C can leave the
            # thread looking finished while CP-SAT still runs in it.
            while not done.is_set():
                try:
                    done.wait(0.1)
                except KeyboardInterrupt:  # abortable: stop the solve, then go on raising
                    solver.stop_search()
                    while not done.wait(0.1):
                        solver.stop_search()
                    raise
                if not protected and self.interrupted:
                    solver.stop_search()  # asked before the search began is lost: ask again
        finally:
            with self._lock:
                self._active.discard(solver)
            if len(model.proto.variables) >= heap.LARGE:
                heap.release()  # what the solve's threads freed, before the next one allocates
        if errors:
            raise errors[0]
        status = outcome[0] if outcome else cp_model.UNKNOWN
        if not protected and capped and status not in (cp_model.OPTIMAL, cp_model.INFEASIBLE):
            self.stopping()  # notes a cut when the deadline stopped it
        return status

    # --- Ctrl-C ---
    def phase(self, name: str) -> None:
        """The run enters phase `name` (the test hook may press Ctrl-C here)."""
        self.phase_name = name
        heap.release()  # what the last phase freed
        if name in os.environ.get(INTERRUPT_AT, "").split(","):
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)  # let the handler run here, in this phase

    @contextmanager
    def abortable(self) -> Iterator[None]:
        """Ctrl-C raises KeyboardInterrupt here (nothing to keep yet)."""
        self._abortable += 1
        try:
            if self.stopping():
                raise KeyboardInterrupt
            yield
        finally:
            self._abortable -= 1

    @contextmanager
    def critical(self) -> Iterator[None]:
        """A second Ctrl-C waits for this to end (a file being written)."""
        self._critical += 1
        try:
            yield
        finally:
            self._critical -= 1
            if self._abort_pending and not self._critical:
                self._abort()

    def _on_sigint(self, signum, frame) -> None:
        if self._timeout_pending:  # the heartbeat's, not the user's
            self._timeout_pending = False
            if self._abortable:
                raise KeyboardInterrupt
            return
        if self.interrupted and not self._abortable:
            if self._critical:
                self._abort_pending = True
                return
            self._abort()
        self.interrupted = True
        with self._lock:
            for solver in self._active:
                solver.stop_search()
        if self._abortable:
            raise KeyboardInterrupt

    def _abort(self) -> None:
        from scheduler import text

        for cleanup in self.on_abort:
            try:
                cleanup()
            except Exception:  # noqa: BLE001 - leaving anyway
                pass
        try:
            sys.stderr.write(text.INTERRUPTED_AGAIN + "\n")
            sys.stderr.flush()
        finally:
            os._exit(EXIT_INTERRUPTED)

    # --- the run's lifetime ---
    def __enter__(self) -> Control:
        global _current
        self._outer = _current
        _current = self
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._on_sigint)
        self._heartbeat = threading.Event()
        threading.Thread(target=self._beat, args=(self._heartbeat,), daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        global _current
        if self._heartbeat is not None:
            self._heartbeat.set()
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None
        _current = self._outer

    def _beat(self, stop: threading.Event) -> None:
        """A sign of life every few seconds in every phase, including the long ones that run
        no solver (building a county's model takes seconds)."""
        while not stop.wait(HEARTBEAT):
            if self._abortable and self._previous is not None and self.stopping() and not self.interrupted \
                    and not self._timeout_pending:
                self._timeout_pending = True
                _thread.interrupt_main(signal.SIGINT)  # runs _on_sigint in the main thread
            tick = self.tick
            if tick is not None:
                try:
                    tick()
                except Exception:  # noqa: BLE001 - progress must never end a run
                    pass


_current: Control | None = None
_UNLIMITED = Control()


def current() -> Control:
    """The running control, or one without deadline that never sees Ctrl-C."""
    return _current if _current is not None else _UNLIMITED


@contextmanager
def running(seconds: float | None) -> Iterator[Control]:
    """The run's control: the one already running (a command that set its deadline from its
    own start), else a new one with a deadline `seconds` from now."""
    if _current is not None:
        yield _current
        return
    with Control(seconds) as made:
        yield made


def deterministic_time(solver: cp_model.CpSolver) -> float:
    """The solver's deterministic time; 0 when it did not run (stopped before it began)."""
    try:
        return solver.deterministic_time
    except RuntimeError:
        return 0.0


def wall_time(solver: cp_model.CpSolver) -> float:
    """The solver's wall time; 0 when it did not run."""
    try:
        return solver.wall_time
    except RuntimeError:
        return 0.0
