"""The soft rules as CP-SAT penalty terms: one module per rule of scheduler.rules.SOFT_RULES.

Each module has RULE_ID and post(ctx) -> list of terms whose sum is the rule's number of
violations (in the rule's unit) in any optimal completion; the objective weighs them.
"""

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

SOFT_RULE_MODULES = {
    module.RULE_ID: module
    for module in (
        travel_places, travel_minutes, class_isolated, class_empty_day, item_spread, topic_repeat,
        teacher_mode_fit, fulltime_balance, teacher_preference, class_venue_preference,
        class_room_stability, item_room_stability, soft_capacity,
    )
}
