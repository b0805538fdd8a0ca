"""four_plus_n: a "4+N" class attends the four main topics, its joint sessions included."""

from __future__ import annotations

from scheduler.check.case import Case
from scheduler.check.compliance import missing_sessions
from scheduler.check.context import CheckContext
from scheduler.check.policy_cases import as_violations
from scheduler.check.violation import Violation
from scheduler.policy import measures
from scheduler.policy import messages as msg

RULE = "four_plus_n"


def cases(ctx: CheckContext) -> list[Case]:
    found = []
    for term_class in ctx.instance.classes:
        if not term_class.four_plus_n:
            continue
        attended = {p.item.topic for p in ctx.attending(term_class.id)}
        missing = measures.missing_main_topics(ctx.instance, attended)
        if missing:
            found.append(Case(len(missing), msg.FOUR_PLUS_N.format(
                cls=ctx.class_label(term_class.id), topics="、".join(map(ctx.topic_label, missing))),
                missing_sessions(ctx, term_class.id, set(missing))))
    return found


def check_four_plus_n(ctx: CheckContext) -> list[Violation]:
    return as_violations(ctx, RULE, cases)
