"""The hard rules as CP-SAT constraints: one module per rule of scheduler.rules.HARD_RULES.

Each module is a posting.HardRuleModule: RULE_ID and post(ctx). Rules are independent of
each other and may be posted in any order; build_variables must have run first.
"""

from scheduler.solve.posting import HardRuleModule, TimesOnly
from scheduler.solve.rules import (
    class_hours,
    class_no_overlap,
    class_window,
    four_plus_n,
    interactive_share,
    ordering,
    session_once,
    site_calendar,
    teacher_available,
    teacher_count,
    teacher_daily_limit,
    teacher_no_overlap,
    teacher_obligation,
    teacher_qualified,
    teacher_role,
    teacher_weekly_limit,
    venue_capacity,
    venue_fit,
    venue_no_overlap,
    venue_topic,
)

HARD_RULE_MODULES: dict[str, HardRuleModule] = {
    module.RULE_ID: module
    for module in (
        session_once, class_window, site_calendar, teacher_count, teacher_qualified,
        teacher_available, teacher_no_overlap, teacher_daily_limit, teacher_weekly_limit,
        teacher_obligation, venue_fit, venue_capacity, venue_no_overlap, class_no_overlap,
        ordering, venue_topic, teacher_role, four_plus_n, interactive_share, class_hours,
    )
}

# The rules on venues: the times-only model keeps venue_no_overlap's counts and leaves venue_fit out.
HARD_TIMES_ONLY: TimesOnly = {
    venue_fit.RULE_ID: None,
    venue_no_overlap.RULE_ID: venue_no_overlap.post_without_venues,
}
