"""class_room_stability: the classrooms and halls a class uses at its own site, less one."""

from __future__ import annotations

from scheduler.check.case import Case
from scheduler.check.context import CheckContext
from scheduler.check.messages import joined, named, say
from scheduler.check.soft.sessions import at_own_site
from scheduler.domain.values import VenueKind

ROOM_KINDS = (VenueKind.CLASSROOM, VenueKind.HALL)


def check_class_room_stability(ctx: CheckContext) -> list[Case]:
    found: list[Case] = []
    for term_class in ctx.instance.classes:
        rooms: dict[str, list[str]] = {}
        for placed in at_own_site(ctx, term_class):
            venue = ctx.venues.get(placed.venue or "")
            if venue is not None and venue.kind in ROOM_KINDS:
                rooms.setdefault(venue.id, []).append(placed.id)
        if len(rooms) > 1:
            found.append(Case(len(rooms) - 1, say(
                "class_room_stability", cls=named(term_class), count=len(rooms),
                venues=joined(ctx.venue_label(v) for v in sorted(rooms))),
                tuple(sorted(s for group in rooms.values() for s in group))))
    return found
