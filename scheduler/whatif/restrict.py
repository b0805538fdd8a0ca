"""Narrowing an expansion for a replan: history fixed, the rest free from the start date on.

A *frozen* session keeps its baseline slot, teachers and venue (history, and sessions outside
the neighbourhood a replan stage may move). A *free* session keeps its options on and after
the replan's start date. A free session left with no slot, too few teachers or no venue
cannot be placed at all and is set aside with the reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from scheduler.domain.instance import Instance
from scheduler.domain.plan import Plan
from scheduler.domain.records import Obligation, Teacher
from scheduler.expand import Candidate, Expansion, Session
from scheduler.policy.unplaceable import policy_unplaceable
from scheduler.solve.replan import Baseline
from scheduler.solve.rules.teacher_obligation import period_windows


@dataclass(frozen=True)
class SetAside:
    session: Session
    reason: str


def baseline_placements(expansion: Expansion, plan: Plan) -> dict[str, Baseline]:
    """Each baseline session in the expansion's terms (slot None when no longer allowed)."""
    placed = {s.id: s for s in plan.sessions}
    found: dict[str, Baseline] = {}
    for session in expansion.sessions:
        was = placed.get(session.id)
        if was is None:
            continue
        position = next((p for p, slot in enumerate(session.slots)
                         if slot.date == was.date and list(slot.block_names) == list(was.blocks)), None)
        found[session.id] = Baseline(position, was.date, _clock(was.start), _clock(was.end),
                                     tuple(was.teachers), was.venue)
    return found


def _clock(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def still_valid(session: Session, was: Baseline) -> bool:
    """Whether the baseline placement is still allowed by the session's own options."""
    if was.slot is None:
        return False
    teachers = {c.id: c for c in session.teachers}
    if any(t not in teachers or not teachers[t].allows(was.slot) for t in was.teachers):
        return False
    if len(was.teachers) != session.teachers_needed:
        return False
    if not all(t in was.teachers for t in session.required_teachers):
        return False
    if session.needs_venue:
        venues = {c.id: c for c in session.venues}
        return was.venue in venues and venues[was.venue].allows(was.slot)
    return True


def restrict(expansion: Expansion, baseline: dict[str, Baseline], frozen: set[str],
             start: dt.date, left_out: dict[str, str] | None = None
             ) -> tuple[Expansion, list[SetAside], list[Lapsed]]:
    """The expansion with `frozen` sessions pinned to their baseline and the others free on
    and after `start`; sessions that cannot be placed at all are set aside, and so are the
    sessions of `left_out` (id -> reason: they cannot be placed together with the rest).
    Obligations only the set-aside sessions could meet lapse (see _lapse_obligations)."""
    sessions: list[Session] = []
    aside: list[SetAside] = []
    left_out = left_out or {}
    for session in expansion.sessions:
        if session.id in left_out:
            aside.append(SetAside(session, left_out[session.id]))
            continue
        was = baseline.get(session.id)
        if session.id in frozen and was is not None and was.slot is not None:
            sessions.append(session.pinned(was.slot, was.teachers, was.venue))
            continue
        free = from_start(session, start)
        reason = _why_unplaceable(free, start, _topic_name(expansion, session)) \
            or policy_unplaceable(expansion.instance, free, start)
        if reason:
            aside.append(SetAside(session, reason))
        else:
            sessions.append(free)
    narrowed = replace(expansion, sessions=sessions)
    # Only sessions no plan can place lapse obligations: one left out to make room is a
    # choice, and an obligation it served must still be met.
    narrowed, lapsed = _lapse_obligations(narrowed, [a for a in aside if a.session.id not in left_out], baseline)
    return narrowed, aside, lapsed


@dataclass(frozen=True)
class Lapsed:
    """An obligation no plan can meet once the sessions set aside are gone."""

    teacher: Teacher
    obligation: Obligation


def _lapse_obligations(narrowed: Expansion, aside: list[SetAside], baseline: dict[str, Baseline]
                      ) -> tuple[Expansion, list[Lapsed]]:
    """The expansion without the obligations out of reach once the sessions set aside are gone,
    when one of those sessions would have counted for it (the teacher taught it in the
    baseline, or could teach it): each dropped whole, for this replan, and the plan is partial
    and says so. An obligation no set-aside session touches is kept: the change alone put it
    out of reach, and no plan exists."""
    instance = narrowed.instance
    lapsed = []
    for teacher in instance.teachers:
        for obligation in teacher.obligations:
            if _reachable(narrowed.sessions, teacher.id, obligation, instance):
                continue
            if any(obligation.topic in (None, a.session.item.topic)
                   and (teacher.id in {c.id for c in a.session.teachers}
                        or (a.session.id in baseline and teacher.id in baseline[a.session.id].teachers))
                   for a in aside):
                lapsed.append(Lapsed(teacher, obligation))
    if not lapsed:
        return narrowed, []
    teachers = []
    for teacher in instance.teachers:
        dropped = [lapse.obligation for lapse in lapsed if lapse.teacher.id == teacher.id]
        teachers.append(teacher.model_copy(update={"obligations": [
            o for o in teacher.obligations if o not in dropped]}) if dropped else teacher)
    # A shallow copy: the sessions' items must stay the very records of the instance (rules
    # match them by identity); the lookups are rebuilt for the new teachers.
    lapsed_instance = instance.model_copy(update={"teachers": teachers})
    lapsed_instance.__dict__.pop("_indexes", None)
    return replace(narrowed, instance=lapsed_instance), lapsed


def _reachable(sessions: list[Session], teacher_id: str, obligation: Obligation, instance: Instance) -> bool:
    """Whether these sessions hold enough the teacher could teach in every period."""
    mine = [(s, c) for s in sessions for c in s.teachers
            if c.id == teacher_id and obligation.topic in (None, s.item.topic)]
    for first, last in period_windows(instance.term, obligation.period):
        inside = sum(1 for s, c in mine
                     if any(first <= slot.date <= last and c.allows(t) for t, slot in enumerate(s.slots)))
        if inside < obligation.min_sessions:
            return False
    return True


def from_start(session: Session, start: dt.date) -> Session:
    keep = [p for p, slot in enumerate(session.slots) if slot.date >= start]
    if len(keep) == len(session.slots):
        return session
    renumber = {old: new for new, old in enumerate(keep)}

    def remap(candidates: list[Candidate], required: tuple[str, ...] = ()) -> list[Candidate]:
        kept = []
        for c in candidates:
            allowed = None if c.slots is None else frozenset(renumber[p] for p in c.slots if p in renumber)
            if allowed is not None and not allowed and c.id not in required:
                continue
            kept.append(Candidate(c.id, allowed))
        return kept

    return replace(session, slots=[session.slots[p] for p in keep],
                   teachers=remap(session.teachers, session.required_teachers),
                   venues=remap(session.venues))


def _topic_name(expansion: Expansion, session: Session) -> str:
    try:
        return expansion.instance.topic(session.item.topic).name
    except KeyError:
        return session.item.topic


def _why_unplaceable(session: Session, start: dt.date, topic: str) -> str | None:
    if not session.slots:
        return f"{start} 起在班次日期内没有可用的上课时段"
    usable = [c for c in session.teachers if c.slots is None or c.slots]
    if len(usable) < session.teachers_needed:
        return (f"{start} 起没有足够的能讲“{topic}”且有空的教师"
                f"（需要 {session.teachers_needed} 位，有 {len(usable)} 位）")
    if session.needs_venue and not any(c.slots is None or c.slots for c in session.venues):
        return f"{start} 起没有容量足够、有空的合适场地"
    return None
