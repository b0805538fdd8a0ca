"""teacher_available: no occupied block falls in a teacher's unavailable time or blackouts."""

from __future__ import annotations

from scheduler.check.blocks import matching_blocks
from scheduler.check.context import CheckContext
from scheduler.check.messages import joined, named, say, unavailable_reason
from scheduler.check.violation import Violation

RULE = "teacher_available"


def check_teacher_available(ctx: CheckContext) -> list[Violation]:
    found: list[Violation] = []
    for placed in ctx.placed:
        for teacher_id in placed.teachers:
            teacher = ctx.teachers.get(teacher_id)
            if teacher is None:
                continue  # reported under teacher_qualified
            reasons = [(rule, unavailable_reason(rule.note))
                       for rule in teacher.unavailable]
            reasons += [(b.when, say("blackout_rule", name=b.name))
                        for b in ctx.teacher_blackouts(teacher)]
            for rule, reason in reasons:
                hit = matching_blocks(rule, placed)
                if hit:
                    found.append(Violation(RULE, say("teacher_unavailable", teacher=named(teacher),
                                                     date=placed.date, blocks=joined(hit),
                                                     reason=reason, session=placed.id),
                                           (placed.id,)))
    return found
