"""teacher_count: the item's number of distinct teachers, including every designated one."""

from __future__ import annotations

from collections import Counter

from scheduler.check.context import CheckContext
from scheduler.check.messages import joined, say
from scheduler.check.violation import Violation

RULE = "teacher_count"


def check_teacher_count(ctx: CheckContext) -> list[Violation]:
    found: list[Violation] = []
    for placed in ctx.placed:
        repeated = sorted(t for t, n in Counter(placed.entry.teachers).items() if n > 1)
        if repeated:
            found.append(Violation(RULE, say("repeated_teacher", session=placed.id,
                                             teachers=joined(map(ctx.teacher_label, repeated))),
                                   (placed.id,)))
        wanted, given = placed.item.teachers_needed, placed.teachers
        if len(given) != wanted:
            found.append(Violation(RULE, say("teacher_number", session=placed.id, wanted=wanted,
                                             found=len(given),
                                             teachers=joined(map(ctx.teacher_label, given))),
                                   (placed.id,)))
        for teacher_id in placed.item.teachers:
            if teacher_id not in given:
                found.append(Violation(RULE, say("missing_designated", session=placed.id,
                                                 teacher=ctx.teacher_label(teacher_id)),
                                       (placed.id,)))
    return found
