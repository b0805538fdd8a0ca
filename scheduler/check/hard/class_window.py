"""class_window: a session lies within the dates of every class that attends it."""

from __future__ import annotations

from scheduler.check.context import CheckContext
from scheduler.check.messages import named, say
from scheduler.check.violation import Violation

RULE = "class_window"


def check_class_window(ctx: CheckContext) -> list[Violation]:
    found: list[Violation] = []
    for placed in ctx.placed:
        for class_id in placed.classes:
            term_class = ctx.classes.get(class_id)
            if term_class is None or term_class.start <= placed.date <= term_class.end:
                continue
            found.append(Violation(RULE, say("outside_class", session=placed.id, date=placed.date,
                                             cls=named(term_class), start=term_class.start,
                                             end=term_class.end), (placed.id,)))
    return found
