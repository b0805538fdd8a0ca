"""One iCalendar (RFC 5545) calendar per teacher, class or venue, and one event as a CalDAV
resource: the calendar's properties and the VTIMEZONE around the owner's events.

A session an owner lost in a replan stays in their calendar as STATUS:CANCELLED with the
higher SEQUENCE of the cancellation, so calendar apps remove it instead of keeping a ghost.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from dataclasses import dataclass

from icalendar import Calendar, Event, Timezone, vDuration

from scheduler.calendars.events import NAMESPACE, PRODID, owner_events
from scheduler.calendars.messages import CALENDAR_DESCRIPTION, CALENDAR_NAMES
from scheduler.calendars.owners import Owner, plain
from scheduler.domain import Instance, Plan

REFRESH = dt.timedelta(hours=1)  # asked of subscribing apps (RFC 7986 REFRESH-INTERVAL)


@dataclass(frozen=True)
class OwnerCalendar:
    owner: Owner
    calendar: Calendar
    active: int
    cancelled: int

    @property
    def name(self) -> str:
        return str(self.calendar["X-WR-CALNAME"])

    def to_ical(self) -> bytes:
        return self.calendar.to_ical()


def calendar_name(instance: Instance, owner: Owner) -> str:
    return CALENDAR_NAMES[owner.kind].format(name=plain(owner.name), term=plain(instance.term.name))


def build_calendar(instance: Instance, plan: Plan, owner: Owner) -> OwnerCalendar:
    """The owner's calendar (METHOD:PUBLISH): their sessions, and the ones they lost, cancelled."""
    events = owner_events(instance, plan, owner)
    calendar = Calendar.new(
        prodid=PRODID, method="PUBLISH", name=calendar_name(instance, owner),
        description=CALENDAR_DESCRIPTION.format(term=plain(instance.term.name), revision=plan.revision),
        uid=uuid.uuid5(NAMESPACE, f"{instance.name}/{owner.kind}/{owner.id}"),
    )
    # RFC 7986 §5.7 requires the VALUE parameter, which `Calendar.new(refresh_interval=…)` omits.
    calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    calendar.add("X-WR-TIMEZONE", instance.term.timezone)
    for event in events:
        calendar.add_component(event)
    add_timezone(calendar, instance, events)
    cancelled = sum(1 for e in events if e.get("STATUS") == "CANCELLED")
    return OwnerCalendar(owner, calendar, len(events) - cancelled, cancelled)


def event_resource(instance: Instance, event: Event) -> bytes:
    """One event as a CalDAV calendar object resource: VTIMEZONE and the VEVENT, without
    METHOD (RFC 4791 section 4.1 forbids it in a calendar collection)."""
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add_component(event)
    add_timezone(calendar, instance, [event])
    return calendar.to_ical()


def add_timezone(calendar: Calendar, instance: Instance, events: list[Event]) -> None:
    """The term's VTIMEZONE, limited to the term's dates (else Asia/Shanghai carries its
    1986-91 daylight-saving rules); also in a calendar without events, which stays valid."""
    days = [instance.term.start, instance.term.end] + [e.start.date() for e in events]
    first, last = min(days), max(days) + dt.timedelta(days=1)
    calendar.subcomponents.insert(0, Timezone.from_ical(_vtimezone(instance.term.timezone, first, last)))
    calendar.add_missing_timezones(first_date=first, last_date=last)  # any other zone in use


@functools.lru_cache(maxsize=16)
def _vtimezone(tzid: str, first: dt.date, last: dt.date) -> bytes:
    """Building a VTIMEZONE from zoneinfo takes about 20 ms: once per export, not per calendar."""
    return Timezone.from_tzid(tzid, first_date=first, last_date=last).to_ical()

