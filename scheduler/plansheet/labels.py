"""Ids in people's words: names of classes, teachers, venues, sites and townships, and a
session's day and time as the sheets show them."""

from __future__ import annotations

import datetime as dt

from scheduler.domain import Instance, PlanSession
from scheduler.plansheet import messages as m


def _names(records) -> dict[str, str]:
    return {r.id: r.name for r in records}


class Labels:
    def __init__(self, instance: Instance):
        self.instance = instance
        self.classes = _names(instance.classes)
        self.teachers = _names(instance.teachers)
        self.venues = _names(instance.venues)
        self.sites = _names(instance.sites)
        self.topics = _names(instance.topics)
        self.townships = _names(instance.townships)
        self.site_township = {s.id: s.township for s in instance.sites}

    def class_list(self, ids) -> str:
        return m.LIST_JOIN.join(self.classes.get(c, c) for c in ids)

    def teacher_list(self, ids) -> str:
        return m.LIST_JOIN.join(self.teachers.get(t, t) for t in ids)

    def venue(self, venue_id: str | None) -> str:
        return m.ONLINE if venue_id is None else self.venues.get(venue_id, venue_id)

    def site(self, site_id: str) -> str:
        return self.sites.get(site_id, site_id)

    def township_of_site(self, site_id: str) -> str:
        township = self.site_township.get(site_id, "")
        return self.townships.get(township, township)

    def topic(self, topic_id: str) -> str:
        return self.topics.get(topic_id, topic_id)


def weekday(day: dt.date) -> str:
    return m.WEEKDAY.format(char=m.WEEKDAY_CHARS[day.weekday()])


def time_span(session: PlanSession) -> str:
    return m.TIME_SPAN.format(start=session.start, end=session.end)


def mode(session: PlanSession) -> str:
    return m.MODE_NAMES.get(session.mode, session.mode)


def chronological(sessions) -> list[PlanSession]:
    return sorted(sessions, key=lambda s: (s.date, s.start, s.id))


def minutes(session: PlanSession) -> int:
    """A session's length from its clock times (0 if they cannot be read)."""
    try:
        start, end = (dt.datetime.strptime(t, "%H:%M") for t in (session.start, session.end))
    except ValueError:
        return 0
    return max(0, int((end - start).total_seconds()) // 60)
