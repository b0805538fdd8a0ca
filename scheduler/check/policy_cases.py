"""The policy rules' checker faces share this: the cases a plan breaks, reported as hard
violations or as soft cases according to the instance's `policies`."""

from __future__ import annotations

from collections.abc import Callable

from scheduler.check.case import Case
from scheduler.check.context import CheckContext
from scheduler.check.violation import Violation
from scheduler.domain.policies import Level

CaseFinder = Callable[[CheckContext], list[Case]]


def as_violations(ctx: CheckContext, rule: str, cases: CaseFinder) -> list[Violation]:
    """The cases as violations when the rule is hard in this instance; none otherwise."""
    if ctx.instance.policy(rule) is not Level.HARD:
        return []
    return [Violation(rule, case.message, case.sessions) for case in cases(ctx)]
