"""item_spread: an item's sessions fall on fewer distinct dates than its min_days."""

from __future__ import annotations

from scheduler.check.case import Case
from scheduler.check.context import CheckContext
from scheduler.check.messages import named, say
from scheduler.check.soft.sessions import by_item


def check_item_spread(ctx: CheckContext) -> list[Case]:
    found: list[Case] = []
    sessions = by_item(ctx)
    for term_class in ctx.instance.classes:
        for item in term_class.curriculum:
            placed = sessions.get((term_class.id, item.id), [])
            min_days = item.min_days or item.sessions
            spread = len({p.date for p in placed})
            if spread < min_days:
                found.append(Case(min_days - spread, say(
                    "item_spread", cls=named(term_class), title=item.title, item=item.id,
                    sessions=item.sessions, days=spread, min_days=min_days),
                    tuple(sorted(p.id for p in placed))))
    return found
