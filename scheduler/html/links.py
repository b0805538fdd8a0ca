"""Page file names from record ids: safe on every file system, deterministic, never clashing.

Ids may hold Chinese and dots; file systems on USB sticks ignore case, and some names
(`CON`, `aux`) are reserved on Windows, so each name starts with its kind."""

from __future__ import annotations

import re
from urllib.parse import quote

from scheduler.domain import Instance
from scheduler.files import fit_name, unique_name

KINDS = ("class", "teacher", "venue", "site")
INDEX_FILE = "index.html"
CHANGES_FILE = "changes.html"


def records_of(instance: Instance, kind: str) -> list:
    return {"class": instance.classes, "teacher": instance.teachers, "venue": instance.venues,
            "site": instance.sites}[kind]


def page_files(instance: Instance) -> dict[tuple[str, str], str]:
    """(kind, id) → the page's file name, for every class, teacher, venue and site."""
    taken = {INDEX_FILE, CHANGES_FILE}  # casefolded
    files = {}
    for kind in KINDS:
        for record in records_of(instance, kind):
            safe = re.sub(r"[^\w.\-]", "_", record.id)
            files[(kind, record.id)] = unique_name(fit_name(f"{kind}-{safe}.html"), taken)
    return files



def href(file: str) -> str:
    """A relative link to a file of the report (percent-encoded: names may be Chinese)."""
    return quote(file)
