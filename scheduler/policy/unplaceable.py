"""Why a session a replan frees cannot be placed under the hard policy rules on teachers and
venues: whatif names the rule instead of quietly handing the session to someone else."""

from __future__ import annotations

import datetime as dt

from scheduler.domain import Instance, Mode
from scheduler.domain.policies import Level
from scheduler.expand import Session
from scheduler.policy import measures
from scheduler.policy import messages as msg


def policy_unplaceable(instance: Instance, session: Session, start: dt.date) -> str | None:
    item = session.item
    if instance.policy("teacher_role") is Level.HARD and measures.requires_teacher(item):
        usable = [c for c in session.teachers if c.slots is None or c.slots]
        if not any(measures.fits(item, instance.teacher(c.id)) for c in usable):
            return msg.UNPLACEABLE_TEACHER.format(start=start, title=item.title,
                                                  need=msg.requirement(item.teacher_kind, item.teacher_role))
    if instance.policy("venue_topic") is Level.HARD and item.mode is Mode.FIELD and session.venues:
        topic = instance.topic(item.topic)
        usable = [c for c in session.venues if c.slots is None or c.slots]
        if not any(measures.serves(instance.venue(c.id), topic) for c in usable):
            return msg.UNPLACEABLE_VENUE.format(start=start, topic=topic.name)
    return None
