"""Matching the (date, block) slots a session occupies against time rules."""

from __future__ import annotations

from scheduler.check.context import PlacedSession
from scheduler.domain.values import TimeRule


def matching_blocks(rule: TimeRule, placed: PlacedSession) -> list[str]:
    """Names of the session's occupied blocks that the rule matches on the session's date."""
    return [b.name for b in placed.blocks if rule.matches(placed.date, b.name)]
