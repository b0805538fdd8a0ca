"""Publishing each teacher's calendar to a CalDAV server (RFC 4791) so that it matches the plan.

One calendar collection per teacher (`<instance>-<teacher id>`), one resource per event at a
stable href (`<UID>.ics`, or wherever the server already keeps that UID). What is on the
server is compared field by field with what the plan says:
- an event the server lacks is created; one that differs is updated in place; a SEQUENCE is
  never lowered: when the server's event differs and its SEQUENCE is not below the plan's,
  the update carries the server's SEQUENCE + 1;
- an event the server has and the plan no longer gives that teacher becomes STATUS:CANCELLED
  with a higher SEQUENCE (a cancellation the teacher never saw is not created);
- nothing else is written, so publishing the same plan twice changes nothing on the server.
Each collection records the plan revision last published to it (a WebDAV property): a plan
older than what the server holds is refused unless forced, so calendars never roll back by
mistake.
Every server or network failure becomes a `PublishError` with a message in Chinese.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

import caldav
from caldav.elements import dav
from caldav.elements.base import ValuedBaseElement
from caldav.lib import error as dav_error
from icalendar import Component, Event

from scheduler.calendars.assembly import calendar_name, event_resource
from scheduler.calendars.events import CANCELLED_PREFIX, owner_events, set_sequence
from scheduler.calendars.messages import (
    AUTH_FAILED,
    BAD_URL,
    CANNOT_CONNECT,
    CONFLICT,
    NOT_CALDAV,
    NOT_FOUND,
    OLDER_PLAN,
    SERVER_REFUSED,
)
from scheduler.calendars.owners import Owner, owners
from scheduler.calendars.urls import redact
from scheduler.domain import Instance, Plan
from scheduler.files import fit_name

TIMEOUT_SECONDS = 30
# Properties that say when an event was written, not what it says: never compared.
NOT_COMPARED = frozenset({"UID", "DTSTAMP", "SEQUENCE", "LAST-MODIFIED", "CREATED"})


class PlanRevision(ValuedBaseElement):
    """The revision of the plan last published to a collection (a dead WebDAV property)."""

    tag = "{urn:x-party-school-scheduler}plan-revision"


class PublishError(Exception):
    """Publishing failed for a reason the user can act on; the message is in Chinese."""


@dataclass
class PublishResult:
    """What publishing did to one teacher's calendar collection."""

    owner: Owner
    url: str
    created: int = 0
    updated: int = 0
    cancelled: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.cancelled


def collection_id(instance: Instance, owner: Owner) -> str:
    """The last path segment of a teacher's calendar collection (servers keep it as a file name:
    a very long one is cut short with a hash)."""
    return fit_name(f"{instance.name}-{owner.id}")


def publish(instance: Instance, plan: Plan, url: str, username: str | None = None,
            password: str | None = None, timeout: int = TIMEOUT_SECONDS,
            force: bool = False) -> list[PublishResult]:
    """Make every teacher's collection on the server match the plan; one result per teacher.

    A plan older than the newest revision recorded on the teachers' collections is refused
    before anything is written, unless `force`.
    """
    try:
        parts = urlsplit(url)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # a malformed port or IPv6 address
        valid = False
    if not valid:
        raise PublishError(BAD_URL.format(url=redact(url)))
    with _translated_errors(url):
        client = caldav.DAVClient(url=url, username=username, password=password, timeout=timeout)
        principal = client.principal()
        existing = {_last_segment(c.url): c for c in principal.calendars()}
        revisions = _published_revisions(instance, existing)
        newest = max(revisions.values(), default=None)
        if newest is not None and plan.revision < newest and not force:
            raise PublishError(OLDER_PLAN.format(server=newest, plan=plan.revision))
        results = []
        for owner in owners(instance, "teacher"):
            results.append(_publish_owner(instance, plan, client, principal, existing, owner))
            if revisions.get(collection_id(instance, owner)) != plan.revision:
                _record_revision(existing.get(collection_id(instance, owner)), plan.revision)
        return results


def _published_revisions(instance: Instance, existing: dict) -> dict[str, int]:
    """Collection id -> the plan revision last published to it, for this instance's teachers."""
    revisions = {}
    for owner in owners(instance, "teacher"):
        collection = existing.get(collection_id(instance, owner))
        if collection is None:
            continue
        value = collection.get_properties([PlanRevision()]).get(PlanRevision.tag)
        with contextlib.suppress(TypeError, ValueError):
            revisions[collection_id(instance, owner)] = int(value)
    return revisions


def _record_revision(collection, revision: int) -> None:
    """Record the published revision; a server that keeps no such property only loses the
    protection against rolling back, never the publishing."""
    if collection is None:
        return
    with contextlib.suppress(dav_error.DAVError):
        collection.set_properties([PlanRevision(str(revision))])


def _publish_owner(instance: Instance, plan: Plan, client, principal, existing: dict,
                   owner: Owner) -> PublishResult:
    cal_id = collection_id(instance, owner)
    name = calendar_name(instance, owner)
    collection = existing.get(cal_id)
    if collection is None:
        collection = principal.make_calendar(name=name, cal_id=cal_id)
        existing[cal_id] = collection
    elif collection.get_display_name() != name:
        collection.set_properties([dav.DisplayName(name)])
    result = PublishResult(owner, str(collection.url))

    on_server = {}
    for resource in collection.get_events():
        uid = resource.icalendar_component.get("UID")
        if uid is not None:
            on_server[str(uid)] = resource

    for event in owner_events(instance, plan, owner):
        uid = str(event["UID"])
        resource = on_server.pop(uid, None)
        cancelled = event.get("STATUS") == "CANCELLED"
        if resource is None:
            if not cancelled:  # a cancellation the teacher never saw would only be noise
                href = collection.url.join(quote(uid, safe="") + ".ics")
                caldav.Event(client, url=href, parent=collection).save(
                    raw_data=event_resource(instance, event))
                result.created += 1
            continue
        theirs = resource.icalendar_component
        if not differences(event, theirs) or (cancelled and _is_cancelled(theirs)):
            result.unchanged += 1
            continue
        server_sequence = int(theirs.get("SEQUENCE", 0))
        if server_sequence >= event.sequence:
            set_sequence(event, instance, server_sequence + 1)
        resource.save(raw_data=event_resource(instance, event))  # If-Match: the ETag read above
        if cancelled:
            result.cancelled += 1
        else:
            result.updated += 1

    for uid in sorted(on_server):  # on the server, but the plan no longer gives it to this teacher
        resource = on_server[uid]
        calendar = resource.icalendar_instance
        if all(_is_cancelled(e) for e in calendar.walk("VEVENT")):
            result.unchanged += 1
            continue
        for component in calendar.walk("VEVENT"):
            _cancel(instance, component)
        resource.save(raw_data=calendar.to_ical())
        result.cancelled += 1
    return result


def differences(ours: Event, theirs: Component) -> list[str]:
    """The names of the properties (and VALARM) in which the server's event differs from ours.

    Only what we write is compared (servers may add properties of their own), and not the
    UID, DTSTAMP or SEQUENCE.
    """
    names = [n for n in dict.fromkeys(ours.keys()) if n not in NOT_COMPARED]
    found = [n for n in names if _values(ours, n) != _values(theirs, n)]
    if _alarms(ours) != _alarms(theirs):
        found.append("VALARM")
    return found


def _values(component: Component, name: str) -> tuple:
    """A property's values in a form that survives the server's re-serialisation."""
    raw = component.get(name)
    if raw is None:
        return ()
    values = raw if isinstance(raw, list) else [raw]
    result = []
    for value in values:
        params = tuple(sorted((k.upper(), str(v)) for k, v in getattr(value, "params", {}).items()))
        if hasattr(value, "dt"):
            result.append((value.dt, params))
        elif hasattr(value, "cats"):
            result.append((tuple(str(c) for c in value.cats), params))
        else:
            result.append((str(value), params))
    return tuple(result)


def _alarms(component: Component) -> list[tuple]:
    return sorted((str(a.get("ACTION", "")), str(a.get("DESCRIPTION", "")),
                   a.decoded("TRIGGER") if "TRIGGER" in a else None)
                  for a in component.walk("VALARM"))


def _is_cancelled(component: Component) -> bool:
    return str(component.get("STATUS", "")).upper() == "CANCELLED"


def _cancel(instance: Instance, component: Component) -> None:
    """Mark an event on the server cancelled, with a higher SEQUENCE and no reminder."""
    sequence = int(component.get("SEQUENCE", 0)) + 1
    component.status = "CANCELLED"
    component.transparency = "TRANSPARENT"
    summary = str(component.get("SUMMARY", ""))
    if not summary.startswith(CANCELLED_PREFIX):
        component.summary = CANCELLED_PREFIX + summary
    component.subcomponents = [c for c in component.subcomponents if c.name != "VALARM"]
    set_sequence(component, instance, sequence)


def _last_segment(url) -> str:
    return unquote(str(url).rstrip("/").rsplit("/", 1)[-1])


@contextlib.contextmanager
def _translated_errors(url: str):
    """Server and network failures as a `PublishError` the user can act on (a password in
    the URL is never shown)."""
    url = redact(url)
    try:
        yield
    except PublishError:
        raise
    except dav_error.AuthorizationError as exc:
        raise PublishError(AUTH_FAILED) from exc
    except dav_error.NotFoundError as exc:
        raise PublishError(NOT_FOUND.format(url=url)) from exc
    except (dav_error.ETagMismatchError, dav_error.ScheduleTagMismatchError,
            dav_error.UidConflictError) as exc:
        raise PublishError(CONFLICT.format(reason=_reason(exc))) from exc
    except dav_error.PropfindError as exc:
        raise PublishError(NOT_CALDAV.format(url=url, reason=_reason(exc))) from exc
    except dav_error.DAVError as exc:
        raise PublishError(SERVER_REFUSED.format(url=url, reason=_reason(exc))) from exc
    except OSError as exc:  # connection refused, unknown host, timeout, TLS (requests/niquests)
        raise PublishError(CANNOT_CONNECT.format(url=url, reason=_reason(exc))) from exc


def _reason(exc: BaseException) -> str:
    """The useful part of an exception, on one line: the system's own words where there are."""
    text = redact(" ".join((str(exc) or type(exc).__name__).split()))
    system = re.search(r"\[Errno -?\d+\][^'\")]*|timed out|Failed to resolve[^(]*", text)
    return system.group(0).strip() if system else text[:160]
