"""class_venue_preference: a session of a class with preferred venues, held in another venue."""

from __future__ import annotations

from scheduler.check.case import Case
from scheduler.check.context import CheckContext
from scheduler.check.messages import joined, named, say
from scheduler.domain.values import Mode


def check_class_venue_preference(ctx: CheckContext) -> list[Case]:
    found: list[Case] = []
    for placed in ctx.timed():
        if placed.venue is None or placed.item.mode is Mode.ONLINE:
            continue
        for class_id in placed.classes:
            term_class = ctx.classes.get(class_id)
            if term_class is None or not term_class.preferred_venues:
                continue
            if placed.venue not in term_class.preferred_venues:
                found.append(Case(1, say(
                    "class_venue_preference", cls=named(term_class),
                    preferred=joined(map(ctx.venue_label, term_class.preferred_venues)),
                    session=placed.id, venue=ctx.venue_label(placed.venue)), (placed.id,)))
    return found
