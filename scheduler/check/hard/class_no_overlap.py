"""class_no_overlap: a class attends one session at a time, its joint sessions included."""

from __future__ import annotations

from scheduler.check.clashes import clashes
from scheduler.check.context import CheckContext
from scheduler.check.messages import say
from scheduler.check.violation import Violation

RULE = "class_no_overlap"


def check_class_no_overlap(ctx: CheckContext) -> list[Violation]:
    return [Violation(RULE, say("class_overlap", cls=ctx.class_label(c.resource), date=c.date,
                                span=c.span.label, first=c.first.id, second=c.second.id),
                      c.sessions)
            for c in clashes(ctx.placed, lambda p: p.classes)]
