"""class_hours: a class's hours within its min_hours..max_hours."""

from __future__ import annotations

from scheduler.check.case import Case
from scheduler.check.compliance import hours, missing_sessions
from scheduler.check.context import CheckContext
from scheduler.check.policy_cases import as_violations
from scheduler.check.violation import Violation
from scheduler.policy import messages as msg

RULE = "class_hours"


def cases(ctx: CheckContext) -> list[Case]:
    found = []
    for term_class in ctx.instance.classes:
        low, high = term_class.min_hours, term_class.max_hours
        if low is None and high is None:
            continue
        total = sum(hours(ctx, p) for p in ctx.attending(term_class.id))
        cls, absent = ctx.class_label(term_class.id), missing_sessions(ctx, term_class.id)
        if low is not None and total < low:
            found.append(Case(low - total, msg.HOURS_LOW.format(cls=cls, hours=total, bound=low), absent))
        if high is not None and total > high:
            found.append(Case(total - high, msg.HOURS_HIGH.format(cls=cls, hours=total, bound=high), absent))
    return found


def check_class_hours(ctx: CheckContext) -> list[Violation]:
    return as_violations(ctx, RULE, cases)
