"""What every check needs, built once per plan.

The expected sessions come from the instance alone (class x curriculum item x index). Each
plan entry whose id is expected is matched to its item; its time span is read from the plan's
`start` and `end`, and the site blocks it occupies are the blocks of the class's site that
this span touches (for a well-formed session: `length` consecutive blocks from its start).
Entries with an unknown id, and second copies of a duplicated id, are reported under
`session_once` only and take no part in the other checks.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from scheduler.calendar import TermCalendar
from scheduler.check.messages import named
from scheduler.check.timing import Span, block_span, parse_clock
from scheduler.domain.instance import Instance
from scheduler.domain.plan import Plan, PlanSession, session_id
from scheduler.domain.records import (
    Blackout,
    Block,
    CurriculumItem,
    Site,
    Teacher,
    TermClass,
    Venue,
)


@dataclass(frozen=True)
class ExpectedSession:
    """A session the instance asks for: the index-th session of an item of a class."""

    id: str
    term_class: TermClass
    item: CurriculumItem
    index: int

    @cached_property
    def classes(self) -> tuple[str, ...]:
        """The host class first, then the classes that join it."""
        return (self.term_class.id, *self.item.joint_with)


@dataclass(frozen=True)
class PlacedSession:
    """A plan entry matched to the session it claims to be."""

    entry: PlanSession
    expected: ExpectedSession
    site: Site
    span: Span | None  # None when start/end are not clock times or end is not after start
    blocks: tuple[Block, ...]  # the site's blocks that the span touches, in order

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def date(self) -> dt.date:
        return self.entry.date

    @property
    def item(self) -> CurriculumItem:
        return self.expected.item

    @property
    def term_class(self) -> TermClass:
        return self.expected.term_class

    @property
    def classes(self) -> tuple[str, ...]:
        return self.expected.classes

    @cached_property
    def teachers(self) -> tuple[str, ...]:
        """The teacher ids of the entry, each once, in plan order."""
        return tuple(dict.fromkeys(self.entry.teachers))

    @property
    def venue(self) -> str | None:
        return self.entry.venue

    def of_item(self, class_id: str, item_id: str) -> bool:
        return self.term_class.id == class_id and self.item.id == item_id

    def starts_at(self) -> tuple[dt.date, int]:
        assert self.span is not None
        return (self.date, self.span.start)

    def ends_at(self) -> tuple[dt.date, int]:
        assert self.span is not None
        return (self.date, self.span.end)


def read_span(entry: PlanSession) -> Span | None:
    start, end = parse_clock(entry.start), parse_clock(entry.end)
    if start is None or end is None or end <= start:
        return None
    return Span(start, end)


def touched_blocks(site: Site, span: Span | None) -> tuple[Block, ...]:
    if span is None:
        return ()
    return tuple(b for b in site.blocks if block_span(b.start, b.end).overlaps(span))


class CheckContext:
    """The instance's records by id, the expected sessions and the matched plan entries."""

    def __init__(self, instance: Instance, plan: Plan):
        self.instance = instance
        self.plan = plan
        self.calendar = TermCalendar(instance.term)
        self.calendar.check()  # CalendarError propagates: the input is unusable
        self.sites = {s.id: s for s in instance.sites}
        self.teachers = {t.id: t for t in instance.teachers}
        self.venues = {v.id: v for v in instance.venues}
        self.classes = {c.id: c for c in instance.classes}
        self.topics = {t.id: t for t in instance.topics}
        self.townships = {t.id: t for t in instance.townships}
        self.expected = {
            session_id(c.id, item.id, k): ExpectedSession(session_id(c.id, item.id, k), c, item, k)
            for c in instance.classes
            for item in c.curriculum
            for k in range(1, item.sessions + 1)
        }
        self.placed = tuple(self._place())
        self._by_teacher: dict[str, list[PlacedSession]] = defaultdict(list)
        self._by_class: dict[str, list[PlacedSession]] = defaultdict(list)
        for placed in self.placed:
            for teacher_id in placed.teachers:
                self._by_teacher[teacher_id].append(placed)
            if placed.span is not None:
                for class_id in placed.classes:
                    self._by_class[class_id].append(placed)

    def _place(self) -> Iterator[PlacedSession]:
        seen: set[str] = set()
        for entry in self.plan.sessions:
            expected = self.expected.get(entry.id)
            if expected is None or entry.id in seen:
                continue
            seen.add(entry.id)
            site = self.sites[expected.term_class.site]
            span = read_span(entry)
            yield PlacedSession(entry, expected, site, span, touched_blocks(site, span))

    def timed(self) -> list[PlacedSession]:
        """Matched sessions with a usable time span."""
        return [p for p in self.placed if p.span is not None]

    def attending(self, class_id: str) -> list[PlacedSession]:
        """Timed sessions the class attends: its own and the joint sessions of other classes."""
        return list(self._by_class.get(class_id, ()))

    def taught_by(self, teacher_id: str) -> list[PlacedSession]:
        """Matched sessions that list the teacher, in plan order."""
        return list(self._by_teacher.get(teacher_id, ()))

    # Blackouts, by what they apply to (see scheduler.rules).
    def site_blackouts(self, site: Site) -> list[Blackout]:
        return [b for b in self.instance.blackouts
                if b.everywhere or site.id in b.sites or site.tier in b.tiers
                or site.township in b.townships]

    def teacher_blackouts(self, teacher: Teacher) -> list[Blackout]:
        return [b for b in self.instance.blackouts
                if teacher.id in b.teachers or teacher.kind in b.teacher_kinds]

    def venue_blackouts(self, venue: Venue) -> list[Blackout]:
        return [b for b in self.instance.blackouts if venue.id in b.venues]

    # Labels for messages: "name(id)" for known records, the bare id otherwise.
    def teacher_label(self, teacher_id: str) -> str:
        teacher = self.teachers.get(teacher_id)
        return named(teacher) if teacher else teacher_id

    def venue_label(self, venue_id: str) -> str:
        venue = self.venues.get(venue_id)
        return named(venue) if venue else venue_id

    def class_label(self, class_id: str) -> str:
        term_class = self.classes.get(class_id)
        return named(term_class) if term_class else class_id

    def topic_label(self, topic_id: str) -> str:
        topic = self.topics.get(topic_id)
        return named(topic) if topic else topic_id

    def township_label(self, township_id: str | None) -> str:
        township = self.townships.get(township_id or "")
        return named(township) if township else str(township_id)
