"""item_room_stability: the venues a curriculum item's sessions use, less one."""

from __future__ import annotations

from scheduler.check.case import Case
from scheduler.check.context import CheckContext
from scheduler.check.messages import joined, named, say
from scheduler.check.soft.sessions import by_item


def check_item_room_stability(ctx: CheckContext) -> list[Case]:
    found: list[Case] = []
    sessions = by_item(ctx)
    for term_class in ctx.instance.classes:
        for item in term_class.curriculum:
            placed = sessions.get((term_class.id, item.id), [])
            venues = sorted({p.venue for p in placed if p.venue is not None})
            if len(venues) > 1:
                found.append(Case(len(venues) - 1, say(
                    "item_room_stability", cls=named(term_class), title=item.title, item=item.id,
                    count=len(venues), venues=joined(map(ctx.venue_label, venues))),
                    tuple(sorted(p.id for p in placed))))
    return found
