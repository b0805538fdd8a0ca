"""Two neighbourhoods of a plan solved at once, when they cannot touch each other.

Two sets of sessions whose classes differ and whose sessions may use no teacher or venue in
common are independent neighbourhoods of a plan (solve/lns.py): a neighbourhood holds every
session that uses a teacher or venue its free sessions may take, so neither's model holds a
session of the other, before or after the other's solve, and every rule the neighbourhoods
count is a class's or a teacher's (or a venue's, through its sessions). Solving both from the
same plan and taking both answers is then what solving them one after the other would give.

Python builds the models one at a time (the interpreter's lock); CP-SAT's solves, which free
that lock, run beside the other lane's building. On county M half of a component's time in
the sweep is its solve; with two lanes the second core works where it sat idle.

`run_lanes` is the scheduler: items in order, each taken by the first lane free when no
item in flight shares a resource with it; what a lane's work returns is applied to the plan
under a lock, so a lane's snapshot of the plan is always whole.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Generic, TypeVar

from scheduler.expand import Session
from scheduler.solve.result import Assignment

Item = TypeVar("Item")
Plan = dict[str, Assignment]
LOOK_AHEAD = 64  # items scanned for one that shares nothing with those in flight


def resources(sessions: Iterable[Session]) -> frozenset[Hashable]:
    """What joins these sessions to others: their classes and the teachers and venues they
    may use."""
    joined: set[Hashable] = set()
    for session in sessions:
        joined.update(("class", c) for c in session.class_ids)
        joined.update(("teacher", c.id) for c in session.teachers)
        joined.update(("venue", c.id) for c in session.venues)
    return frozenset(joined)


class Lanes(Generic[Item]):
    """Items worked on by `count` lanes (this thread is the first), each item at a time when
    no item in flight shares a resource with it.

    `work(item, plan, n)` gets a snapshot of the plan and the item's number and returns the
    plan's new assignments and whether the item is done for good; an item not done goes to
    the next pass, while `more()` allows. `after(plan)` runs in this thread after each of its
    items, with a snapshot."""

    def __init__(self, plan: Plan, resources_of: Callable[[Item], frozenset[Hashable]], count: int = 2):
        self.plan = plan
        self.resources_of = resources_of
        self.count = count
        self.done = 0
        self._cond = threading.Condition()
        self._busy: set[Hashable] = set()
        self._in_flight = 0
        self._pending: list[Item] = []
        self._again: list[Item] = []
        self._error: BaseException | None = None

    def run(self, items: Sequence[Item], work: Callable[[Item, Plan, int], tuple[Plan, bool]],
            more: Callable[[], bool], after: Callable[[Plan], None] | None = None) -> int:
        """Work through `items` (passes over those not done, while `more()`); returns how many
        were worked on."""
        self._pending = list(items)
        others = [threading.Thread(target=self._lane, args=(work, more, None), daemon=True)
                  for _ in range(self.count - 1)]
        for thread in others:
            thread.start()
        try:
            self._lane(work, more, after)
        finally:
            with self._cond:
                self._cond.notify_all()
            for thread in others:
                thread.join()
        if self._error is not None:
            raise self._error
        return self.done

    def _lane(self, work, more, after) -> None:
        try:
            while (taken := self._take(more)) is not None:
                item, snapshot, number = taken
                try:
                    update, finished = work(item, snapshot, number)
                except BaseException:
                    self._release(item, {}, True)
                    raise
                snapshot = self._release(item, update, finished)
                if after is not None:
                    after(snapshot)
        except BaseException as exc:  # noqa: BLE001 - raised again by run, in the first lane
            with self._cond:
                self._error = self._error or exc
                self._cond.notify_all()

    def _take(self, more: Callable[[], bool]) -> tuple[Item, Plan, int] | None:
        with self._cond:
            while True:
                if self._error is not None or not more():
                    return None
                if not self._pending and not self._in_flight:
                    if not self._again:
                        return None
                    self._pending, self._again = self._again, []
                for index, item in enumerate(self._pending[:LOOK_AHEAD]):
                    needs = self.resources_of(item)
                    if needs.isdisjoint(self._busy):
                        del self._pending[index]
                        self._busy.update(needs)
                        self._in_flight += 1
                        number = self.done
                        self.done += 1
                        return item, dict(self.plan), number
                self._cond.wait(0.1)  # everything near shares with what is in flight

    def _release(self, item: Item, update: Plan, finished: bool) -> Plan:
        with self._cond:
            self.plan.update(update)
            self._busy.difference_update(self.resources_of(item))
            self._in_flight -= 1
            if not finished:
                self._again.append(item)
            self._cond.notify_all()
            return dict(self.plan)
