"""One broken hard rule, as the checker reports it."""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.rules import HARD_RULES, rule_name

_RULE_ORDER = {rule.id: position for position, rule in enumerate(HARD_RULES)}


@dataclass(frozen=True)
class Violation:
    """A hard rule that the plan breaks, with a one-line Chinese message and the sessions involved."""

    rule: str
    message: str
    sessions: tuple[str, ...] = ()

    @property
    def rule_name(self) -> str:
        """What county staff call the rule, e.g. 教师同一时段只能上一门课."""
        return rule_name(self.rule)

    def __str__(self) -> str:
        return f"[{self.rule}] {self.message}"


def sort_key(violation: Violation) -> tuple[int, str, tuple[str, ...]]:
    """Rule order of the registry first, then the message text."""
    return (_RULE_ORDER.get(violation.rule, len(_RULE_ORDER)), violation.message, violation.sessions)
