"""teacher_no_overlap: a teacher is in one session at a time, across all three tiers."""

from __future__ import annotations

from scheduler.check.clashes import clashes
from scheduler.check.context import CheckContext
from scheduler.check.messages import say
from scheduler.check.violation import Violation

RULE = "teacher_no_overlap"


def check_teacher_no_overlap(ctx: CheckContext) -> list[Violation]:
    return [Violation(RULE, say("teacher_overlap", teacher=ctx.teacher_label(c.resource),
                                date=c.date, span=c.span.label, first=c.first.id,
                                second=c.second.id), c.sessions)
            for c in clashes(ctx.placed, lambda p: p.teachers)]
