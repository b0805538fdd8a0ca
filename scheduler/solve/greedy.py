"""A greedy first plan, given to CP-SAT as a hint for its first-plan search.

Sessions are taken most-constrained first (fewest slot × teacher options), never before the
sessions they must follow; each gets its earliest slot where enough teachers and a venue are
free and within their limits, preferring teachers with unmet obligations and light loads,
and the smallest venue that fits. When some cannot be placed, the pass is run again with
those sessions taken earlier (squeaky wheel: each failure moves a session ahead), while
each pass places more than the one before (a few times at most); whatever the best pass left
is left to the CP-SAT search.

The greedy is only guidance: CP-SAT replays it under every hard rule, and the independent
checker still verifies the plan that comes out.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass
from math import ceil

from scheduler.domain import VenueKind
from scheduler.expand import Candidate, Expansion, Session
from scheduler.rules import SOFT_RULE_IDS
from scheduler.solve.rules.teacher_obligation import period_windows
from scheduler.solve.soft.teacher_mode_fit import misfit


@dataclass(frozen=True)
class Placement:
    slot: int
    teachers: tuple[str, ...]
    venue: str | None


def precedences(expansion: Expansion) -> list[tuple[Session, Session]]:
    """(a, b) pairs where a must end before b starts: the classes' ordering rules, and the
    index order the model imposes on the interchangeable sessions of one curriculum item."""
    pairs = [pair for found in expansion.ordering_pairs.values() for pair in found]
    for a, b in zip(expansion.sessions, expansion.sessions[1:]):
        if a.owner is b.owner and a.item is b.item:
            pairs.append((a, b))
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


PASSES = 8  # greedy passes at most, while some session is left unplaced


def greedy_plan(expansion: Expansion, passes: int = PASSES) -> dict[str, Placement]:
    """Placements for the sessions the greedy could place, by session id."""
    urgency: dict[str, int] = defaultdict(int)  # session id -> failures in earlier passes
    best: dict[str, Placement] | None = None
    for _ in range(passes):
        placements = _Greedy(expansion).run(urgency)
        if best is not None and len(placements) <= len(best):
            break  # no better than the last best: more passes are unlikely to help
        best = placements
        if len(placements) == len(expansion.sessions):
            break
        # A session follows the others of its item (and its ordering rules' predecessors):
        # the whole item moves ahead with it.
        failed = {(s.owner.id, s.item.id) for s in expansion.sessions if s.id not in placements}
        for session in expansion.sessions:
            if (session.owner.id, session.item.id) in failed:
                urgency[session.id] += 1
    return best or {}


class _Greedy:
    """Places sessions one by one, each at its cheapest feasible (slot, teachers, venue).

    The cost is a rough local estimate of the soft rules' penalties (spread, isolation,
    repeats, teacher fit and travel, room stability, preferences, missing seats), so the
    first plan is already a reasonable one; the earliest slot breaks ties.
    """

    def __init__(self, expansion: Expansion):
        self.expansion = expansion
        instance = expansion.instance
        self.weight = {rule: instance.weight(rule) for rule in SOFT_RULE_IDS}
        self.teachers = {t.id: t for t in instance.teachers}
        self.topic_kind = {t.id: t.kind for t in instance.topics}
        self.capacity = {v.id: v.capacity for v in instance.venues}
        self.rooms = {v.id for v in instance.venues if v.kind in (VenueKind.CLASSROOM, VenueKind.HALL)}
        self.duty = _Duties(instance)
        self.teacher_busy, self.venue_busy, self.class_busy = _Busy(), _Busy(), _Busy()
        self.per_day: dict[tuple, int] = defaultdict(int)
        self.per_week: dict[tuple, int] = defaultdict(int)
        self.load: dict[str, int] = defaultdict(int)
        self.item_days: dict[tuple, set] = defaultdict(set)  # (class, item) -> days used
        self.class_blocks: dict[tuple, dict] = defaultdict(dict)  # (class, day) -> {block index: topic}
        self.class_rooms: dict[str, set] = defaultdict(set)  # class -> rooms used at its own site
        self.teacher_towns: dict[tuple, set] = defaultdict(set)  # (teacher, day) -> townships taught in

    def run(self, urgency: dict[str, int]) -> dict[str, Placement]:
        expansion = self.expansion
        successors: dict[str, list] = defaultdict(list)
        waiting: dict[str, int] = defaultdict(int)
        for a, b in precedences(expansion):
            successors[a.id].append(b)
            waiting[b.id] += 1
        position = {s.id: n for n, s in enumerate(expansion.sessions)}

        def options(session: Session) -> tuple[int, int]:
            return -urgency.get(session.id, 0), len(session.slots) * max(1, len(session.teachers))

        queue = [(*options(s), n, s.id) for n, s in enumerate(expansion.sessions) if not waiting[s.id]]
        heapq.heapify(queue)
        earliest: dict[str, int] = defaultdict(int)  # session id -> minute it may start at
        placements: dict[str, Placement] = {}
        while queue:
            *_, session_id = heapq.heappop(queue)
            session = expansion.by_id[session_id]
            placement = self.place(session, earliest[session_id])
            end = 0
            if placement is not None:
                placements[session_id] = placement
                self.take(session, placement)
                end = session.slots[placement.slot].end_minute
            for nxt in successors[session_id]:
                earliest[nxt.id] = max(earliest[nxt.id], end)
                waiting[nxt.id] -= 1
                if not waiting[nxt.id]:
                    heapq.heappush(queue, (*options(nxt), position[nxt.id], nxt.id))
        return placements

    def take(self, session: Session, placement: Placement) -> None:
        slot = session.slots[placement.slot]
        span = (slot.day, slot.start_minute, slot.end_minute)
        for p in placement.teachers:
            self.teacher_busy.take(p, *span)
            self.per_day[(p, slot.day)] += 1
            self.per_week[(p, slot.week)] += 1
            self.load[p] += 1
            self.duty.serve(p, slot.date, session.item.topic)
            self.teacher_towns[(p, slot.day)].add(session.site.township)
        if placement.venue is not None:
            self.venue_busy.take(placement.venue, *span)
        for c in session.class_ids:
            self.class_busy.take(c, *span)
            if self._home(session, c):
                for b in slot.blocks:
                    self.class_blocks[(c, slot.day)][b] = session.item.topic
                if placement.venue in self.rooms:
                    self.class_rooms[c].add(placement.venue)
        self.item_days[(session.owner.id, session.item.id)].add(slot.day)

    def _home(self, session: Session, class_id: str) -> bool:
        return self.expansion.instance.term_class(class_id).site == session.site.id

    def place(self, session: Session, not_before: int) -> Placement | None:
        required = set(session.required_teachers)
        best: tuple | None = None
        for t, slot in enumerate(session.slots):
            if slot.start_minute < not_before:
                continue
            span = (slot.day, slot.start_minute, slot.end_minute)
            if not all(self.class_busy.free(c, *span) for c in session.class_ids):
                continue
            free = [c for c in session.teachers if self._teacher_ok(c, t, slot, span)]
            if not required <= {c.id for c in free} or len(free) < session.teachers_needed:
                continue
            scored = sorted((self._teacher_cost(session, slot, c.id, required), c.id) for c in free)
            chosen = scored[:session.teachers_needed]
            venue, venue_cost = None, 0.0
            if session.needs_venue:
                venues = [(self._venue_cost(session, c.id), c.id) for c in session.venues
                          if c.allows(t) and self.venue_busy.free(c.id, *span)]
                if not venues:
                    continue
                venue_cost, venue = min(venues)
            cost = self._slot_cost(session, slot) + venue_cost + sum(cost for cost, _ in chosen)
            if best is None or cost < best[0]:
                best = (cost, Placement(t, tuple(p for _, p in chosen), venue))
        return None if best is None else best[1]

    def _slot_cost(self, session: Session, slot) -> float:
        w = self.weight
        cost = 0.0
        if slot.day in self.item_days[(session.owner.id, session.item.id)]:
            cost += w["item_spread"]
        first, last = slot.blocks[0], slot.blocks[-1]
        for c in session.class_ids:
            if not self._home(session, c):
                continue
            taken = self.class_blocks.get((c, slot.day), {})
            neighbours = [taken[b] for b in (first - 1, last + 1) if b in taken]
            if len(session.site.blocks) > 1:
                cost += -w["class_isolated"] if neighbours else w["class_isolated"]
            cost += w["topic_repeat"] * sum(topic == session.item.topic for topic in neighbours)
        return cost + slot.day * 1e-3  # earlier is better, all else equal

    def _teacher_cost(self, session: Session, slot, teacher_id: str, required: set) -> float:
        w = self.weight
        teacher = self.teachers[teacher_id]
        town = session.site.township
        cost = 0.0 if teacher_id in required else 1e4
        cost -= 100 * self.duty.owed(teacher_id, slot.date, session.item.topic)
        if misfit(session.item.mode, self.topic_kind[session.item.topic], teacher.kind):
            cost += w["teacher_mode_fit"]
        minutes = self.expansion.instance.travel_minutes(teacher.township, town)
        cost += w["travel_minutes"] * ceil(minutes / 10)
        towns = self.teacher_towns.get((teacher_id, slot.day))
        if towns and town not in towns:
            cost += w["travel_places"]
        return cost + self.load[teacher_id] * 1e-2

    def _venue_cost(self, session: Session, venue_id: str) -> float:
        w = self.weight
        cost = w["soft_capacity"] * max(0, session.trainees - self.capacity[venue_id])
        for c in session.class_ids:
            term_class = self.expansion.instance.term_class(c)
            if term_class.preferred_venues and venue_id not in term_class.preferred_venues:
                cost += w["class_venue_preference"]
            used = self.class_rooms.get(c)
            if used and venue_id in self.rooms and venue_id not in used and self._home(session, c):
                cost += w["class_room_stability"]
        return cost + self.capacity[venue_id] * 1e-6  # the smallest room that fits

    def _teacher_ok(self, candidate: Candidate, t: int, slot, span) -> bool:
        if not candidate.allows(t) or not self.teacher_busy.free(candidate.id, *span):
            return False
        max_day, max_week = self.teachers[candidate.id].max_per_day, self.teachers[candidate.id].max_per_week
        if max_day is not None and self.per_day[(candidate.id, slot.day)] >= max_day:
            return False
        if max_week is not None and self.per_week[(candidate.id, slot.week)] >= max_week:
            return False
        return True
