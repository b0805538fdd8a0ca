"""venue_capacity: the venue seats all trainees of all classes of the session."""

from __future__ import annotations

from scheduler.check.context import CheckContext
from scheduler.check.messages import joined, named, say
from scheduler.check.violation import Violation
from scheduler.domain.values import Mode

RULE = "venue_capacity"


def check_venue_capacity(ctx: CheckContext) -> list[Violation]:
    found: list[Violation] = []
    for placed in ctx.placed:
        venue = ctx.venues.get(placed.venue or "")
        if venue is None or placed.item.mode is Mode.ONLINE:
            continue  # a missing, unknown or needless venue is venue_fit's business
        classes = [ctx.classes[c] for c in placed.classes if c in ctx.classes]
        trainees = ctx.instance.audience(placed.item, placed.classes)
        if venue.capacity + venue.overflow < trainees:
            found.append(Violation(RULE, say("capacity", venue=named(venue), capacity=venue.capacity,
                                             session=placed.id, classes=joined(map(named, classes)),
                                             trainees=trainees), (placed.id,)))
    return found
