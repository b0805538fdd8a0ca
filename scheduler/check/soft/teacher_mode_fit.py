"""teacher_mode_fit: field and practice sessions for experts; theory not for experts or part-timers."""

from __future__ import annotations

from scheduler.check.case import Case
from scheduler.check.context import CheckContext
from scheduler.check.messages import named, say
from scheduler.check.soft.sessions import teaching
from scheduler.domain.values import Mode, TeacherKind, TopicKind
from scheduler.text import TEACHER_KIND_NAMES

THEORY_MISFITS = (TeacherKind.EXPERT, TeacherKind.PARTTIME)


def check_teacher_mode_fit(ctx: CheckContext) -> list[Case]:
    found: list[Case] = []
    for teacher in ctx.instance.teachers:
        for placed in teaching(ctx, teacher.id):
            topic = ctx.topics.get(placed.item.topic)
            kind = topic.kind if topic is not None else TopicKind.GENERAL
            if placed.item.mode is Mode.FIELD or kind is TopicKind.PRACTICE:
                # the field/practice clause wins, also for a field session on a theory topic
                misfit = teacher.kind is not TeacherKind.EXPERT
                key = "mode_fit_field" if placed.item.mode is Mode.FIELD else "mode_fit_practice"
            elif kind is TopicKind.THEORY:
                misfit = teacher.kind in THEORY_MISFITS
                key = "mode_fit_theory"
            else:
                continue
            if misfit:
                found.append(Case(1, say(key, teacher=named(teacher),
                                         kind=TEACHER_KIND_NAMES[teacher.kind],
                                         topic=ctx.topic_label(placed.item.topic),
                                         session=placed.id), (placed.id,)))
    return found
