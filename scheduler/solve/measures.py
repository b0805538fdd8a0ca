"""What a replan minimises, besides the weighted changes of solve/replan.py.

* `changes`: the sessions changed — a session changes when its date, time of day, venue or
  teachers change (the measure of the public what-if benchmark);
* `people`: the teachers and classes whose timetable changes — a teacher who loses or gains a
  session, or keeps one that moves in time or venue; a class with a session changed at all
  (as the what-if's diff counts them).

Sessions set aside (no plan can place them) are not in the model: they count as a constant —
each is a changed session, and its classes and baseline teachers are affected people — so
that values found on different neighbourhoods compare, and a person already affected by one
counts once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scheduler.solve.variables import ModelContext

MEASURES = ("cost", "changes", "people")


@dataclass(frozen=True)
class Measure:
    """What a replan minimises: `kind` of MEASURES; `weights` price each kind of change."""

    kind: str
    weights: dict[str, int]
    gone: tuple[tuple[str, ...], ...] = field(default=())  # per session set aside: its people

    def settled(self) -> frozenset[str]:
        return frozenset(p for people in self.gone for p in people)

    def constant(self) -> int:
        if self.kind == "changes":
            return len(self.gone)
        return len(self.settled()) if self.kind == "people" else 0


def teacher_key(teacher_id: str) -> str:
    return f"teacher:{teacher_id}"


def class_key(class_id: str) -> str:
    return f"class:{class_id}"


def session_people(classes, teachers) -> tuple[str, ...]:
    """The people a session set aside affects: its classes and its baseline teachers."""
    return (*(class_key(c) for c in classes), *(teacher_key(t) for t in teachers))


def measured(ctx: ModelContext, baseline: dict[str, Any], measure: Measure):
    """The number of changed sessions or of affected people, as a linear expression."""
    model = ctx.model
    changed_sessions = []
    affected: dict[str, list] = {}
    for sv in ctx.sessions:
        was = baseline.get(sv.session.id)
        if was is None:
            continue
        slots = sv.session.slots
        moves = [1 - sum(x for x, s in zip(sv.x, slots) if s.date == was.date),
                 1 - sum(x for x, s in zip(sv.x, slots) if (s.start, s.end) == (was.start, was.end))]
        if sv.session.needs_venue:
            kept = sv.r.get(was.venue) if was.venue else None
            moves.append(1 - kept if kept is not None else 1)
        moved = model.new_bool_var(f"moved[{sv.session.id}]")
        for term in moves:
            model.add(moved >= term)
        lost = [1 - sv.y[t] if t in sv.y else 1 for t in was.teachers]
        gained = [y for t, y in sv.y.items() if t not in was.teachers]
        changed = model.new_bool_var(f"changed[{sv.session.id}]")
        for term in (moved, *lost, *gained):
            model.add(changed >= term)
        changed_sessions.append(changed)
        for t, term in zip(was.teachers, lost):
            affected.setdefault(teacher_key(t), []).extend((moved, term))
        for t, y in sv.y.items():
            if t not in was.teachers:
                affected.setdefault(teacher_key(t), []).append(y)
        for c in sv.session.class_ids:
            affected.setdefault(class_key(c), []).append(changed)
    if measure.kind == "changes":
        return sum(changed_sessions) + measure.constant()
    settled = measure.settled()
    people = []
    for key, terms in sorted(affected.items()):
        if key in settled:
            continue
        person = model.new_bool_var(f"affected[{key}]")
        for term in terms:
            model.add(person >= term)
        people.append(person)
    return sum(people) + measure.constant()
