"""Helpers shared by the soft-rule modules: views of the slot literals by day and block."""

from __future__ import annotations

from collections import defaultdict
from math import ceil


def day_literals(sv) -> dict[int, list]:
    """The session's slot literals grouped by day index."""
    grouped: dict[int, list] = defaultdict(list)
    for t, slot in enumerate(sv.session.slots):
        grouped[slot.day].append(sv.x[t])
    return grouped


def home_sessions(ctx, class_id: str) -> list:
    """Session variables of the sessions a class attends that are held at its own site."""
    home = ctx.expansion.instance.term_class(class_id).site
    return [ctx.by_id[s.id] for s in ctx.expansion.sessions_by_class.get(class_id, [])
            if s.site.id == home]


def tens_of_minutes(minutes: int) -> int:
    return ceil(minutes / 10)


def at_least_excess(model, literals: list, allowed: int, name: str):
    """An integer e >= sum(literals) - allowed, e >= 0 (minimised, it equals the excess)."""
    excess = model.new_int_var(0, max(0, len(literals) - allowed), name)
    model.add(excess >= sum(literals) - allowed)
    return excess
