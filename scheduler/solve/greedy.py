"""A greedy first plan, given to CP-SAT as a hint for its first-plan search.

Sessions are taken most-constrained first (fewest slot × teacher options), never before the
sessions they must follow; each gets its earliest slot where enough teachers and a venue are
free and within their limits, preferring teachers with unmet obligations and light loads,
and the smallest venue that fits. Whatever cannot be placed is left to the CP-SAT search.

The greedy is only guidance: CP-SAT replays it under every hard rule, and the independent
checker still verifies the plan that comes out.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass

from scheduler.expand import Candidate, Expansion, Session
from scheduler.solve.rules.teacher_obligation import period_windows


@dataclass(frozen=True)
class Placement:
    slot: int
    teachers: tuple[str, ...]
    venue: str | None


def precedences(expansion: Expansion) -> list[tuple[Session, Session]]:
    """(a, b) pairs where a must end before b starts: first / last / after, and the index
    order the model imposes on the interchangeable sessions of one curriculum item."""
    pairs = []
    for a, b in zip(expansion.sessions, expansion.sessions[1:]):
        if a.owner is b.owner and a.item is b.item:
            pairs.append((a, b))
    for term_class in expansion.instance.classes:
        attended = expansion.sessions_by_class.get(term_class.id, [])
        own = defaultdict(list)
        for session in attended:
            if session.owner.id == term_class.id:
                own[session.item.id].append(session)
        for item in term_class.curriculum:
            for session in own[item.id]:
                others = [o for o in attended if o.item is not item]
                if item.first:
                    pairs += [(session, o) for o in others]
                if item.last:
                    pairs += [(o, session) for o in others]
                for before in item.after:
                    pairs += [(b, session) for b in own[before]]
    return pairs


class _Duties:
    """Sessions each teacher still owes, per obligation period."""

    def __init__(self, instance) -> None:
        self.open: dict[str, list[list]] = defaultdict(list)
        for teacher in instance.teachers:
            for obligation in teacher.obligations:
                for first, last in period_windows(instance.term, obligation.period):
                    self.open[teacher.id].append([first, last, obligation.topic, obligation.min_sessions])

    def _matching(self, teacher_id: str, day, topic: str):
        return [d for d in self.open.get(teacher_id, ())
                if d[0] <= day <= d[1] and d[2] in (None, topic) and d[3] > 0]

    def owed(self, teacher_id: str, day, topic: str) -> int:
        return sum(d[3] for d in self._matching(teacher_id, day, topic))

    def serve(self, teacher_id: str, day, topic: str) -> None:
        for duty in self._matching(teacher_id, day, topic):
            duty[3] -= 1


class _Busy:
    """Minute intervals taken per owner and day."""

    def __init__(self) -> None:
        self.taken: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)

    def free(self, owner: str, day: int, start: int, end: int) -> bool:
        return all(end <= s or e <= start for s, e in self.taken.get((owner, day), ()))

    def take(self, owner: str, day: int, start: int, end: int) -> None:
        self.taken[(owner, day)].append((start, end))


def greedy_plan(expansion: Expansion) -> dict[str, Placement]:
    """Placements for the sessions the greedy could place, by session id."""
    instance = expansion.instance
    limits = {t.id: (t.max_per_day, t.max_per_week) for t in instance.teachers}
    duty = _Duties(instance)

    pairs = precedences(expansion)
    successors = defaultdict(list)
    waiting = defaultdict(int)
    for a, b in pairs:
        successors[a.id].append(b)
        waiting[b.id] += 1

    def options(session: Session) -> int:
        return len(session.slots) * max(1, len(session.teachers))

    queue = [(options(s), n, s.id) for n, s in enumerate(expansion.sessions) if not waiting[s.id]]
    heapq.heapify(queue)
    position = {s.id: n for n, s in enumerate(expansion.sessions)}

    teacher_busy, venue_busy, class_busy = _Busy(), _Busy(), _Busy()
    per_day, per_week, load = defaultdict(int), defaultdict(int), defaultdict(int)
    earliest = defaultdict(int)  # session id -> minute it may start at
    placements: dict[str, Placement] = {}

    while queue:
        _, _, session_id = heapq.heappop(queue)
        session = expansion.by_id[session_id]
        placement = _place(session, earliest[session_id], teacher_busy, venue_busy, class_busy,
                           per_day, per_week, load, limits, duty)
        if placement is not None:
            placements[session_id] = placement
            slot = session.slots[placement.slot]
            span = (slot.day, slot.start_minute, slot.end_minute)
            for p in placement.teachers:
                teacher_busy.take(p, *span)
                per_day[(p, slot.day)] += 1
                per_week[(p, slot.week)] += 1
                load[p] += 1
                duty.serve(p, slot.date, session.item.topic)
            if placement.venue is not None:
                venue_busy.take(placement.venue, *span)
            for c in session.class_ids:
                class_busy.take(c, *span)
            end = slot.end_minute
        else:
            end = 0
        for nxt in successors[session_id]:
            earliest[nxt.id] = max(earliest[nxt.id], end)
            waiting[nxt.id] -= 1
            if not waiting[nxt.id]:
                heapq.heappush(queue, (options(nxt), position[nxt.id], nxt.id))
    return placements


def _place(session: Session, not_before: int, teacher_busy, venue_busy, class_busy,
           per_day, per_week, load, limits, duty) -> Placement | None:
    required = set(session.required_teachers)
    for t, slot in enumerate(session.slots):
        if slot.start_minute < not_before:
            continue
        span = (slot.day, slot.start_minute, slot.end_minute)
        if not all(class_busy.free(c, *span) for c in session.class_ids):
            continue
        free_teachers = [c for c in session.teachers
                         if _teacher_ok(c, t, slot, span, teacher_busy, per_day, per_week, limits)]
        if not required <= {c.id for c in free_teachers}:
            continue
        if len(free_teachers) < session.teachers_needed:
            continue
        free_teachers.sort(key=lambda c: (c.id not in required,
                                          -duty.owed(c.id, slot.date, session.item.topic),
                                          load[c.id], c.id))
        chosen = tuple(c.id for c in free_teachers[:session.teachers_needed])
        venue = None
        if session.needs_venue:
            venues = [c for c in session.venues if c.allows(t) and venue_busy.free(c.id, *span)]
            if not venues:
                continue
            venue = venues[0].id
        return Placement(t, chosen, venue)
    return None


def _teacher_ok(candidate: Candidate, t: int, slot, span, teacher_busy, per_day, per_week, limits) -> bool:
    if not candidate.allows(t) or not teacher_busy.free(candidate.id, *span):
        return False
    max_day, max_week = limits[candidate.id]
    if max_day is not None and per_day[(candidate.id, slot.day)] >= max_day:
        return False
    if max_week is not None and per_week[(candidate.id, slot.week)] >= max_week:
        return False
    return True
