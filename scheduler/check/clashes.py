"""Pairs of sessions that share a resource (teacher, venue, class) and overlap in time."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations

from scheduler.check.context import PlacedSession
from scheduler.check.timing import Span


@dataclass(frozen=True)
class Clash:
    resource: str  # the shared teacher, venue or class id
    date: dt.date
    span: Span  # the time both sessions hold the resource
    first: PlacedSession  # the one with the smaller id
    second: PlacedSession

    @property
    def sessions(self) -> tuple[str, str]:
        return (self.first.id, self.second.id)


def clashes(sessions: Iterable[PlacedSession],
            resources: Callable[[PlacedSession], Iterable[str]]) -> Iterator[Clash]:
    """Every pair of timed sessions on one date that hold a common resource at the same time.

    Sessions without a usable time span are skipped (site_calendar reports them).
    """
    by_resource_day: dict[tuple[str, dt.date], list[PlacedSession]] = defaultdict(list)
    for placed in sessions:
        if placed.span is None:
            continue
        for resource in dict.fromkeys(resources(placed)):
            by_resource_day[(resource, placed.date)].append(placed)
    for (resource, day), group in sorted(by_resource_day.items()):
        for a, b in combinations(sorted(group, key=lambda p: p.id), 2):
            if a.span.overlaps(b.span):
                yield Clash(resource, day, a.span.intersection(b.span), a, b)
