"""One place where a plan bends a soft rule, as the checker reports it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    """A bent soft rule: how many violations it contributes (> 0) and a one-line Chinese message."""

    amount: int
    message: str
    sessions: tuple[str, ...] = ()


def worst_first(case: Case) -> tuple[int, str, tuple[str, ...]]:
    """Largest amount first, then the message text (deterministic)."""
    return (-case.amount, case.message, case.sessions)
