"""interactive_share: per class, enough interactive hours, and enough case hours within them."""

from __future__ import annotations

from scheduler.check.case import Case
from scheduler.check.compliance import interactive_hours, missing_sessions, shortfall
from scheduler.check.context import CheckContext
from scheduler.check.policy_cases import as_violations
from scheduler.check.violation import Violation
from scheduler.policy import measures
from scheduler.policy import messages as msg

RULE = "interactive_share"


def cases(ctx: CheckContext) -> list[Case]:
    if not measures.interactive_in_force(ctx.instance):
        return []
    standards = ctx.instance.standards
    found = []
    for term_class in ctx.instance.classes:
        total, inter, case = interactive_hours(ctx, term_class.id)
        cls, absent = ctx.class_label(term_class.id), missing_sessions(ctx, term_class.id)
        short = shortfall(total, standards.min_interactive_percent, inter)
        if short:
            found.append(Case(short, msg.INTERACTIVE.format(
                cls=cls, inter=inter, total=total, share=round(100 * inter / total),
                percent=standards.min_interactive_percent, short=short), absent))
        short = shortfall(inter, standards.min_case_percent, case)
        if short:
            found.append(Case(short, msg.CASE.format(cls=cls, case=case, inter=inter,
                                                     percent=standards.min_case_percent, short=short), absent))
    return found


def check_interactive_share(ctx: CheckContext) -> list[Violation]:
    return as_violations(ctx, RULE, cases)
