"""The policy rules in explain's relaxed model: each hard one posted by its own model module,
one group per record it is about (an item for venue_topic and teacher_role, a class for the
rest), and the sentence naming each group."""

from __future__ import annotations

from scheduler.domain.policies import Level
from scheduler.policy import messages as msg
from scheduler.rules import POLICY_RULE_IDS
from scheduler.solve.rules import HARD_RULE_MODULES

# The group kinds are the rules' ids.
POLICY_GROUP_KINDS: tuple[str, ...] = POLICY_RULE_IDS


def post_policy_groups(rm) -> None:
    """Each policy rule the instance holds hard, every group gated by its literal."""
    instance = rm.expansion.instance
    for rule_id in POLICY_RULE_IDS:
        if instance.policy(rule_id) is Level.HARD:
            HARD_RULE_MODULES[rule_id].constrain(rm.ctx, lambda *ids, kind=rule_id: rm.literal((kind, *ids)))


def policy_sentences(writer) -> dict:
    """explain/describe.py's sentences for these kinds (`writer` is its Writer)."""
    def venue_topic(class_id, item_id):
        item = writer.item(class_id, item_id)
        return msg.EXPLAIN_VENUE_TOPIC.format(klass=writer.klass(class_id), title=item.title,
                                              topic=writer.topic(item.topic))

    def teacher_role(class_id, item_id):
        item = writer.item(class_id, item_id)
        return msg.EXPLAIN_TEACHER_ROLE.format(klass=writer.klass(class_id), title=item.title,
                                               need=msg.requirement(item.teacher_kind, item.teacher_role))

    def class_hours(class_id):
        c = writer.instance.term_class(class_id)
        return msg.EXPLAIN_HOURS.format(klass=writer.klass(class_id), low=c.min_hours or 0,
                                        high=c.max_hours if c.max_hours is not None else msg.ANY)

    return {
        "venue_topic": venue_topic,
        "teacher_role": teacher_role,
        "four_plus_n": lambda class_id: msg.EXPLAIN_FOUR_PLUS_N.format(klass=writer.klass(class_id)),
        "interactive_share": lambda class_id: msg.EXPLAIN_INTERACTIVE.format(klass=writer.klass(class_id)),
        "class_hours": class_hours,
    }
