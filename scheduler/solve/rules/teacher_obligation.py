"""授课任务按期完成: e.g. a party secretary gives at least one party lesson every half year."""

from __future__ import annotations

import datetime as dt

from scheduler.check.periods import obligation_periods
from scheduler.domain import Period, Term

RULE_ID = "teacher_obligation"


def period_windows(term: Term, period: Period) -> list[tuple[dt.date, dt.date]]:
    """The obligation's periods clipped to the term (their meaning lives in check/periods.py)."""
    return [(p.start, p.end) for p in obligation_periods(period, term.start, term.end)]


def post(ctx) -> None:
    model = ctx.model
    instance = ctx.expansion.instance
    for teacher in instance.teachers:
        if not ctx.expansion.is_whole(teacher.id):
            continue
        entries = ctx.expansion.sessions_by_teacher.get(teacher.id, [])
        for n, obligation in enumerate(teacher.obligations):
            relevant = [(s, c) for s, c in entries
                        if obligation.topic is None or s.item.topic == obligation.topic]
            for first, last in period_windows(instance.term, obligation.period):
                counted = []
                for session, candidate in relevant:
                    sv = ctx.by_id[session.id]
                    inside = [sv.x[t] for t, slot in enumerate(session.slots)
                              if first <= slot.date <= last and candidate.allows(t)]
                    if not inside:
                        continue
                    y = sv.y[teacher.id]
                    if len(inside) == len(session.slots):
                        counted.append(y)
                        continue
                    z = model.new_bool_var(f"duty[{teacher.id},{n},{first},{session.id}]")
                    model.add_implication(z, y)
                    model.add_bool_or([z.Not(), *inside])
                    counted.append(z)
                model.add(sum(counted) >= obligation.min_sessions)
