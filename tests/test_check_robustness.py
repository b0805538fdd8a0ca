"""The checker on hand-edited garbage: it reports, it never raises, and it is deterministic."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.check import CHECKS, Violation, validate_plan
from scheduler.domain import Instance, Plan, load_instance

DATA = Path(__file__).parent / "data" / "check"


@cache
def instance() -> Instance:
    return load_instance(DATA / "instance.yaml")


@cache
def plan_data() -> dict:
    return json.loads((DATA / "plan.json").read_text(encoding="utf-8"))


def plan_of(sessions: list[dict]) -> Plan:
    return Plan.model_validate({**plan_data(), "sessions": sessions})


def assert_well_formed(found: list[Violation]) -> None:
    for violation in found:
        assert violation.rule in CHECKS
        assert violation.message and "\n" not in violation.message
        assert all(isinstance(s, str) for s in violation.sessions)


def test_garbage_plan_is_reported_not_raised():
    base = plan_data()["sessions"][0]
    garbage = [
        {**base, "id": "", "teachers": [], "venue": None},
        {**base, "id": "c1/open/1", "start": "25:00", "end": "xx", "blocks": ["夜里"],
         "teachers": ["t99", "t99"], "venue": "nowhere", "date": "1999-01-01"},
        {**base, "id": "c1/theory/1", "start": "17:30", "end": "14:30", "classes": [],
         "mode": "", "site": "mars", "teachers": ["t01"]},
        {**base, "id": "c1/field/1", "start": "12:00", "end": "13:00", "blocks": [],
         "teachers": ["t02"], "venue": "field_dy", "mode": "field"},
        {**base, "id": "c4/skills/1", "date": "2030-02-12", "teachers": ["t04"],
         "venue": "hall"},
    ]
    found = validate_plan(instance(), plan_of(garbage))
    assert_well_formed(found)
    rules = {v.rule for v in found}
    assert {"session_once", "site_calendar", "teacher_count", "teacher_qualified",
            "venue_fit", "class_window"} <= rules
    assert any("c1/theory/1" in v.message and v.rule == "site_calendar" for v in found)


def test_empty_plan_misses_every_session():
    found = validate_plan(instance(), plan_of([]))
    assert {v.rule for v in found} == {"session_once", "teacher_obligation"}
    assert sum(v.rule == "session_once" for v in found) == len(plan_data()["sessions"])


_IDS = ["c1/open/1", "c1/theory/1", "c1/theory/2", "c1/joint/1", "c1/field/1", "c1/close/1",
        "c2/law2/1", "c3/party/1", "c3/skills/1", "c4/skills/1", "c1/open/2", "x", ""]
_CLOCKS = ["08:30", "11:30", "14:30", "17:30", "19:00", "21:00", "09:00", "8:30", "8点",
           "", "24:00", "23:59", "00:00"]
_BLOCKS = ["上午", "下午", "晚上", "夜里"]
_TEACHERS = ["t01", "t02", "t03", "t04", "t06", "t07", "t99", ""]
_VENUES = [None, "room1", "room2", "room3", "hall", "qyroom", "field_qy", "field_dy",
           "nightroom", "v?"]


@st.composite
def edited_session(draw, base: dict) -> dict:
    session = dict(base)
    if draw(st.booleans()):
        session["id"] = draw(st.sampled_from(_IDS))
    if draw(st.booleans()):
        day = dt.date.fromisoformat(base["date"]) + dt.timedelta(days=draw(st.integers(-70, 70)))
        session["date"] = day.isoformat()
    if draw(st.booleans()):
        session["start"] = draw(st.sampled_from(_CLOCKS))
        session["end"] = draw(st.sampled_from(_CLOCKS))
    if draw(st.booleans()):
        session["blocks"] = draw(st.lists(st.sampled_from(_BLOCKS), max_size=3))
    if draw(st.booleans()):
        session["teachers"] = draw(st.lists(st.sampled_from(_TEACHERS), max_size=3))
    if draw(st.booleans()):
        session["venue"] = draw(st.sampled_from(_VENUES))
    if draw(st.booleans()):
        session["mode"] = draw(st.sampled_from(["lecture", "field", "online", "讲授", ""]))
    return session


@st.composite
def edited_plan(draw) -> list[dict]:
    sessions = [draw(edited_session(s)) for s in plan_data()["sessions"]]
    keep = draw(st.lists(st.booleans(), min_size=len(sessions), max_size=len(sessions)))
    sessions = [s for s, kept in zip(sessions, keep) if kept or draw(st.booleans())]
    if sessions and draw(st.booleans()):
        sessions.append(dict(draw(st.sampled_from(sessions))))
    return sessions


@settings(max_examples=120, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(edited_plan())
def test_edited_plans_never_crash_the_checker(sessions):
    plan = plan_of(sessions)
    found = validate_plan(instance(), plan)
    assert_well_formed(found)
    assert validate_plan(instance(), plan) == found
    ids = [s["id"] for s in sessions]
    if len(set(ids)) == len(ids):  # without duplicates, the order of the entries is irrelevant
        assert validate_plan(instance(), plan_of(list(reversed(sessions)))) == found
