"""Why nobody can take a session once its teacher drops out, from the options expand gives
it: nobody else teaches the topic, those who do may not teach at that tier or township, or
none of them is free on the class's dates. Otherwise the session fits alone but not with
the rest, and the replan's own reason stands."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from scheduler.domain.instance import Instance
from scheduler.risk import messages as msg
from scheduler.whatif.restrict import SetAside, from_start

MAX_NAMES = 3  # teachers named in a reason before "等 n 位"


@dataclass(frozen=True)
class Unplaceable:
    """A session nobody can take, and why: kind is one of messages.REASON_KINDS."""

    session: str
    title: str
    classes: tuple[str, ...]
    kind: str
    reason: str


def why_unplaceable(instance: Instance, teacher_id: str, aside: SetAside, start: dt.date) -> Unplaceable:
    session = aside.session
    item, site = session.item, session.site
    topic = _topic_name(instance, item.topic)
    kind, reason = "other", aside.reason
    others = [t for t in instance.teachers if t.id != teacher_id and item.topic in t.topics]
    there = [t for t in others if (t.tiers is None or site.tier in t.tiers)
             and (t.townships is None or site.township in t.townships)]
    free = [c for c in from_start(session, start).teachers
            if c.id != teacher_id and (c.slots is None or c.slots)]
    if not others:
        kind, reason = "topic", msg.NO_TEACHER.format(teacher=_teacher(instance, teacher_id), topic=topic)
    elif not there:
        kind, reason = "place", _not_there(instance, others, site, topic)
    elif len(free) < session.teachers_needed:
        kind, reason = "time", msg.NOT_FREE.format(topic=topic, others=_names(instance, there), start=start,
                                                   needed=session.teachers_needed)
    return Unplaceable(session.id, item.title, tuple(session.class_ids), kind, reason)


def _not_there(instance: Instance, others, site, topic: str) -> str:
    """Who teaches the topic but not here: those kept to other tiers, then to other townships."""
    by_tier = [t for t in others if t.tiers is not None and site.tier not in t.tiers]
    by_township = [t for t in others if t not in by_tier]
    parts = []
    if by_tier:
        parts.append(msg.NOT_THERE.format(others=_names(instance, by_tier),
                                          where=msg.TIERS[site.tier.value]))
    if by_township:
        parts.append(msg.NOT_THERE.format(others=_names(instance, by_township),
                                          where=_township_name(instance, site.township)))
    return msg.TOPIC_TEACHERS.format(topic=topic) + msg.AND.join(parts)


def _teacher(instance: Instance, teacher_id: str) -> str:
    return msg.TEACHER.format(name=instance.teacher(teacher_id).name, id=teacher_id)


def _names(instance: Instance, teachers) -> str:
    names = [msg.TEACHER.format(name=t.name, id=t.id) for t in teachers]
    shown = "、".join(names[:MAX_NAMES])
    return shown if len(names) <= MAX_NAMES else f"{shown}等 {len(names)} 位"


def _topic_name(instance: Instance, topic_id: str) -> str:
    try:
        return instance.topic(topic_id).name
    except KeyError:
        return topic_id


def _township_name(instance: Instance, township_id: str) -> str:
    try:
        return instance.township(township_id).name
    except KeyError:
        return township_id
