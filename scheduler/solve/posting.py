"""The interface every rule module of solve/rules and solve/soft has, and how the model posts it.

A hard rule's `post(ctx)` adds constraints; a soft rule's returns its penalty terms. The
times-only model (solve/staged.py) has no venue variables: a rule on venues posts there only
what times alone decide of it, as its registry entry in TIMES_ONLY says.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from scheduler.solve.variables import ModelContext


class HardRuleModule(Protocol):
    RULE_ID: str

    def post(self, ctx: ModelContext) -> None: ...


class SoftRuleModule(Protocol):
    RULE_ID: str

    def post(self, ctx: ModelContext) -> list[Any]: ...


# What the times-only model posts of a rule on venues: a function, or None for nothing.
TimesOnly = Mapping[str, Callable[["ModelContext"], Any] | None]


def post_rule(module: HardRuleModule | SoftRuleModule, times_only: TimesOnly, ctx: ModelContext,
              venues: bool) -> Any:
    """Post a rule (returning a soft rule's terms); in the times-only model a rule listed in
    `times_only` posts its replacement there, or nothing (None)."""
    if venues or module.RULE_ID not in times_only:
        return module.post(ctx)
    replacement = times_only[module.RULE_ID]
    return replacement(ctx) if replacement is not None else None
