"""Lower bounds of a what-if: how much any plan must change, before any solving.

A broken session (its baseline placement no longer allowed) must change or be left out, so:
for the weighted changes, each broken session costs at least its cheapest change on its own;
for the changed sessions, each broken session of the baseline counts one; for the people,
each such session affects its classes (and, when left out, its baseline teachers).
"""

from __future__ import annotations

from scheduler.domain.instance import Instance
from scheduler.expand import Session
from scheduler.solve.measures import class_key, session_people
from scheduler.solve.replan import Baseline


def lower_bound(kind: str, fixes: dict[str, int], placements: dict[str, Baseline],
                broken: list[Session], aside: dict[str, Session]) -> int:
    """The bound in the measure `kind` for the broken sessions; `aside`: those left out (by
    id), which cost nothing in weighted changes but are changed sessions and affect people."""
    if kind == "cost":
        return sum(cost for sid, cost in fixes.items() if sid not in aside)
    with_baseline = [s for s in broken if s.id in placements]
    if kind == "changes":
        return len(with_baseline) + len([sid for sid in aside if sid in placements
                                         and sid not in {s.id for s in with_baseline}])
    people = {class_key(c) for s in with_baseline for c in s.class_ids}
    for sid, session in aside.items():
        was = placements.get(sid)
        people.update(session_people(session.class_ids, was.teachers if was else ()))
    return len(people)


def cheapest_fix(session: Session, was: Baseline | None, weight: dict[str, int], instance: Instance) -> int:
    """The least weighted change that makes this session possible on its own (0 when new)."""
    if was is None:
        return 0
    kinds = {instance.teacher(t).kind for t in was.teachers}
    backups = set(session.item.backup)
    best = None
    for position, slot in enumerate(session.slots):
        cost = (weight["date"] if slot.date != was.date else 0) + \
               (weight["block"] if (slot.start, slot.end) != (was.start, was.end) else 0)
        if best is not None and cost >= best:
            continue
        keep, new = [], []
        for c in session.teachers:
            if not c.allows(position):
                continue
            if c.id in was.teachers:
                keep.append(0)
            elif c.id in backups:
                new.append(weight["backup"])
            else:
                new.append(weight["teacher"] + (weight["kind"] if instance.teacher(c.id).kind not in kinds else 0))
        if any(t not in {c.id for c in session.teachers if c.allows(position)} for t in session.required_teachers):
            continue
        costs = sorted(keep + new)
        if len(costs) < session.teachers_needed:
            continue
        cost += sum(costs[:session.teachers_needed])
        if session.needs_venue:
            venues = [c for c in session.venues if c.allows(position)]
            if not venues:
                continue
            cost += 0 if any(c.id == was.venue for c in venues) else weight["venue"]
        best = cost if best is None else min(best, cost)
    return best or 0
