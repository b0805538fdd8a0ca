"""Instance → sessions, each with the slots, teachers and venues it may use.

This is where the small domains of the model come from: a session's slots are only the
teaching blocks of its site inside its class window; its teachers only the qualified ones
who are free in at least one of those slots; its venues only those that fit. Whatever a
session cannot use is left out here, so the solver never sees it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property

from scheduler.calendar import TermCalendar, days
from scheduler.domain import (
    CurriculumItem,
    Instance,
    Mode,
    Site,
    Teacher,
    TermClass,
    Tier,
    TimeRule,
    Venue,
    VenueKind,
    session_id,
)

MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True)
class Slot:
    """One possible placement of a session: a date and a run of consecutive site blocks."""

    date: dt.date
    first_block: int
    block_names: tuple[str, ...]
    start: dt.time
    end: dt.time
    day: int  # days since the term's first day
    week: int  # weeks since the Monday of the term's first week
    daytime: bool

    @property
    def blocks(self) -> range:
        """Indices of the site blocks the slot occupies."""
        return range(self.first_block, self.first_block + len(self.block_names))

    @property
    def start_minute(self) -> int:
        return self.day * MINUTES_PER_DAY + self.start.hour * 60 + self.start.minute

    @property
    def end_minute(self) -> int:
        return self.day * MINUTES_PER_DAY + self.end.hour * 60 + self.end.minute

    def cells(self) -> list[tuple[dt.date, str]]:
        return [(self.date, name) for name in self.block_names]


@dataclass
class Candidate:
    """A teacher or venue a session may use, and the positions of the session's slots it can take.

    `slots` is None when every slot of the session is allowed.
    """

    id: str
    slots: frozenset[int] | None = None

    def allows(self, position: int) -> bool:
        return self.slots is None or position in self.slots


@dataclass
class Session:
    id: str
    owner: TermClass
    item: CurriculumItem
    index: int  # 1-based within its curriculum item
    class_ids: tuple[str, ...]
    site: Site
    trainees: int
    slots: list[Slot]
    teachers: list[Candidate]
    venues: list[Candidate]
    required_teachers: tuple[str, ...]
    # How many interchangeable sessions this one stands for: 1, except in an expansion made by
    # solve/counted.py for the times-only model.
    count: int = 1

    @property
    def needs_venue(self) -> bool:
        return self.item.mode is not Mode.ONLINE

    @property
    def teachers_needed(self) -> int:
        return self.item.teachers_needed

    def pinned(self, position: int, teachers, venue: str | None) -> Session:
        """This session held to one placement: its `position`-th slot, these teachers, this venue."""
        return replace(self, slots=[self.slots[position]], teachers=[Candidate(t) for t in teachers],
                       venues=[Candidate(venue)] if venue else [])

    def timed(self, position: int) -> Session:
        """This session held to its `position`-th slot, with the teachers and venues free to
        take that slot."""
        return replace(self, slots=[self.slots[position]],
                       teachers=[Candidate(c.id) for c in self.teachers if c.allows(position)],
                       venues=[Candidate(c.id) for c in self.venues if c.allows(position)])


@dataclass
class Expansion:
    instance: Instance
    calendar: TermCalendar
    sessions: list[Session]
    term_monday: dt.date
    # The teachers all of whose possible sessions are in this expansion (None: every teacher).
    # A neighbourhood of a plan (solve/lns.py) holds only some sessions of other teachers, so
    # rules that count all of a teacher's sessions are posted for these teachers only.
    whole_teachers: frozenset[str] | None = None
    # A counted expansion (solve/counted.py): the session standing for a group -> the ids of
    # the group's sessions, in order. Empty: every session stands for itself.
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The classes whose own rules a model posts (None: every class with a session here). A
    # neighbourhood holds other classes' sessions in place only as users of teachers and
    # rooms: what the rules count for those classes cannot change there.
    focus: frozenset[str] | None = None
    by_id: dict[str, Session] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {s.id: s for s in self.sessions}

    def is_whole(self, teacher_id: str) -> bool:
        return self.whole_teachers is None or teacher_id in self.whole_teachers

    @cached_property
    def sessions_by_class(self) -> dict[str, list[Session]]:
        grouped: dict[str, list[Session]] = defaultdict(list)
        for session in self.sessions:
            for class_id in session.class_ids:
                grouped[class_id].append(session)
        return dict(grouped)

    def in_focus(self, class_id: str) -> bool:
        return self.focus is None or class_id in self.focus

    @cached_property
    def classes(self) -> list[TermClass]:
        """The instance's classes that attend a session of this expansion and are in focus, in
        instance order (a neighbourhood or a component holds only some)."""
        return [c for c in self.instance.classes if c.id in self.sessions_by_class
                and self.in_focus(c.id)]

    @cached_property
    def ordering_pairs(self) -> dict[str, list[tuple[Session, Session]]]:
        """Per class, the (a, b) pairs where session a must end before session b starts:
        its `first` items before every other session it attends, `last` items after them,
        and `after` items after the items they name."""
        pairs: dict[str, list[tuple[Session, Session]]] = {}
        for term_class in self.classes:
            attended = self.sessions_by_class.get(term_class.id, [])
            own: dict[str, list[Session]] = defaultdict(list)
            for session in attended:
                if session.owner.id == term_class.id:
                    own[session.item.id].append(session)
            found = []
            for item in term_class.curriculum:
                for session in own[item.id]:
                    others = [o for o in attended if o.item is not item]
                    if item.first:
                        found += [(session, other) for other in others]
                    if item.last:
                        found += [(other, session) for other in others]
                    for before in item.after:
                        found += [(earlier, session) for earlier in own[before]]
            if found:
                pairs[term_class.id] = found
        return pairs

    @cached_property
    def sessions_by_teacher(self) -> dict[str, list[tuple[Session, Candidate]]]:
        grouped: dict[str, list[tuple[Session, Candidate]]] = defaultdict(list)
        for session in self.sessions:
            for candidate in session.teachers:
                grouped[candidate.id].append((session, candidate))
        return dict(grouped)

    @cached_property
    def sessions_by_venue(self) -> dict[str, list[tuple[Session, Candidate]]]:
        grouped: dict[str, list[tuple[Session, Candidate]]] = defaultdict(list)
        for session in self.sessions:
            for candidate in session.venues:
                grouped[candidate.id].append((session, candidate))
        return dict(grouped)


def expand(instance: Instance) -> Expansion:
    """Expand every curriculum item into its sessions with their options. Raises CalendarError."""
    calendar = TermCalendar(instance.term)
    calendar.check()
    builder = OptionBuilder(instance, calendar)
    sessions = [
        builder.session(term_class, item, k)
        for term_class in instance.classes
        for item in term_class.curriculum
        for k in range(1, item.sessions + 1)
    ]
    return Expansion(instance, calendar, sessions, builder.term_monday)


class OptionBuilder:
    def __init__(self, instance: Instance, calendar: TermCalendar):
        self.instance = instance
        self.calendar = calendar
        start = instance.term.start
        self.term_monday = start - dt.timedelta(days=start.isoweekday() - 1)
        self.classes = {c.id: c for c in instance.classes}
        self.sites = {s.id: s for s in instance.sites}
        self._site_blocks: dict[str, dict[dt.date, tuple[bool, ...]]] = {}
        self.teacher_rules = {t.id: self._rules_for_teacher(t) for t in instance.teachers}
        self.venue_rules = {v.id: self._rules_for_venue(v) for v in instance.venues}
        self._busy_cache: dict[tuple[str, dt.date, str], bool] = {}
        self._options_cache: dict[tuple[str, str], tuple] = {}
        self.teachers = {t.id: t for t in instance.teachers}
        self.venues = {v.id: v for v in instance.venues}
        self.rooms_by_site: dict[str, list[Venue]] = defaultdict(list)
        for venue in instance.venues:
            if venue.kind is not VenueKind.FIELD and venue.site is not None:
                self.rooms_by_site[venue.site].append(venue)
        self.field_venues = [v for v in instance.venues if v.kind is VenueKind.FIELD]
        self.teachers_by_topic: dict[str, list[Teacher]] = defaultdict(list)
        for teacher in sorted(instance.teachers, key=lambda t: t.id):
            for topic in teacher.topics:
                self.teachers_by_topic[topic].append(teacher)

    # --- time ---------------------------------------------------------------------------
    def site_blocks(self, site: Site) -> dict[dt.date, tuple[bool, ...]]:
        """For each teaching day of the site, which of its blocks are free of blackouts."""
        if site.id not in self._site_blocks:
            rules = [b.when for b in self.instance.blackouts if blackout_hits_site(b, site)]
            table: dict[dt.date, tuple[bool, ...]] = {}
            for day in days(self.instance.term.start, self.instance.term.end):
                if self.calendar.site_teaches(site, day):
                    table[day] = tuple(
                        not any(rule.matches(day, block.name) for rule in rules)
                        for block in site.blocks
                    )
            self._site_blocks[site.id] = table
        return self._site_blocks[site.id]

    def slots(self, owner: TermClass, item: CurriculumItem, class_ids: tuple[str, ...]) -> list[Slot]:
        site = self.sites[owner.site]
        members = [self.classes[c] for c in class_ids]
        first = max(c.start for c in members)
        last = min(c.end for c in members)
        blocks = site.blocks
        result: list[Slot] = []
        for day, free in sorted(self.site_blocks(site).items()):
            if not (first <= day <= last):
                continue
            for b in range(len(blocks) - item.length + 1):
                run = blocks[b:b + item.length]
                if not all(free[b:b + item.length]):
                    continue
                if any(rule.matches(day, blk.name) for rule in item.unavailable for blk in run):
                    continue
                daytime = all(blk.daytime for blk in run)
                if item.mode is Mode.FIELD and not daytime:
                    continue
                result.append(Slot(
                    date=day, first_block=b, block_names=tuple(blk.name for blk in run),
                    start=run[0].start, end=run[-1].end,
                    day=(day - self.instance.term.start).days,
                    week=(day - self.term_monday).days // 7, daytime=daytime,
                ))
        return result

    # --- people and places --------------------------------------------------------------
    def _rules_for_teacher(self, teacher: Teacher) -> list[TimeRule]:
        rules = list(teacher.unavailable)
        for blackout in self.instance.blackouts:
            if teacher.id in blackout.teachers or teacher.kind in blackout.teacher_kinds:
                rules.append(blackout.when)
        return rules

    def _rules_for_venue(self, venue: Venue) -> list[TimeRule]:
        rules = list(venue.unavailable)
        rules += [b.when for b in self.instance.blackouts if venue.id in b.venues]
        return rules

    def allowed(self, owner_id: str, rules: list[TimeRule], slots: list[Slot]) -> frozenset[int] | None:
        if not rules:
            return None
        allowed = []
        for position, slot in enumerate(slots):
            busy = False
            for day, name in slot.cells():
                key = (owner_id, day, name)
                if key not in self._busy_cache:
                    self._busy_cache[key] = any(rule.matches(day, name) for rule in rules)
                busy = busy or self._busy_cache[key]
            if not busy:
                allowed.append(position)
        return None if len(allowed) == len(slots) else frozenset(allowed)

    def qualified(self, teacher: Teacher, item: CurriculumItem, site: Site) -> bool:
        if item.topic not in teacher.topics:
            return False
        if teacher.tiers is not None and site.tier not in teacher.tiers:
            return False
        if teacher.townships is not None and site.township not in teacher.townships:
            return False
        return True

    def venue_pool(self, item: CurriculumItem, site: Site) -> list[Venue]:
        """Venues of the right kind in reach of the site (or the item's own list)."""
        if item.mode is Mode.ONLINE:
            return []
        kinds = (VenueKind.FIELD,) if item.mode is Mode.FIELD else (VenueKind.CLASSROOM, VenueKind.HALL)
        if item.venues:  # an empty list means no restriction, as in the checker
            return [v for v in (self.venues[i] for i in item.venues) if v.kind in kinds]
        if item.mode is not Mode.FIELD:
            return self.rooms_by_site.get(site.id, [])
        if site.tier is Tier.COUNTY:
            return self.field_venues
        return [v for v in self.field_venues
                if v.site == site.id or (v.township is not None and v.township == site.township)]

    def session(self, owner: TermClass, item: CurriculumItem, k: int) -> Session:
        class_ids = (owner.id, *item.joint_with)
        slots, teachers, venues = self._options(owner, item, class_ids)
        return Session(
            id=session_id(owner.id, item.id, k), owner=owner, item=item, index=k,
            class_ids=class_ids, site=self.sites[owner.site],
            trainees=self.instance.audience(item, class_ids), slots=slots,
            teachers=teachers, venues=venues, required_teachers=tuple(item.teachers),
        )

    def _options(self, owner: TermClass, item: CurriculumItem, class_ids: tuple[str, ...]):
        """Slots, teacher and venue candidates, shared by all sessions of one curriculum item."""
        key = (owner.id, item.id)
        if key in self._options_cache:
            return self._options_cache[key]
        site = self.sites[owner.site]
        trainees = self.instance.audience(item, class_ids)
        slots = self.slots(owner, item, class_ids)

        teachers: list[Candidate] = []
        required = set(item.teachers)
        pool = [self.teachers[t] for t in item.teachers]
        if item.teachers_needed > len(required):
            pool += [t for t in self.teachers_by_topic.get(item.topic, []) if t.id not in required]
        for teacher in pool:
            # A named teacher outside their tiers/townships is no candidate either: the
            # session then has no way to hold them (lint reports the contradiction).
            if not self.qualified(teacher, item, site):
                continue
            allowed = self.allowed(teacher.id, self.teacher_rules[teacher.id], slots)
            if allowed is not None and not allowed and teacher.id not in required:
                continue
            teachers.append(Candidate(teacher.id, allowed))

        venues: list[Candidate] = []
        for venue in sorted(self.venue_pool(item, site), key=lambda v: (v.capacity, v.id)):
            if venue.capacity + venue.overflow < trainees:
                continue
            allowed = self.allowed("venue:" + venue.id, self.venue_rules[venue.id], slots)
            if allowed is not None and not allowed:
                continue
            venues.append(Candidate(venue.id, allowed))  # smallest fitting room first
        self._options_cache[key] = (slots, teachers, venues)
        return self._options_cache[key]


def blackout_hits_site(blackout, site: Site) -> bool:
    if blackout.everywhere:
        return True
    return site.id in blackout.sites or site.tier in blackout.tiers or site.township in blackout.townships
