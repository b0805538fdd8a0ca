"""The soft rules as CP-SAT penalty terms: one module per rule of scheduler.rules.SOFT_RULES.

Each module is a posting.SoftRuleModule: RULE_ID and post(ctx) -> list of terms whose sum is the rule's number of
violations (in the rule's unit) in any optimal completion; the objective weighs them.
"""

from scheduler.solve.posting import SoftRuleModule, TimesOnly
from scheduler.solve.soft import (
    class_empty_day,
    class_isolated,
    class_room_stability,
    class_venue_preference,
    fulltime_balance,
    item_room_stability,
    item_spread,
    soft_capacity,
    teacher_mode_fit,
    teacher_preference,
    topic_repeat,
    travel_minutes,
    travel_places,
)

SOFT_RULE_MODULES: dict[str, SoftRuleModule] = {
    module.RULE_ID: module
    for module in (
        travel_places, travel_minutes, class_isolated, class_empty_day, item_spread, topic_repeat,
        teacher_mode_fit, fulltime_balance, teacher_preference, class_venue_preference,
        class_room_stability, item_room_stability, soft_capacity,
    )
}

# The rules on venues: the times-only model keeps soft_capacity's lower bound and leaves the
# others out.
SOFT_TIMES_ONLY: TimesOnly = {
    class_venue_preference.RULE_ID: None,
    class_room_stability.RULE_ID: None,
    item_room_stability.RULE_ID: None,
    soft_capacity.RULE_ID: soft_capacity.post_without_venues,
}
