"""The 调整 page of a replanned plan: what changed, before → after, who is affected, at what cost."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scheduler.domain import InputError, Instance, Plan, PlanSession, load_plan
from scheduler.html import messages as m
from scheduler.whatif.changes import describe
from scheduler.whatif.diff import Diff, diff_plans
from scheduler.whatif.recorded import find_baseline, origin_changes


@dataclass
class ChangedSession:
    id: str
    classes: list[str]
    title: str
    before: tuple[str, str, list[str], str | None]  # day, time, teachers, venue
    after: tuple[str, str, list[str], str | None] | None  # None: not placed
    reason: str


@dataclass
class Person:
    kind: str  # "teacher" or "class"
    id: str
    lost: list[str]
    gained: list[str]
    moved: list[str]


@dataclass
class Changes:
    old_revision: int
    new_revision: int
    fixed_before: str | None
    described: list[str]
    cost: int | None
    bound: int | None
    baseline_note: str | None = None
    sessions: list[ChangedSession] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    changed_ids: set[str] = field(default_factory=set)  # sessions to highlight in the grids

    @property
    def proven(self) -> bool:
        return self.cost is not None and self.cost == self.bound


def load_changes_view(instance: Instance, plan: Plan, plan_path: str) -> Changes | None:
    """The page's content for a plan with an `origin`; None for a first plan. Malformed recorded
    changes are bad input; a missing baseline only leaves out the session-by-session list."""
    origin = plan.origin
    if origin is None:
        return None
    recorded = origin_changes(instance, plan, plan_path)
    fixed = origin.fixed_before
    view = Changes(origin.baseline_revision, plan.revision, fixed.isoformat() if fixed else None,
                   [describe(instance, c, fixed) for c in recorded], origin.change_cost, origin.change_lower_bound)
    baseline = _baseline(plan, plan_path)
    if baseline is None:
        view.baseline_note = m.BASELINE_MISSING.format(baseline=origin.baseline, revision=origin.baseline_revision)
        return view
    diff = diff_plans(baseline, plan)
    view.sessions = [_changed(old, now, diff) for old, now in diff.changed]
    view.people = _people(diff)
    view.changed_ids = {old.id for old, now in diff.changed if now is not None}
    return view


def _baseline(plan: Plan, plan_path: str) -> Plan | None:
    assert plan.origin is not None
    path = find_baseline(plan.origin.baseline, plan_path)
    if path is None or Path(path).resolve() == Path(plan_path).resolve():
        return None
    try:
        baseline = load_plan(path)
    except (InputError, OSError):
        return None
    if baseline.instance != plan.instance or baseline.revision != plan.origin.baseline_revision:
        return None
    return baseline


def _placement(session: PlanSession) -> tuple[str, str, list[str], str | None]:
    day = m.DAY_DATE.format(month=session.date.month, day=session.date.day)
    weekday = m.DAY_HEADER.format(weekday=m.WEEKDAY_CHARS[session.date.weekday()])
    return f"{day}（{weekday}）", f"{session.start}–{session.end}", list(session.teachers), session.venue


def _changed(old: PlanSession, now: PlanSession | None, diff: Diff) -> ChangedSession:
    return ChangedSession(old.id, list(old.classes), old.title, _placement(old),
                          _placement(now) if now is not None else None, diff.reasons.get(old.id, ""))


def _people(diff: Diff) -> list[Person]:
    people = [Person("teacher", t, diff.teachers_lose.get(t, []), diff.teachers_gain.get(t, []),
                     diff.teachers_move.get(t, [])) for t in sorted(diff.teachers)]
    for c in sorted(diff.classes_moved.keys() | diff.classes_unplaced.keys()):
        people.append(Person("class", c, diff.classes_unplaced.get(c, []), [], diff.classes_moved.get(c, [])))
    return people
