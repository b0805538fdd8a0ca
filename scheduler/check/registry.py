"""The checks by rule id, and the run over all of them."""

from __future__ import annotations

from collections.abc import Callable

from scheduler.check.context import CheckContext
from scheduler.check.hard.class_no_overlap import check_class_no_overlap
from scheduler.check.hard.class_window import check_class_window
from scheduler.check.hard.ordering import check_ordering
from scheduler.check.hard.session_once import check_session_once
from scheduler.check.hard.site_calendar import check_site_calendar
from scheduler.check.hard.teacher_available import check_teacher_available
from scheduler.check.hard.teacher_count import check_teacher_count
from scheduler.check.hard.teacher_daily_limit import check_teacher_daily_limit
from scheduler.check.hard.teacher_no_overlap import check_teacher_no_overlap
from scheduler.check.hard.teacher_obligation import check_teacher_obligation
from scheduler.check.hard.teacher_qualified import check_teacher_qualified
from scheduler.check.hard.teacher_weekly_limit import check_teacher_weekly_limit
from scheduler.check.hard.venue_capacity import check_venue_capacity
from scheduler.check.hard.venue_fit import check_venue_fit
from scheduler.check.hard.venue_no_overlap import check_venue_no_overlap
from scheduler.check.violation import Violation, sort_key
from scheduler.domain.instance import Instance
from scheduler.domain.plan import Plan

Check = Callable[[CheckContext], list[Violation]]

# In the order of scheduler.rules.HARD_RULES.
CHECKS: dict[str, Check] = {
    "session_once": check_session_once,
    "class_window": check_class_window,
    "site_calendar": check_site_calendar,
    "teacher_count": check_teacher_count,
    "teacher_qualified": check_teacher_qualified,
    "teacher_available": check_teacher_available,
    "teacher_no_overlap": check_teacher_no_overlap,
    "teacher_daily_limit": check_teacher_daily_limit,
    "teacher_weekly_limit": check_teacher_weekly_limit,
    "teacher_obligation": check_teacher_obligation,
    "venue_fit": check_venue_fit,
    "venue_capacity": check_venue_capacity,
    "venue_no_overlap": check_venue_no_overlap,
    "class_no_overlap": check_class_no_overlap,
    "ordering": check_ordering,
}


def validate_plan(instance: Instance, plan: Plan) -> list[Violation]:
    """Every hard rule the plan breaks, sorted by rule order, then message; [] for a valid plan.

    Never raises on a bad plan (unknown ids, malformed times, dates outside the term); raises
    scheduler.calendar.CalendarError when the term's holidays cannot be known.
    """
    context = CheckContext(instance, plan)
    found = [violation for check in CHECKS.values() for violation in check(context)]
    return sorted(dict.fromkeys(found), key=sort_key)
