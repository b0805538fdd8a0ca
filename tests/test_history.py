"""Plan history across replans: per-session revisions and cancellations for calendars."""

from __future__ import annotations

import json
from pathlib import Path

from scheduler.domain.plan import Origin, Plan
from scheduler.history import calendar_events, succeed

PLAN = Path(__file__).parent / "data" / "check" / "plan.json"


def baseline() -> Plan:
    return Plan.model_validate(json.loads(PLAN.read_text(encoding="utf-8")))


def edited(plan: Plan, **edits: dict) -> Plan:
    sessions = [s.model_copy(update=edits.get(s.id, {})) for s in plan.sessions]
    return plan.model_copy(update={"sessions": sessions})


def test_unchanged_sessions_keep_their_revision_and_changed_ones_take_the_new_one():
    base = baseline()
    moved = edited(base, **{"c1/theory/2": {"date": base.sessions[2].date.replace(day=25)}})
    new = succeed(base, moved, Origin(baseline="b.json", baseline_revision=1))
    assert new.revision == 2 and new.origin.baseline == "b.json"
    revisions = {s.id: s.revision for s in new.sessions}
    assert revisions.pop("c1/theory/2") == 2
    assert set(revisions.values()) == {1}
    assert new.cancelled == []  # same teacher, same room: nobody loses it


def test_a_teacher_who_loses_a_session_keeps_it_as_cancelled():
    base = baseline()
    new = succeed(base, edited(base, **{"c1/joint/1": {"teachers": ["t02"], "venue": "room1"}}))
    [entry] = new.cancelled
    assert (entry.session.id, entry.revision, entry.teachers, entry.venues) == (
        "c1/joint/1", 2, ["t01"], ["hall"])
    assert entry.session.teachers == ["t01"]  # as it was shown
    active, lost = calendar_events(new, "teacher", "t01")
    assert "c1/joint/1" not in {s.id for s in active}
    assert [e.session.id for e in lost] == ["c1/joint/1"]
    active, lost = calendar_events(new, "teacher", "t02")
    assert "c1/joint/1" in {s.id for s in active} and lost == []


def test_cancellations_are_carried_and_dropped_when_the_session_comes_back():
    base = baseline()
    second = succeed(base, edited(base, **{"c1/joint/1": {"teachers": ["t02"]}}))
    third = succeed(second, edited(second, **{"c1/theory/1": {"teachers": ["t02"]}}))
    assert third.revision == 3
    assert {(e.session.id, e.revision) for e in third.cancelled} == {
        ("c1/joint/1", 2), ("c1/theory/1", 3)}
    back = succeed(third, edited(third, **{"c1/joint/1": {"teachers": ["t01"]}}))
    assert {e.session.id for e in back.cancelled} == {"c1/theory/1", "c1/joint/1"}
    joint = next(e for e in back.cancelled if e.session.id == "c1/joint/1")
    assert joint.teachers == ["t02"] and joint.revision == 4  # t02 lost it now, t01 has it again
    assert next(s for s in back.sessions if s.id == "c1/joint/1").revision == 4
    active, lost = calendar_events(back, "teacher", "t01")
    assert "c1/joint/1" in {s.id for s in active} and "c1/joint/1" not in {e.session.id for e in lost}


def test_an_unplaced_session_is_cancelled_for_everyone():
    base = baseline()
    dropped = base.model_copy(update={"sessions": [s for s in base.sessions if s.id != "c1/joint/1"]})
    [entry] = succeed(base, dropped).cancelled
    assert entry.teachers == ["t01"] and entry.classes == ["c1", "c2"] and entry.venues == ["hall"]
    assert [e.session.id for e in calendar_events(succeed(base, dropped), "class", "c2")[1]] == ["c1/joint/1"]
