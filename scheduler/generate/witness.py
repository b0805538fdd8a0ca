"""The witness planner: greedily places every session obeying every hard rule, so the instance is
feasible by construction; a session it cannot place is left out of the instance."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass

from scheduler.domain.records import Site, Venue
from scheduler.domain.values import Mode, TeacherKind, Tier, VenueKind
from scheduler.generate.availability import Availability
from scheduler.generate.drafts import ClassDraft, ItemDraft
from scheduler.generate.places import Places
from scheduler.generate.staff import PlannedObligation

KIND_WEIGHT = {TeacherKind.FULLTIME: 1.0, TeacherKind.PARTTIME: 1.6, TeacherKind.EXPERT: 1.6,
               TeacherKind.CADRE: 2.5}
TIER_ORDER = {Tier.COUNTY: 0, Tier.TOWNSHIP: 1, Tier.VILLAGE: 2}

Span = tuple[int, int]  # minutes from midnight, start and end


@dataclass
class Placed:
    owner: str
    item: str
    index: int
    classes: list[str]
    site: Site
    date: dt.date
    first_block: int
    length: int
    start: int  # minutes
    end: int
    teachers: list[str]
    venue: str | None
    topic: str
    title: str
    mode: Mode


def minutes(clock: dt.time) -> int:
    return clock.hour * 60 + clock.minute


def clash(spans: list[Span], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


class Witness:
    """Places the sessions of every draft; `placed` is the plan, `t_obl` counts obligations met."""

    def __init__(self, rng: random.Random, places: Places, available: Availability,
                 obligations: dict[str, list[PlannedObligation]]):
        self.rng = rng
        self.places = places
        self.available = available
        self.obligations = obligations
        self.t_busy: dict[tuple[str, dt.date], list[Span]] = defaultdict(list)
        self.v_busy: dict[tuple[str, dt.date], list[Span]] = defaultdict(list)
        self.c_busy: dict[tuple[str, dt.date], list[Span]] = defaultdict(list)
        self.t_day: Counter = Counter()
        self.t_week: Counter = Counter()
        self.t_load: Counter = Counter()
        self.t_obl: Counter = Counter()
        self.placed: list[Placed] = []
        self.failures: list[tuple[str, str, int, str]] = []  # sessions left out of the instance
        self.draft_by_id: dict[str, ClassDraft] = {}

    def plan_all(self, drafts: list[ClassDraft]) -> None:
        self.draft_by_id = by_id = {d.id: d for d in drafts}
        hosted: dict[str, list[tuple[ClassDraft, ItemDraft]]] = defaultdict(list)
        for draft in drafts:
            for item in draft.items:
                for other in item.joint_with:
                    hosted[other].append((draft, item))
        done: list[str] = []
        order = sorted(drafts, key=lambda d: (TIER_ORDER[d.site.tier], d.start, d.id))
        for draft in order:
            if draft.id in done:
                continue
            group = [draft] + [by_id[c] for item in draft.items for c in item.joint_with]
            group += [host for host, _ in hosted[draft.id] if host not in group]
            self._plan_group(group)
            done += [d.id for d in group]

    def _plan_group(self, group: list[ClassDraft]) -> None:
        """Place a class (with the classes it shares joint sessions with): first items at the start,
        last items at the end, then joint items, then the rest in order between them."""
        floors = {d.id: (d.start, 0) for d in group}
        ceilings = {d.id: (d.end + dt.timedelta(days=1), 0) for d in group}
        phases = (
            (lambda i: i.first and not i.joint_with, True, False),
            (lambda i: i.last and not i.joint_with, False, True),
            (lambda i: bool(i.joint_with), False, False),
            (lambda i: not (i.first or i.last or i.joint_with), True, False),
        )
        for wanted, advance, latest in phases:
            for draft in group:
                for item in [i for i in draft.items if wanted(i)]:
                    self._place_item(draft, item, floors, ceilings, advance, latest)

    def _place_item(self, draft: ClassDraft, item: ItemDraft, floors, ceilings,
                    advance: bool, latest: bool) -> None:
        """Place the sessions of one item in order; sessions that find no room are dropped."""
        classes = [draft.id, *item.joint_with]
        members = [self.draft_by_id[c] for c in classes]
        lo = max(d.start for d in members)
        hi = min(d.end for d in members)
        trainees = sum(d.trainees for d in members)
        site = draft.site
        placed_count = 0
        for index in range(1, item.sessions + 1):
            floor = max(floors[c] for c in classes)
            ceiling = min(ceilings[c] for c in classes)
            starts = [(d, k) for d, blocks in self.available.usable[site.id].items() if lo <= d <= hi
                      for k in blocks if floor <= (d, k) and (d, k + item.length) <= ceiling
                      and all(k + j in blocks for j in range(item.length))]
            if not starts:
                self.failures.append((draft.id, item.id, index, "no slot left"))
                continue
            for day, k in self._slot_order(draft, item, index, starts, latest):
                found = self._try_slot(item, classes, trainees, site, day, k)
                if found is None:
                    continue
                teachers, venue = found
                blocks = site.blocks[k:k + item.length]
                self._commit(Placed(draft.id, item.id, index, classes, site, day, k, item.length,
                                    minutes(blocks[0].start), minutes(blocks[-1].end), teachers,
                                    venue.id if venue else None, item.topic, item.title, item.mode))
                for c in classes:
                    if advance:
                        floors[c] = (day, k + item.length)
                    if latest:
                        ceilings[c] = min(ceilings[c], (day, k))
                placed_count += 1
                break
            else:
                self.failures.append((draft.id, item.id, index, "no free teacher or venue"))
        item.sessions = placed_count  # unplaced sessions are left out of the instance

    def _slot_order(self, draft: ClassDraft, item: ItemDraft, index: int, starts: list, latest: bool) -> list:
        """Latest first for closing items; otherwise from a random jump that leaves room for what follows."""
        if latest:
            return list(reversed(starts))
        remaining = remaining_units(draft, item, index)
        spare = max(0, len(starts) - remaining)
        jump = self.rng.randint(0, spare // remaining) if spare else 0
        return starts[jump:] + list(reversed(starts[:jump]))

    def _try_slot(self, item, classes, trainees, site, day, k):
        blocks = site.blocks[k:k + item.length]
        start, end = minutes(blocks[0].start), minutes(blocks[-1].end)
        names = [b.name for b in blocks]
        if item.mode is Mode.FIELD and not all(b.daytime for b in blocks):
            return None
        for c in classes:
            if clash(self.c_busy[(c, day)], start, end):
                return None
        if any(r.matches(day, n) for r in item.unavailable for n in names):
            return None
        venue = None
        if item.mode is not Mode.ONLINE:
            venue = self._pick_venue(item, site, trainees, day, names, start, end)
            if venue is None:
                return None
        teachers = self._pick_teachers(item, site, day, names, start, end)
        if teachers is None:
            return None
        return teachers, venue

    def _pick_venue(self, item, site, trainees, day, names, start, end) -> Venue | None:
        if item.venues is not None:
            candidates = [v for v in self.places.venues if v.id in item.venues]
        else:
            candidates = list(self.places.site_venues[site.id])
        candidates = [v for v in candidates if v.capacity >= trainees
                      and (v.kind is VenueKind.FIELD) == (item.mode is Mode.FIELD)]
        candidates.sort(key=lambda v: (v.capacity, v.id))
        for venue in candidates:
            if clash(self.v_busy[(venue.id, day)], start, end):
                continue
            if any(r.matches(day, n) for r in self.available.venue_rules[venue.id] for n in names):
                continue
            return venue
        return None

    def _pick_teachers(self, item, site, day, names, start, end) -> list[str] | None:
        week = day.isocalendar()[:2]
        ranked = []
        for teacher in self.available.qualified(site, item.topic):
            tid = teacher.id
            if teacher.max_per_day is not None and self.t_day[(tid, day)] >= teacher.max_per_day:
                continue
            if teacher.max_per_week is not None and self.t_week[(tid, week)] >= teacher.max_per_week:
                continue
            if clash(self.t_busy[(tid, day)], start, end):
                continue
            if any(r.matches(day, n) for r in self.available.teacher_rules[tid] for n in names):
                continue
            need = self._obligation_need(tid, item.topic, day)
            busy_elsewhere = 1 if self.t_day[(tid, day)] else 0
            ranked.append((-need, self.t_load[tid] * KIND_WEIGHT[teacher.kind] + busy_elsewhere,
                           self.rng.random(), tid))
        if len(ranked) < item.needed:
            return None
        ranked.sort()
        return sorted(r[3] for r in ranked[:item.needed])

    def _obligation_need(self, tid: str, topic: str, day: dt.date) -> int:
        need = 0
        for k, (obligation, periods) in enumerate(self.obligations[tid]):
            if obligation.topic is not None and obligation.topic != topic:
                continue
            for p, (first, last) in enumerate(periods):
                if first <= day <= last and self.t_obl[(tid, k, p)] < obligation.min_sessions:
                    need = 1
        return need

    def _commit(self, placed: Placed) -> None:
        day, span = placed.date, (placed.start, placed.end)
        week = day.isocalendar()[:2]
        for c in placed.classes:
            self.c_busy[(c, day)].append(span)
        if placed.venue is not None:
            self.v_busy[(placed.venue, day)].append(span)
        for tid in placed.teachers:
            self.t_busy[(tid, day)].append(span)
            self.t_day[(tid, day)] += 1
            self.t_week[(tid, week)] += 1
            self.t_load[tid] += 1
            for k, (obligation, periods) in enumerate(self.obligations[tid]):
                if obligation.topic is not None and obligation.topic != placed.topic:
                    continue
                for p, (first, last) in enumerate(periods):
                    if first <= day <= last:
                        self.t_obl[(tid, k, p)] += 1
        self.placed.append(placed)

    def obligations_met(self, tid: str) -> list:
        """The teacher's planned obligations the witness meets in every period."""
        return [obligation for k, (obligation, periods) in enumerate(self.obligations[tid])
                if periods and all(self.t_obl[(tid, k, p)] >= obligation.min_sessions
                                   for p in range(len(periods)))]


def remaining_units(draft: ClassDraft, item: ItemDraft, index: int) -> int:
    """Blocks still needed by this item and the ordinary items after it."""
    units = (item.sessions - index + 1) * item.length
    later = False
    for other in draft.items:
        if other is item:
            later = True
        elif later and not (other.first or other.last or other.joint_with):
            units += other.sessions * other.length
    return max(1, units)
