"""fulltime_balance: the spread (max − min) of the session counts of all full-time teachers."""

from __future__ import annotations

from scheduler.check.case import Case
from scheduler.check.context import CheckContext
from scheduler.check.messages import named, say
from scheduler.check.soft.sessions import teaching
from scheduler.domain.values import TeacherKind


def check_fulltime_balance(ctx: CheckContext) -> list[Case]:
    counts = [(len(teaching(ctx, t.id)), t) for t in ctx.instance.teachers
              if t.kind is TeacherKind.FULLTIME]
    if len(counts) < 2:
        return []
    high = max(count for count, _ in counts)
    low = min(count for count, _ in counts)
    if high == low:
        return []
    most = next(t for count, t in counts if count == high)  # the first in instance order
    least = next(t for count, t in counts if count == low)
    return [Case(high - low, say("fulltime_balance", most=named(most), high=high,
                                 least=named(least), low=low, gap=high - low))]
