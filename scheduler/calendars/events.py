"""One session as a VEVENT for one owner: its UID, SEQUENCE and DTSTAMP, summary, location,
description and reminder, or its cancellation.

Deterministic by construction, so the same plan always gives the same bytes:
- an event's UID is a uuid5 of the instance name and the session id (never its time or room);
- its SEQUENCE is the plan revision at which the session last changed for that owner
  (`PlanSession.revision`, or `Cancellation.revision` for one the owner lost);
- its DTSTAMP (UTC) is derived from the term's first day and that SEQUENCE, so it rises
  with every change and never depends on the clock;
- events are sorted by start, then session id.
"""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from icalendar import Alarm, Event, vCalAddress

from scheduler.calendars.messages import (
    CANCELLED_LINES,
    CANCELLED_PREFIX,
    DESCRIPTION_LINES,
    LIST_SEPARATOR,
    ONLINE,
    PLACE_SEPARATOR,
    REMINDER_EVENING,
    REMINDER_SOON,
    SUMMARY,
)
from scheduler.calendars.owners import Owner, plain
from scheduler.domain import Instance, Plan, PlanSession
from scheduler.history import calendar_events
from scheduler.text import MODE_NAMES

# Never change these two: calendar apps recognise an event by its UID.
NAMESPACE = uuid.UUID("7a572b36-ded9-5aa1-87f7-146ca604cdc5")  # uuid5(URL, ".../calendars")
PRODID = "-//party-school-scheduler//calendars//ZH"

EVENING = dt.time(20, 0)  # the evening-before reminder fires at this local time
ONE_HOUR = dt.timedelta(hours=1)


def event_uid(instance_name: str, session_id: str) -> str:
    """The UID of a session's event: the same in every export of every revision of the plan."""
    return str(uuid.uuid5(NAMESPACE, f"{instance_name}/{session_id}"))


def stamp(instance: Instance, sequence: int) -> dt.datetime:
    """The DTSTAMP of an event at a SEQUENCE: deterministic, UTC, rising with the SEQUENCE."""
    first = dt.datetime.combine(instance.term.start, dt.time(0), tzinfo=dt.timezone.utc)
    return first + dt.timedelta(seconds=sequence)


def set_sequence(event: Event, instance: Instance, sequence: int) -> None:
    """Give an event a new SEQUENCE and the DTSTAMP that goes with it."""
    event.sequence = sequence
    event.DTSTAMP = stamp(instance, sequence)


def owner_events(instance: Instance, plan: Plan, owner: Owner) -> list[Event]:
    """The owner's VEVENTs, sorted: active sessions, and lost ones as cancelled."""
    active, lost = calendar_events(plan, owner.kind, owner.id)
    entries = [(s, s.revision, False) for s in active] + [(e.session, e.revision, True) for e in lost]
    entries.sort(key=lambda entry: (entry[0].date, entry[0].start, entry[0].id))
    return [_event(instance, owner, session, sequence, cancelled) for session, sequence, cancelled in entries]


def _event(instance: Instance, owner: Owner, session: PlanSession, sequence: int,
           cancelled: bool) -> Event:
    zone = ZoneInfo(instance.term.timezone)
    start = dt.datetime.combine(session.date, _clock(session.start), tzinfo=zone)
    end = dt.datetime.combine(session.date, _clock(session.end), tzinfo=zone)
    location, township = _place(instance, session)
    summary = SUMMARY.format(title=plain(session.title), classes=_class_names(instance, session.classes))
    description = _description(instance, owner, session, location)
    if cancelled:
        summary = CANCELLED_PREFIX + summary
        description = CANCELLED_LINES[owner.kind].format(revision=sequence) + "\n" + description
    event = Event.new(
        uid=event_uid(instance.name, session.id),
        stamp=stamp(instance, sequence),
        sequence=sequence,
        start=start,
        end=end,
        summary=summary,
        location=location,
        description=description,
        categories=[_name(instance.topic, session.topic)],
        organizer=_organizer(instance),
        status="CANCELLED" if cancelled else "CONFIRMED",
        transparency="TRANSPARENT" if cancelled else "OPAQUE",
    )
    if not cancelled:  # nobody should be reminded of a session they no longer have
        event.add_component(_reminder(owner, session, start, township, location))
    return event


def _reminder(owner: Owner, session: PlanSession, start: dt.datetime, township: str | None,
              location: str) -> Alarm:
    """The evening before for field sessions and sessions away from home; else an hour before."""
    away = owner.home_township is not None and township is not None and township != owner.home_township
    if session.mode == "field" or away:
        evening = dt.datetime.combine(start.date() - dt.timedelta(days=1), EVENING, tzinfo=start.tzinfo)
        text = REMINDER_EVENING.format(start=session.start, title=plain(session.title), location=location)
        return Alarm.new_display(description=text, trigger=evening - start)
    text = REMINDER_SOON.format(start=session.start, title=plain(session.title), location=location)
    return Alarm.new_display(description=text, trigger=-ONE_HOUR)


def _place(instance: Instance, session: PlanSession) -> tuple[str, str | None]:
    """The LOCATION text (venue, school, township, address) and the township it is in."""
    if session.venue is None:
        return ONLINE.format(site=_name(instance.site, session.site)), None
    try:
        venue = instance.venue(session.venue)
    except KeyError:  # an old cancellation of a venue the instance no longer has
        return session.venue, None
    site = instance.site(venue.site) if venue.site else None
    township = venue.township or (site.township if site else None)
    parts = [plain(venue.name)]
    if site is not None and site.name not in venue.name:
        parts.append(plain(site.name))
    if township is not None:
        parts.append(_name(instance.township, township))
    address = venue.address or (site.address if site else None)
    if address:
        parts.append(plain(address))
    return PLACE_SEPARATOR.join(parts), township


def _description(instance: Instance, owner: Owner, session: PlanSession, location: str) -> str:
    lines = DESCRIPTION_LINES
    rows = [
        lines["classes"].format(value=_class_names(instance, session.classes)),
        lines["trainees"].format(value=_trainees(instance, session)),
        lines["topic"].format(value=_name(instance.topic, session.topic)),
        lines["mode"].format(value=MODE_NAMES.get(session.mode, session.mode)),
        lines["blocks"].format(value=LIST_SEPARATOR.join(plain(b) for b in session.blocks)
                               + f"（{session.start}–{session.end}）"),
    ]
    if owner.kind == "teacher":
        others = [t for t in session.teachers if t != owner.id]
        if others:
            rows.append(lines["co_teachers"].format(value=_teacher_names(instance, others)))
    else:
        rows.append(lines["teachers"].format(value=_teacher_names(instance, session.teachers)))
    rows.append(lines["location"].format(value=location))
    rows.append(lines["id"].format(value=session.id))
    return "\n".join(rows)


def _trainees(instance: Instance, session: PlanSession) -> int:
    class_id, _, rest = session.id.partition("/")
    try:
        item = instance.term_class(class_id).item(rest.rpartition("/")[0])
    except KeyError:
        item = None
    return instance.audience(item, session.classes)


def _organizer(instance: Instance) -> vCalAddress:
    """The county school (the county-tier site; else the first site). The instance gives no
    e-mail address, so the address is a stable urn:uuid and the name goes in CN."""
    school = next((s for s in instance.sites if s.tier == "county"), instance.sites[0])
    address = vCalAddress(f"urn:uuid:{uuid.uuid5(NAMESPACE, instance.name + '/organizer')}")
    address.params["CN"] = plain(school.name)
    return address


def _class_names(instance: Instance, ids: list[str]) -> str:
    return LIST_SEPARATOR.join(_name(instance.term_class, c) for c in ids)


def _teacher_names(instance: Instance, ids: list[str]) -> str:
    return LIST_SEPARATOR.join(_name(instance.teacher, t) for t in ids)


def _name(lookup, record_id: str) -> str:
    """A record's name; its id when the instance no longer has it (an old cancellation)."""
    try:
        return plain(lookup(record_id).name)
    except KeyError:
        return record_id


def _clock(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))

