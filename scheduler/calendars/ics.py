"""An export directory of .ics files: one calendar per owner, the index (index.csv) and the
note (README.txt), swapped in whole (scheduler.files.staged_directory).

The calendars themselves are built in `assembly` (one per owner) from `events` (one per
session); the names below are re-exported for the command line and the tests.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from scheduler.calendars.assembly import OwnerCalendar, build_calendar
from scheduler.calendars.events import event_uid
from scheduler.calendars.messages import INDEX_HEADERS, KIND_NAMES, NOT_AN_EXPORT, NOTE
from scheduler.calendars.owners import (
    OWNER_KINDS,
    Owner,
    owners,
    plain,
    plan_problems,
)
from scheduler.csvfiles import csv_bytes
from scheduler.domain import InputError, Instance, Plan
from scheduler.files import (
    TEMP_FILE,
    carry,
    ensure_writable,
    fit_name,
    link_or_copy,
    staged_directory,
    unique_name,
    write_new,
)

__all__ = [
    "INDEX_NAME", "NOTE_NAME", "OWNER_KINDS", "ExportedFile", "Owner", "OwnerCalendar",
    "build_calendar", "calendar_filename", "event_uid", "export_directory", "owners", "plan_problems",
]


INDEX_NAME = "index.csv"
NOTE_NAME = "README.txt"


@dataclass(frozen=True)
class ExportedFile:
    file: str
    calendar: OwnerCalendar


def calendar_filename(owner: Owner) -> str:
    """A safe file name from the owner's id (ids may be Chinese, never contain "/"); a very
    long one is cut short with a hash of the id, within what every file system allows."""
    safe = re.sub(r"[^\w.\-]", "_", owner.id)
    return fit_name(f"{owner.kind}-{safe}.ics")


def export_directory(instance: Instance, plan: Plan, kinds: list[str], out: str | Path
                     ) -> list[ExportedFile]:
    """Write one .ics per owner, the note and the index into `out`, all or nothing.

    The new directory is built beside `out` and takes its place in one step, so a reader (or
    a crash) sees the whole old export or the whole new one. The export owns the calendars it
    lists in its index, the index and the note: calendars a previous export listed and this
    one does not go; every other file in `out` is carried over. A file whose bytes do not
    change is carried over too (same modification time); a changed one keeps its mode.
    A non-empty `out` that holds no index of an export is refused, never replaced.
    """
    out = Path(out)
    old = Path(os.path.realpath(out)) if out.is_symlink() else out
    present = _entries(old)
    if present and not _is_export(old):
        raise InputError([NOT_AN_EXPORT.format(out=out, index=INDEX_NAME)])
    ensure_writable(out, directory=True)

    exported: list[ExportedFile] = []
    taken: set[str] = set()
    for kind in kinds:
        for owner in owners(instance, kind):
            name = unique_name(calendar_filename(owner), taken)
            exported.append(ExportedFile(name, build_calendar(instance, plan, owner)))
    files = {entry.file: entry.calendar.to_ical() for entry in exported}
    files[NOTE_NAME] = NOTE.format(term=plain(instance.term.name), revision=plan.revision, index=INDEX_NAME,
                                   timezone=instance.term.timezone).encode("utf-8")
    files[INDEX_NAME] = _index(exported)
    owned = _listed_files(old / INDEX_NAME) | set(files)
    with staged_directory(out) as stage:
        for name, content in files.items():
            _write_or_keep(stage / name, content, old / name)
        for name in sorted(set(present) - owned):
            carry(old / name, stage / name)
    return exported


def _entries(folder: Path) -> list[str]:
    """The names in an existing directory, without what a killed writer left (`.x.abc.tmp`)."""
    try:
        return [name for name in os.listdir(folder) if not TEMP_FILE.match(name)]
    except (FileNotFoundError, NotADirectoryError):
        return []


def _is_export(folder: Path) -> bool:
    """Whether a directory holds an export: an index.csv with our header."""
    try:
        with (folder / INDEX_NAME).open(encoding="utf-8-sig", newline="") as handle:
            return tuple(next(csv.reader(handle), ())) == INDEX_HEADERS
    except (OSError, UnicodeDecodeError, csv.Error):
        return False


def _write_or_keep(path: Path, content: bytes, old: Path) -> None:
    try:
        if not old.is_symlink() and old.is_file() and old.read_bytes() == content:
            link_or_copy(old, path)
            return
        mode = stat.S_IMODE(old.stat().st_mode)
    except OSError:
        mode = None
    write_new(path, content, mode)



def _index(exported: list[ExportedFile]) -> bytes:
    """The list of calendar files, for Excel and WPS."""
    return csv_bytes(INDEX_HEADERS, ([entry.file, KIND_NAMES[entry.calendar.owner.kind], entry.calendar.owner.id,
                                      entry.calendar.owner.name, entry.calendar.active, entry.calendar.cancelled,
                                      entry.calendar.name] for entry in exported))


def _listed_files(index: Path) -> set[str]:
    """The .ics files a previous export listed (only plain names in the directory)."""
    try:
        rows = list(csv.reader(io.StringIO(index.read_text(encoding="utf-8-sig"))))
    except (OSError, UnicodeDecodeError, csv.Error):
        return set()
    return {row[0] for row in rows[1:]
            if row and row[0].endswith(".ics") and Path(row[0]).name == row[0]
            and row[0].startswith(tuple(f"{kind}-" for kind in OWNER_KINDS))}
