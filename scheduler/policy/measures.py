"""The one computation of what each policy rule measures; the model faces, the checker, lint
and the compliance table all read these (scheduler.rules states the rules)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from math import ceil

from scheduler.domain import Block, CurriculumItem, Instance, Mode, Plan, Teacher, Topic, Venue


def block_hours(instance: Instance, block: Block) -> int:
    return block.hours if block.hours is not None else instance.standards.block_hours


def hours_of(instance: Instance, blocks: Iterable[Block]) -> int:
    return sum(block_hours(instance, block) for block in blocks)


def restricts_topics(venue: Venue) -> bool:
    return bool(venue.topics or venue.themes)


def serves(venue: Venue, topic: Topic) -> bool:
    """A field venue takes a topic it lists, or one of whose themes it lists (any, if none)."""
    if not restricts_topics(venue):
        return True
    return topic.id in venue.topics or bool(set(topic.themes) & set(venue.themes))


def requires_teacher(item: CurriculumItem) -> bool:
    return item.teacher_kind is not None or item.teacher_role is not None


def fits(item: CurriculumItem, teacher: Teacher) -> bool:
    """The teacher is of the kind and holds the role the item asks for."""
    return ((item.teacher_kind is None or teacher.kind is item.teacher_kind)
            and (item.teacher_role is None or teacher.role == item.teacher_role))


def interactive_in_force(instance: Instance) -> bool:
    return bool(instance.standards.interactive_methods)


def is_interactive(instance: Instance, item: CurriculumItem) -> bool:
    return item.method in instance.standards.interactive_methods or item.mode is Mode.INTERACTIVE


def is_case(instance: Instance, item: CurriculumItem) -> bool:
    return is_interactive(instance, item) and item.method in instance.standards.case_methods


def share_needed(hours: int, percent: int) -> int:
    """Hours needed for `percent` % of `hours`, rounded up."""
    return ceil(hours * percent / 100)


def attended_topics(instance: Instance) -> dict[str, set[str]]:
    """Per class, the topics of every item it attends: its own and the joint items of other
    classes that name it in `joint_with` (what "4+N" counts)."""
    topics: dict[str, set[str]] = defaultdict(set)
    for term_class in instance.classes:
        for item in term_class.curriculum:
            for class_id in (term_class.id, *item.joint_with):
                topics[class_id].add(item.topic)
    return topics


def sessions_attended(plan: Plan) -> dict[str, Counter]:
    """Per class, the plan's sessions it attends per topic (a joint session counts for each of
    its classes): what the report and the workbook show of 4+N."""
    found: dict[str, Counter] = defaultdict(Counter)
    for session in plan.sessions:
        for class_id in session.classes:
            found[class_id][session.topic] += 1
    return found


def main_topics(instance: Instance) -> list[str]:
    return [t.id for t in instance.topics if t.main]


def missing_main_topics(instance: Instance, attended: set[str]) -> list[str]:
    """The main topics (in instance order) not among `attended`."""
    return [t for t in main_topics(instance) if t not in attended]
