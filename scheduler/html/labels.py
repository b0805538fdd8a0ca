"""Names and links of a report's records, and what a grid cell shows of a session."""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.domain import Instance, PlanSession
from scheduler.html import messages as m
from scheduler.html.links import KINDS, href, page_files, records_of


@dataclass(frozen=True)
class Link:
    text: str
    href: str | None  # None: nothing to link to (online, an id the instance lacks)


@dataclass(frozen=True)
class Entry:
    """A session as one cell of a grid shows it; the page's own record is left out."""

    title: str
    time: str
    mode: str
    classes: list[Link]
    teachers: list[Link]
    place: list[Link]
    changed: bool
    continued: bool


class Labels:
    def __init__(self, instance: Instance, changed: set[str] | None = None):
        self.files = page_files(instance)
        self.names = {(kind, r.id): r.name for kind in KINDS for r in records_of(instance, kind)}
        self.changed = changed or set()

    def file(self, kind: str, record_id: str) -> str:
        return self.files[(kind, record_id)]

    def name(self, kind: str, record_id: str) -> str:
        return self.names.get((kind, record_id), record_id)

    def link(self, kind: str, record_id: str | None) -> Link:
        if record_id is None:
            return Link(m.ONLINE, None)
        file = self.files.get((kind, record_id))
        return Link(self.name(kind, record_id), href(file) if file else None)

    def links(self, kind: str, ids: list[str], leave_out: str | None = None) -> list[Link]:
        return [self.link(kind, i) for i in ids if i != leave_out]

    def entry(self, session: PlanSession, continued: bool, kind: str, record_id: str) -> Entry:
        own = {k: (record_id if k == kind else None) for k in KINDS}
        if kind == "venue":
            place = [self.link("site", session.site)]
        elif kind == "site" or session.venue is None:
            place = [self.link("venue", session.venue)]
        else:
            place = [self.link("venue", session.venue), self.link("site", session.site)]
        return Entry(session.title, f"{session.start}–{session.end}", m.MODE_NAMES.get(session.mode, session.mode),
                     self.links("class", session.classes, own["class"]),
                     self.links("teacher", session.teachers, own["teacher"]), place,
                     session.id in self.changed, continued)
