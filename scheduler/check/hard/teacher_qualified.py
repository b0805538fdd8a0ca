"""teacher_qualified: a teacher teaches the session's topic, at its site's tier and township."""

from __future__ import annotations

from scheduler.check.context import CheckContext, PlacedSession
from scheduler.check.messages import joined, named, say
from scheduler.check.violation import Violation
from scheduler.domain.records import Teacher
from scheduler.text import TIER_NAMES

RULE = "teacher_qualified"


def check_teacher_qualified(ctx: CheckContext) -> list[Violation]:
    found: list[Violation] = []
    for placed in ctx.placed:
        for teacher_id in placed.teachers:
            teacher = ctx.teachers.get(teacher_id)
            if teacher is None:
                messages = [say("unknown_teacher", session=placed.id, teacher=teacher_id)]
            else:
                messages = _unqualified(ctx, teacher, placed)
            found.extend(Violation(RULE, message, (placed.id,)) for message in messages)
    return found


def _unqualified(ctx: CheckContext, teacher: Teacher, placed: PlacedSession) -> list[str]:
    site, topic = placed.site, placed.item.topic
    problems = []
    if topic not in teacher.topics:
        problems.append(say("wrong_topic", teacher=named(teacher), topic=ctx.topic_label(topic),
                            session=placed.id))
    if teacher.tiers is not None and site.tier not in teacher.tiers:
        problems.append(say("wrong_tier", teacher=named(teacher),
                            tiers=joined(TIER_NAMES[t] for t in teacher.tiers),
                            session=placed.id, tier=TIER_NAMES[site.tier], site=named(site)))
    if teacher.townships is not None and site.township not in teacher.townships:
        problems.append(say("wrong_township", teacher=named(teacher),
                            townships=joined(map(ctx.township_label, teacher.townships)),
                            session=placed.id, site=named(site),
                            township=ctx.township_label(site.township)))
    return problems
