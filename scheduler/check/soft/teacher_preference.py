"""teacher_preference: a session in a teacher's avoided time, or outside the preferred time."""

from __future__ import annotations

from scheduler.check.blocks import matching_blocks
from scheduler.check.case import Case
from scheduler.check.context import CheckContext
from scheduler.check.messages import REASON_SEPARATOR, joined, named, note_suffix, say
from scheduler.check.soft.sessions import teaching


def check_teacher_preference(ctx: CheckContext) -> list[Case]:
    found: list[Case] = []
    for teacher in ctx.instance.teachers:
        for placed in teaching(ctx, teacher.id):
            reasons = []
            avoided = next((rule for rule in teacher.avoids if matching_blocks(rule, placed)), None)
            if avoided is not None:
                reasons.append(say("preference_avoided", note=note_suffix(avoided.note)))
            if teacher.prefers and not any(matching_blocks(rule, placed) for rule in teacher.prefers):
                reasons.append(say("preference_not_preferred"))
            if reasons:
                found.append(Case(len(reasons), say(
                    "preference", teacher=named(teacher), session=placed.id, date=placed.date,
                    blocks=joined(b.name for b in placed.blocks),
                    reasons=REASON_SEPARATOR.join(reasons)), (placed.id,)))
    return found
