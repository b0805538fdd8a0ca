"""teacher_obligation: each period of an obligation holds enough of the teacher's sessions."""

from __future__ import annotations

from scheduler.check.context import CheckContext
from scheduler.check.messages import named, note_suffix, say
from scheduler.check.periods import obligation_periods
from scheduler.check.violation import Violation

RULE = "teacher_obligation"


def check_teacher_obligation(ctx: CheckContext) -> list[Violation]:
    found: list[Violation] = []
    term = ctx.instance.term
    for teacher in ctx.instance.teachers:
        own = ctx.taught_by(teacher.id)
        for obligation in teacher.obligations:
            relevant = [p for p in own if obligation.topic in (None, p.item.topic)]
            what = (say("obligation_topic", topic=ctx.topic_label(obligation.topic))
                    if obligation.topic else "")
            for period in obligation_periods(obligation.period, term.start, term.end):
                ids = tuple(sorted(p.id for p in relevant if period.contains(p.date)))
                if len(ids) < obligation.min_sessions:
                    found.append(Violation(RULE, say("obligation", teacher=named(teacher),
                                                     period=period.label, start=period.start,
                                                     end=period.end, what=what, count=len(ids),
                                                     wanted=obligation.min_sessions,
                                                     note=note_suffix(obligation.note)), ids))
    return found
