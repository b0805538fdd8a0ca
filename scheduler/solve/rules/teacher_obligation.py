"""授课任务按期完成: e.g. a party secretary gives at least one party lesson every half year."""

from __future__ import annotations

import datetime as dt

from scheduler.domain import Period, Term

RULE_ID = "teacher_obligation"

_MONTHS_PER_PERIOD = {Period.MONTH: 1, Period.QUARTER: 3, Period.HALF_YEAR: 6, Period.YEAR: 12}


def period_windows(term: Term, period: Period) -> list[tuple[dt.date, dt.date]]:
    """The periods with at least half their days inside the term, clipped to the term."""
    if period is Period.TERM:
        return [(term.start, term.end)]
    months = _MONTHS_PER_PERIOD[period]
    windows = []
    year, month = term.start.year, ((term.start.month - 1) // months) * months + 1
    while dt.date(year, month, 1) <= term.end:
        first = dt.date(year, month, 1)
        next_month = month + months
        next_first = dt.date(year + (next_month - 1) // 12, (next_month - 1) % 12 + 1, 1)
        last = next_first - dt.timedelta(days=1)
        inside = (min(last, term.end) - max(first, term.start)).days + 1
        if inside * 2 >= (last - first).days + 1:
            windows.append((max(first, term.start), min(last, term.end)))
        year, month = next_first.year, next_first.month
    return windows


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
