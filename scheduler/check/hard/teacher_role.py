"""teacher_role: a session of an item asking for a kind or role of teacher has one."""

from __future__ import annotations

from scheduler.check.case import Case
from scheduler.check.compliance import lacks_teacher
from scheduler.check.context import CheckContext
from scheduler.check.messages import joined
from scheduler.check.policy_cases import as_violations
from scheduler.check.violation import Violation
from scheduler.policy import messages as msg

RULE = "teacher_role"


def cases(ctx: CheckContext) -> list[Case]:
    found = []
    for placed in ctx.placed:
        if lacks_teacher(ctx, placed):
            item = placed.item
            found.append(Case(1, msg.TEACHER_ROLE.format(
                session=placed.id, title=item.title, need=msg.requirement(item.teacher_kind, item.teacher_role),
                teachers=joined(map(ctx.teacher_label, placed.teachers))), (placed.id,)))
    return found


def check_teacher_role(ctx: CheckContext) -> list[Violation]:
    return as_violations(ctx, RULE, cases)
