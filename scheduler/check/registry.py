"""The checks by rule id, and the run over all of them."""

from __future__ import annotations

from collections.abc import Callable

from scheduler.check.case import Case, worst_first
from scheduler.check.context import CheckContext
from scheduler.check.hard import class_hours, four_plus_n, interactive_share, teacher_role, venue_topic
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
from scheduler.check.soft.class_empty_day import check_class_empty_day
from scheduler.check.soft.class_isolated import check_class_isolated
from scheduler.check.soft.class_room_stability import check_class_room_stability
from scheduler.check.soft.class_venue_preference import check_class_venue_preference
from scheduler.check.soft.fulltime_balance import check_fulltime_balance
from scheduler.check.soft.item_room_stability import check_item_room_stability
from scheduler.check.soft.item_spread import check_item_spread
from scheduler.check.soft.soft_capacity import check_soft_capacity
from scheduler.check.soft.teacher_mode_fit import check_teacher_mode_fit
from scheduler.check.soft.teacher_preference import check_teacher_preference
from scheduler.check.soft.topic_repeat import check_topic_repeat
from scheduler.check.soft.travel_minutes import check_travel_minutes
from scheduler.check.soft.travel_places import check_travel_places
from scheduler.check.violation import Violation, sort_key
from scheduler.domain.instance import Instance
from scheduler.domain.plan import Penalty, Plan
from scheduler.domain.policies import Level
from scheduler.rules import POLICY_RULE_IDS, SOFT_RULES

Check = Callable[[CheckContext], list[Violation]]
SoftCheck = Callable[[CheckContext], list[Case]]
WORST_SHOWN = 3  # cases named in a penalty line

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
    "venue_topic": venue_topic.check_venue_topic,
    "teacher_role": teacher_role.check_teacher_role,
    "four_plus_n": four_plus_n.check_four_plus_n,
    "interactive_share": interactive_share.check_interactive_share,
    "class_hours": class_hours.check_class_hours,
}

# The policy rules' cases, for an instance that makes them soft.
POLICY_CASES: dict[str, SoftCheck] = {
    "venue_topic": venue_topic.cases, "teacher_role": teacher_role.cases, "four_plus_n": four_plus_n.cases,
    "interactive_share": interactive_share.cases, "class_hours": class_hours.cases,
}

# In the order of scheduler.rules.SOFT_RULES.
SOFT_CHECKS: dict[str, SoftCheck] = {
    "travel_places": check_travel_places,
    "travel_minutes": check_travel_minutes,
    "class_isolated": check_class_isolated,
    "class_empty_day": check_class_empty_day,
    "item_spread": check_item_spread,
    "topic_repeat": check_topic_repeat,
    "teacher_mode_fit": check_teacher_mode_fit,
    "fulltime_balance": check_fulltime_balance,
    "teacher_preference": check_teacher_preference,
    "class_venue_preference": check_class_venue_preference,
    "class_room_stability": check_class_room_stability,
    "item_room_stability": check_item_room_stability,
    "soft_capacity": check_soft_capacity,
}


def validate_plan(instance: Instance, plan: Plan) -> list[Violation]:
    """Every hard rule the plan breaks, sorted by rule order, then message; [] for a valid plan.

    Never raises on a bad plan (unknown ids, malformed times, dates outside the term); raises
    scheduler.calendar.CalendarError when the term's holidays cannot be known.
    """
    context = CheckContext(instance, plan)
    found = [violation for check in CHECKS.values() for violation in check(context)]
    return sorted(dict.fromkeys(found), key=sort_key)


def score_plan(instance: Instance, plan: Plan) -> list[Penalty]:
    """The plan's penalty per soft rule, recomputed from the instance and plan alone.

    One line per soft rule whose weight (the instance's, else the default) is above 0, in the
    order of scheduler.rules.SOFT_RULES; the plan's objective should be the sum of `penalty`.
    Never raises on a bad plan; raises scheduler.calendar.CalendarError like validate_plan.
    Then a line per policy rule the instance makes soft (weight above 0), in registry order.
    """
    context = CheckContext(instance, plan)
    penalties = [_penalty(context, rule.id, instance.weight(rule.id), SOFT_CHECKS[rule.id])
                 for rule in SOFT_RULES if instance.weight(rule.id) > 0]
    return penalties + [_penalty(context, rule_id, instance.policy_weight(rule_id), POLICY_CASES[rule_id])
                        for rule_id in POLICY_RULE_IDS
                        if instance.policy(rule_id) is Level.SOFT and instance.policy_weight(rule_id) > 0]


def _penalty(context: CheckContext, rule_id: str, weight: int, check: SoftCheck) -> Penalty:
    cases = sorted(check(context), key=worst_first)
    violations = sum(case.amount for case in cases)
    return Penalty(rule=rule_id, weight=weight, violations=violations, penalty=weight * violations,
                   worst=[case.message for case in cases[:WORST_SHOWN]])
