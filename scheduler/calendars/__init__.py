"""Calendars for teachers, classes and venues: iCal files (`ics`) and CalDAV publishing (`publish`).

Both are built on `scheduler.history`: an event's UID comes from the session id, its SEQUENCE
from the revision at which the session last changed, and sessions an owner lost in a replan
stay as cancelled events. `publish` imports the CalDAV client, so it is not imported here.
"""

from scheduler.calendars.assembly import OwnerCalendar, build_calendar
from scheduler.calendars.events import event_uid
from scheduler.calendars.ics import ExportedFile, calendar_filename, export_directory
from scheduler.calendars.owners import OWNER_KINDS, Owner, owners, plan_problems

__all__ = [
    "OWNER_KINDS", "ExportedFile", "Owner", "OwnerCalendar", "build_calendar", "calendar_filename",
    "event_uid", "export_directory", "owners", "plan_problems",
]
