"""soft_capacity: the seats a session's venue lacks for all trainees of its classes."""

from __future__ import annotations

from scheduler.check.case import Case
from scheduler.check.context import CheckContext
from scheduler.check.messages import joined, named, say
from scheduler.domain.values import Mode


def check_soft_capacity(ctx: CheckContext) -> list[Case]:
    found: list[Case] = []
    for placed in ctx.timed():
        venue = ctx.venues.get(placed.venue or "")
        if venue is None or placed.item.mode is Mode.ONLINE:
            continue  # a missing, unknown or needless venue is venue_fit's business
        classes = [ctx.classes[c] for c in placed.classes if c in ctx.classes]
        trainees = ctx.instance.audience(placed.item, placed.classes)
        missing = trainees - venue.capacity
        if missing > 0:
            found.append(Case(missing, say(
                "soft_capacity", venue=named(venue), capacity=venue.capacity, session=placed.id,
                classes=joined(map(named, classes)), trainees=trainees, missing=missing),
                (placed.id,)))
    return found
