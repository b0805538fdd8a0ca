"""Calendars for teachers, classes and venues: iCal files (`ics`) and CalDAV publishing (`publish`).

Both are built on `scheduler.history`: an event's UID comes from the session id, its SEQUENCE
from the revision at which the session last changed, and sessions an owner lost in a replan
stay as cancelled events. `publish` imports the CalDAV client, so it is not imported here.
"""

from scheduler.calendars.ics import (
    OWNER_KINDS,
    ExportedFile,
    Owner,
    OwnerCalendar,
    build_calendar,
    calendar_filename,
    event_uid,
    export_directory,
    owners,
    plan_problems,
)

__all__ = [
    "OWNER_KINDS", "ExportedFile", "Owner", "OwnerCalendar", "build_calendar", "calendar_filename",
    "event_uid", "export_directory", "owners", "plan_problems",
]
