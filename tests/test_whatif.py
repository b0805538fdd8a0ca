"""`scheduler whatif`: replanning a published plan under changes, moving as little as possible.

1. Each kind of change on small hand-built instances (tests/builders.py) whose optimal replan is
   known and unique: which sessions move, where to, what the changes cost, and that the cost
   is proven minimal. Baselines are written by hand (and checked with the independent checker).
2. The bundled counties through the command line: every teacher who teaches after mid-term is
   dropped from that date. A plan that `scheduler validate` accepts, history untouched, the
   teacher gone; or, when nobody else can teach a session, exit 1 naming it, the baseline
   untouched and the partial plan listing exactly those sessions as unplaced.
3. Repeatability with one worker and a seed; 4. change files and bad input; 5. the diff
   report; 6. `validate` applies the plan's recorded changes; 7. calendar continuity.

Measured on the 2-core test machine (with another engineer's benchmark running): this file
takes about 32 s, of which the loop over every teacher of both bundled counties (64 what-ifs
through the CLI in-process with CliRunner, 52 of them then validated) is about 20 s.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from functools import lru_cache
from pathlib import Path

import icalendar
import pytest
import yaml
from builders import BASE, item, klass, make
from click.testing import CliRunner

from scheduler.calendars import event_uid
from scheduler.check import score_plan, validate_plan
from scheduler.cli import main
from scheduler.domain import Instance, load_instance, load_plan
from scheduler.domain.plan import Plan, PlanSession
from scheduler.rules import rule_name
from scheduler.solve import SolveOptions
from scheduler.whatif.changes import Change, ChangeWeights
from scheduler.whatif.diff import counts_line, diff_plans, people_table, session_table
from scheduler.whatif.replan import whatif

ROOT = Path(__file__).parent.parent
OPTIONS = SolveOptions(time_limit=5, workers=1, seed=0)
FAST = ("--workers", "1", "--seed", "0", "--time-limit", "2")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# --- Small instances --------------------------------------------------------------------------

MON, TUE, WED, THU, FRI = (dt.date(2024, 3, day) for day in range(4, 9))  # term of builders.BASE
BLOCKS = {"上午": ("08:30", "11:30"), "下午": ("14:30", "17:30")}
TEACHERS = [  # two full-time teachers and a cadre, all able to teach both topics anywhere
    {"id": "t1", "name": "王老师", "kind": "fulltime", "township": "qy", "topics": ["A", "B"]},
    {"id": "t2", "name": "李老师", "kind": "fulltime", "township": "qy", "topics": ["A", "B"]},
    {"id": "t3", "name": "赵部长", "kind": "cadre", "township": "qy", "topics": ["A", "B"]},
]
DY_SITE = {"id": "dy", "name": "东于镇党校", "tier": "township", "township": "dy",
           "blocks": BASE["sites"][0]["blocks"]}
TWO_SITES = {
    "townships": [*BASE["townships"], {"id": "dy", "name": "东于镇"}],
    "sites": [BASE["sites"][0], DY_SITE],
    "venues": [*BASE["venues"], {"id": "d1", "name": "东于教室", "kind": "classroom", "site": "dy",
                                  "capacity": 50}],
}


def instance_of(*classes: dict, **changes) -> Instance:
    return make(*classes, **{"teachers": TEACHERS, **changes})


def week(class_id: str, *items: dict) -> dict:
    return klass(class_id, "2024-03-04", "2024-03-08", *items)


def baseline(instance: Instance, *rows: tuple) -> Plan:
    """A hand-written plan: rows of (session id, date, block, teachers, venue). It must pass
    the independent checker, so that every move a replan makes is caused by the change."""
    sessions = []
    for session_id, day, block, teachers, venue in rows:
        class_id, item_id, _ = session_id.split("/")
        term_class = next(c for c in instance.classes if c.id == class_id)
        entry = term_class.item(item_id)
        start, end = BLOCKS[block]
        sessions.append(PlanSession(
            id=session_id, classes=[class_id, *entry.joint_with], topic=entry.topic, title=entry.title,
            mode=entry.mode.value, date=day, start=start, end=end, blocks=[block], teachers=list(teachers),
            venue=venue, site=term_class.site))
    plan = Plan(instance=instance.name, status="FEASIBLE", objective=0, bound=0, solve_seconds=0,
                sessions=sessions)
    assert validate_plan(instance, plan) == []
    return plan


def replan(instance: Instance, base: Plan, changes: list[dict], start: dt.date, **weights: int):
    return whatif(instance, base, "base.json", [Change.model_validate(c) for c in changes], start,
                  ChangeWeights(**weights), OPTIONS)


def where(plan: Plan, session_id: str) -> tuple:
    s = next(s for s in plan.sessions if s.id == session_id)
    return s.date, s.blocks[0], tuple(s.teachers), s.venue


def assert_moved(outcome, base: Plan, moved: dict[str, tuple]) -> None:
    """Exactly the sessions of `moved` changed, to the placements given (None: anywhere);
    every other session is as in the baseline, revision included; the plan is valid."""
    plan = outcome.plan
    assert plan is not None and plan.revision == base.revision + 1
    assert {s.id for s in plan.sessions} == {s.id for s in base.sessions}
    for was in base.sessions:
        now = next(s for s in plan.sessions if s.id == was.id)
        if was.id in moved:
            assert now.placement() != was.placement(), was.id
            assert now.revision == plan.revision, was.id
            if moved[was.id] is not None:
                assert where(plan, was.id) == moved[was.id], was.id
        else:
            assert now.model_dump() == was.model_dump(), was.id  # not moved, same revision
    assert validate_plan(outcome.instance, plan) == []
    assert sum(p.penalty for p in score_plan(outcome.instance, plan)) == plan.objective


def counts(**given: int) -> dict[str, int]:
    return {"teacher": 0, "kind": 0, "date": 0, "block": 0, "venue": 0, "backup": 0, **given}


# c1 has a lecture on Monday and Tuesday morning with t1 and one on Thursday with the cadre t3;
# c2 meets on Tuesday only, all day, with t2. Dropping t1: Monday's session goes to t2 (same
# kind, free then: 4), Tuesday's to t3 (t2 is busy all Tuesday: 4 + 2 for another kind;
# moving the date with t2 would cost 4 + 3). Nothing else is broken, so nothing else moves.
DROP = instance_of(week("c1", item("a", sessions=2), item("b", "B")),
                   klass("c2", "2024-03-05", "2024-03-05", item("x", sessions=2)))
DROP_BASE = baseline(DROP, ("c1/a/1", MON, "上午", ["t1"], "r1"), ("c1/a/2", TUE, "上午", ["t1"], "r1"),
                     ("c2/x/1", TUE, "上午", ["t2"], "r2"), ("c2/x/2", TUE, "下午", ["t2"], "r2"),
                     ("c1/b/1", THU, "上午", ["t3"], "r1"))


def test_a_dropped_teachers_sessions_go_to_free_teachers_at_the_same_time_same_kind_first():
    outcome = replan(DROP, DROP_BASE, [{"drop_teacher": "t1"}], MON)
    assert outcome.broken == ["c1/a/1", "c1/a/2"]
    assert_moved(outcome, DROP_BASE, {"c1/a/1": (MON, "上午", ("t2",), "r1"),
                                      "c1/a/2": (TUE, "上午", ("t3",), "r1")})
    assert (outcome.status, outcome.change_cost, outcome.lower_bound) == ("OPTIMAL", 10, 10)
    assert outcome.change_counts == counts(teacher=2, kind=1)
    assert outcome.unplaced == [] and outcome.plan.unplaced == []
    origin = outcome.plan.origin
    assert (origin.baseline, origin.baseline_revision, origin.fixed_before, origin.changes) == (
        "base.json", 1, MON, [{"drop_teacher": "t1"}])
    # t1 keeps both sessions in their calendar as cancelled; nobody else lost anything
    assert {(c.session.id, tuple(c.teachers), tuple(c.classes), tuple(c.venues), c.revision)
            for c in outcome.plan.cancelled} == {("c1/a/1", ("t1",), (), (), 2), ("c1/a/2", ("t1",), (), (), 2)}


def test_change_weights_decide_between_a_new_teacher_and_a_new_date():
    # With teachers cheap and dates dear, Tuesday's session goes to the cadre as before, at
    # the new price; with a new teacher dearer than a date, t2 takes it on another day.
    cheap = replan(DROP, DROP_BASE, [{"drop_teacher": "t1"}], MON, teacher=1, kind=1, date=10)
    assert_moved(cheap, DROP_BASE, {"c1/a/1": (MON, "上午", ("t2",), "r1"), "c1/a/2": (TUE, "上午", ("t3",), "r1")})
    assert (cheap.status, cheap.change_cost, cheap.change_counts) == ("OPTIMAL", 3, counts(teacher=2, kind=1))
    dear = replan(DROP, DROP_BASE, [{"drop_teacher": "t1"}], TUE, teacher=20, kind=20, date=1, block=1)
    assert dear.broken == ["c1/a/2"]
    assert_moved(dear, DROP_BASE, {"c1/a/2": None})
    day, _, teachers, _ = where(dear.plan, "c1/a/2")
    assert teachers == ("t2",) and day != TUE  # t2 is busy all Tuesday
    assert (dear.status, dear.change_cost) == ("OPTIMAL", 21)
    assert dear.change_counts["teacher"] == 1 and dear.change_counts["date"] == 1


# c1 has three lectures with t1: Monday, Tuesday and Thursday morning.
THREE = instance_of(week("c1", item("a", sessions=3)))
THREE_BASE = baseline(THREE, ("c1/a/1", MON, "上午", ["t1"], "r1"), ("c1/a/2", TUE, "上午", ["t1"], "r1"),
                      ("c1/a/3", THU, "上午", ["t1"], "r1"))


def test_a_teacher_dropped_until_a_date_keeps_the_sessions_after_it():
    # t1 away Monday and Tuesday only: moving each session to another morning that week with
    # t1 (3) is cheaper than another teacher (4); Thursday's session is not touched.
    outcome = replan(THREE, THREE_BASE, [{"drop_teacher": "t1", "until": "2024-03-05"}], MON)
    assert outcome.broken == ["c1/a/1", "c1/a/2"]
    assert_moved(outcome, THREE_BASE, {"c1/a/1": None, "c1/a/2": None})
    assert (outcome.status, outcome.change_cost, outcome.change_counts) == ("OPTIMAL", 6, counts(date=2))
    for s in outcome.plan.sessions:
        assert s.teachers == ["t1"] and s.blocks == ["上午"] and s.date in (WED, THU, FRI)
    assert outcome.plan.origin.changes == [{"drop_teacher": "t1", "until": "2024-03-05"}]


def test_sessions_before_the_start_date_are_history():
    # The change says from Monday, the replan starts on Tuesday: Monday's session stays with
    # t1 (the change is clipped to the start), only Tuesday's is broken.
    outcome = replan(DROP, DROP_BASE, [{"drop_teacher": "t1", "from": "2024-03-04"}], TUE)
    assert outcome.broken == ["c1/a/2"]
    assert_moved(outcome, DROP_BASE, {"c1/a/2": (TUE, "上午", ("t3",), "r1")})
    assert (outcome.status, outcome.change_cost) == ("OPTIMAL", 6)
    assert outcome.plan.origin.fixed_before == TUE


def test_a_session_never_moves_into_the_history():
    # Thursday and Friday are lost; the replan starts on Wednesday, so Wednesday is the only
    # morning left for Thursday's session (Monday and Tuesday are history, even though free).
    lost = [{"block_dates": "2024-03-07..2024-03-08"}]
    outcome = replan(THREE, THREE_BASE, lost, WED)
    assert_moved(outcome, THREE_BASE, {"c1/a/3": (WED, "上午", ("t1",), "r1")})
    assert (outcome.status, outcome.change_cost, outcome.change_counts) == ("OPTIMAL", 3, counts(date=1))
    # From Thursday on there is no day left at all: the session is set aside, with the reason,
    # and the rest of the plan is kept.
    stuck = replan(THREE, THREE_BASE, lost, THU)
    assert stuck.status == "PARTIAL"
    assert [(u.id, u.classes) for u in stuck.plan.unplaced] == [("c1/a/3", ["c1"])]
    assert "没有可用的上课时段" in stuck.plan.unplaced[0].reason
    assert [s.model_dump() for s in stuck.plan.sessions] == [s.model_dump() for s in THREE_BASE.sessions[:2]]
    [cancelled] = stuck.plan.cancelled  # everyone who had it sees it cancelled
    assert (cancelled.session.id, cancelled.teachers, cancelled.classes, cancelled.venues) == (
        "c1/a/3", ["t1"], ["c1"], ["r1"])


def test_a_closed_venue_moves_its_sessions_to_another_room_at_the_same_time():
    instance = instance_of(week("c1", item("a", sessions=3)))
    base = baseline(instance, ("c1/a/1", MON, "上午", ["t1"], "r1"), ("c1/a/2", TUE, "下午", ["t2"], "r1"),
                    ("c1/a/3", THU, "上午", ["t1"], "r1"))
    outcome = replan(instance, base, [{"close_venue": "r1", "dates": "2024-03-04..2024-03-05"}], MON)
    assert outcome.broken == ["c1/a/1", "c1/a/2"]
    assert_moved(outcome, base, {"c1/a/1": (MON, "上午", ("t1",), "r2"), "c1/a/2": (TUE, "下午", ("t2",), "r2")})
    assert (outcome.status, outcome.change_cost, outcome.change_counts) == ("OPTIMAL", 2, counts(venue=2))
    assert {(c.session.id, tuple(c.teachers), tuple(c.venues)) for c in outcome.plan.cancelled} == {
        ("c1/a/1", (), ("r1",)), ("c1/a/2", (), ("r1",))}


# c1 (county) has Wednesday and Thursday mornings with t1; c3 (a township school) has a
# Wednesday afternoon with t2. A lost day moves a session to another afternoon/morning (3).
SITES = instance_of(week("c1", item("a", sessions=2)), {**week("c3", item("y", "B")), "site": "dy"},
                    **TWO_SITES)
SITES_BASE = baseline(SITES, ("c1/a/1", WED, "上午", ["t1"], "r1"), ("c1/a/2", THU, "上午", ["t1"], "r1"),
                      ("c3/y/1", WED, "下午", ["t2"], "d1"))


@pytest.mark.parametrize("scope, moved", [
    ({"site": "dy"}, ["c3/y/1"]),
    ({"tier": "county"}, ["c1/a/1"]),
    ({"tier": "乡镇党校"}, ["c3/y/1"]),
    ({}, ["c1/a/1", "c3/y/1"]),
    ({"tier": "village"}, []),
], ids=["site", "tier", "tier-in-chinese", "everywhere", "other-tier"])
def test_blocked_dates_move_the_sessions_in_scope_and_nothing_else(scope, moved):
    outcome = replan(SITES, SITES_BASE, [{"block_dates": "2024-03-06", **scope}], MON)
    assert outcome.broken == moved
    assert_moved(outcome, SITES_BASE, dict.fromkeys(moved))
    for session_id in moved:
        day, block, teachers, venue = where(outcome.plan, session_id)
        was = where(SITES_BASE, session_id)
        assert day != WED and (block, teachers, venue) == was[1:]
    assert outcome.status == "OPTIMAL"
    assert (outcome.change_cost, outcome.change_counts) == (3 * len(moved), counts(date=len(moved)))
    if not moved:
        assert outcome.plan.cancelled == [] and outcome.lower_bound == 0


def test_unavailability_for_a_block_moves_the_session_to_the_other_block_of_the_day():
    # t2 cannot teach on Monday afternoon; Monday morning is free for t2, c1 and the room:
    # another block (2) beats another date (3) and another teacher (4).
    instance = instance_of(week("c1", item("a", sessions=2)))
    base = baseline(instance, ("c1/a/1", MON, "下午", ["t2"], "r1"), ("c1/a/2", THU, "上午", ["t2"], "r1"))
    outcome = replan(instance, base, [{"add_unavailability": "t2", "dates": "2024-03-04", "blocks": ["下午"]}], MON)
    assert outcome.broken == ["c1/a/1"]
    assert_moved(outcome, base, {"c1/a/1": (MON, "上午", ("t2",), "r1")})
    assert (outcome.status, outcome.change_cost, outcome.change_counts) == ("OPTIMAL", 2, counts(block=1))


def test_unavailability_for_the_only_day_gives_the_session_to_another_teacher():
    # c5 meets on Monday only and t2 is now busy all Monday: t1 (same kind) takes it in place.
    instance = instance_of(klass("c5", "2024-03-04", "2024-03-04", item("z")), week("c1", item("a")))
    base = baseline(instance, ("c5/z/1", MON, "下午", ["t2"], "r1"), ("c1/a/1", TUE, "上午", ["t2"], "r1"))
    outcome = replan(instance, base, [{"add_unavailability": "t2", "dates": "2024-03-04"}], MON)
    assert outcome.broken == ["c5/z/1"]
    assert_moved(outcome, base, {"c5/z/1": (MON, "下午", ("t1",), "r1")})
    assert (outcome.status, outcome.change_cost, outcome.change_counts) == ("OPTIMAL", 4, counts(teacher=1))


def test_several_changes_at_once_cost_the_sum_of_their_cheapest_fixes():
    changes = [{"drop_teacher": "t1", "until": "2024-03-04"}, {"block_dates": "2024-03-08", "site": "dy"},
               {"close_venue": "r1", "dates": "2024-03-07"}]
    outcome = replan(SITES, SITES_BASE, changes, MON)
    # c1/a/1 (Wednesday) is untouched: t1 is away on Monday only; Thursday's room is closed.
    assert outcome.broken == ["c1/a/2"]
    assert_moved(outcome, SITES_BASE, {"c1/a/2": (THU, "上午", ("t1",), "r2")})
    assert (outcome.status, outcome.change_cost) == ("OPTIMAL", 1)
    assert outcome.plan.origin.changes == [
        {"drop_teacher": "t1", "until": "2024-03-04"},
        {"block_dates": {"start": "2024-03-08", "end": "2024-03-08"}, "site": "dy"},
        {"close_venue": "r1", "dates": {"start": "2024-03-07", "end": "2024-03-07"}}]


# --- The bundled counties, every teacher ------------------------------------------------------

BUNDLED = {
    "jiaocheng": ("jiaocheng-2022", dt.date(2022, 6, 15)),
    "qingxu": ("qingxu-2023-spring", dt.date(2023, 4, 15)),
}


def bundled_paths(name: str) -> tuple[Path, Path]:
    """A bundled instance and a fixed plan of it (tests/data/baselines: a copy of the plan in
    solutions/ as committed, which `scheduler solve` rewrites on the user's machine)."""
    stem, _ = BUNDLED[name]
    return ROOT / "instances" / f"{stem}.yaml", ROOT / "tests" / "data" / "baselines" / f"{stem}.json"


@lru_cache(maxsize=None)
def bundled(name: str) -> tuple[Instance, Plan]:
    instance_path, plan_path = bundled_paths(name)
    return load_instance(instance_path), load_plan(plan_path)


def unplaceable(name: str, teacher_id: str) -> set[str]:
    """The sessions from mid-term on that `teacher_id` teaches and nobody else can: fewer
    teachers besides them know the topic and may teach at the school's tier and township
    than the session needs. Worked out here from the instance, not by the engine."""
    instance, plan = bundled(name)
    start = BUNDLED[name][1]
    found = set()
    for s in plan.sessions:
        if s.date < start or teacher_id not in s.teachers:
            continue
        site = instance.site(s.site)
        others = [t for t in instance.teachers if t.id != teacher_id and s.topic in t.topics
                  and (t.tiers is None or site.tier in t.tiers)
                  and (t.townships is None or site.township in t.townships)]
        if len(others) < len(s.teachers):
            found.add(s.id)
    return found


def teachers_after(name: str) -> list[str]:
    """Every teacher who has a session on or after the mid-term date in the baseline."""
    _, plan = bundled(name)
    return sorted({t for s in plan.sessions if s.date >= BUNDLED[name][1] for t in s.teachers})


def teacher_cases():
    for name in BUNDLED:
        for teacher_id in teachers_after(name):
            yield pytest.param(name, teacher_id, id=f"{name}-{teacher_id}")


def drop(tmp_path: Path, name: str, teacher_id: str):
    """Drop a teacher from mid-term through the CLI, on a copy of the baseline (the repository's
    file is never at risk); the result, the baseline copy and the new plan's path."""
    instance_path, plan_path = bundled_paths(name)
    base_copy = tmp_path / plan_path.name
    shutil.copyfile(plan_path, base_copy)
    out = tmp_path / "new.json"
    result = run("whatif", instance_path, "--baseline", base_copy, "--drop-teacher", teacher_id,
                 "--from", BUNDLED[name][1], "-o", out, *FAST)
    return result, base_copy, out


def assert_history_kept_and_teacher_gone(name: str, new: Plan, teacher_id: str) -> None:
    _, base = bundled(name)
    start = BUNDLED[name][1]
    before = {s.id: s.model_dump() for s in base.sessions if s.date < start}
    assert {s.id: s.model_dump() for s in new.sessions if s.date < start} == before
    assert not [s.id for s in new.sessions if s.date >= start and teacher_id in s.teachers]
    placed = [s.id for s in new.sessions] + [u.id for u in new.unplaced]
    assert sorted(placed) == sorted(s.id for s in base.sessions)  # each once, placed or listed


@pytest.mark.parametrize("name, teacher_id", list(teacher_cases()))
def test_dropping_any_teacher_from_mid_term(tmp_path, name, teacher_id):
    instance_path, plan_path = bundled_paths(name)
    expected = unplaceable(name, teacher_id)
    result, base_copy, out = drop(tmp_path, name, teacher_id)
    assert base_copy.read_bytes() == plan_path.read_bytes()  # the baseline is never touched
    if not expected:
        assert result.exit_code == 0, result.output
        assert "共变动" in result.stdout and "已写入" in result.stdout
        checked = run("validate", instance_path, out)
        assert checked.exit_code == 0, checked.output
        new = load_plan(out)
        assert new.status in ("OPTIMAL", "FEASIBLE") and new.unplaced == []
    else:  # nobody else can teach some sessions: say which and why, keep everything else
        assert result.exit_code == 1, result.output
        for session_id in expected:
            line = next(line for line in result.stderr.splitlines() if session_id in line)
            assert "没有足够的" in line, line
        assert f"基准计划 {base_copy} 未改动" in result.stderr
        new = load_plan(out)
        assert new.status == "PARTIAL"
        assert {u.id for u in new.unplaced} == expected and all(u.reason for u in new.unplaced)
    assert new.revision == 2
    assert (new.origin.baseline, new.origin.baseline_revision, new.origin.fixed_before, new.origin.changes) == (
        str(base_copy), 1, BUNDLED[name][1], [{"drop_teacher": teacher_id}])
    assert_history_kept_and_teacher_gone(name, new, teacher_id)


@pytest.mark.parametrize("name, teacher_id", [(n, t) for n in BUNDLED for t in teachers_after(n) if unplaceable(n, t)])
def test_a_teacher_nobody_can_replace_leaves_named_sessions_unplaced(name, teacher_id):
    """The engine side of the partial plan (the command line's is tested above)."""
    instance, base = bundled(name)
    start = BUNDLED[name][1]
    outcome = whatif(instance, base, "base.json", [Change(drop_teacher=teacher_id)], start, ChangeWeights(),
                     SolveOptions(time_limit=2, workers=1, seed=0))
    expected = unplaceable(name, teacher_id)
    assert outcome.status == "PARTIAL" and outcome.plan.status == "PARTIAL"
    assert {u.id for u in outcome.plan.unplaced} == expected
    for u in outcome.plan.unplaced:
        topic = instance.topic(next(s.topic for s in base.sessions if s.id == u.id)).name
        assert f"没有足够的能讲“{topic}”且有空的教师" in u.reason, u.reason
    assert_history_kept_and_teacher_gone(name, outcome.plan, teacher_id)
    # the only hard rule the partial plan breaks is that the unplaced sessions are missing
    violations = validate_plan(outcome.instance, outcome.plan)
    assert {v.rule for v in violations} == {"session_once"}
    assert {s for v in violations for s in v.sessions} == expected
    lost = {c.session.id: c for c in outcome.plan.cancelled}
    for session_id in expected:  # everyone who had the session sees it cancelled
        was = next(s for s in base.sessions if s.id == session_id)
        assert lost[session_id].classes == was.classes and lost[session_id].teachers == was.teachers


def test_a_partial_plans_objective_agrees_with_the_checker():
    """The unplaced sessions' items count as spread over no day, in the model as in the checker."""
    instance, base = bundled("qingxu")
    outcome = whatif(instance, base, "base.json", [Change(drop_teacher="qx-ld-yingji")], BUNDLED["qingxu"][1],
                     ChangeWeights(), SolveOptions(time_limit=2, workers=1, seed=0))
    assert outcome.status == "PARTIAL"
    penalties = {p.rule: p.penalty for p in score_plan(outcome.instance, outcome.plan)}
    assert sum(penalties.values()) == outcome.plan.objective, penalties


# --- Repeatability, change files, bad input ---------------------------------------------------

QINGXU_CHANGES = [  # a busy what-if on qingxu: a teacher, a room, two days, a morning off
    ("--drop-teacher", "qx-ld-zuzhi"),
    ("--close-venue", "qx-js2@2023-04-20..2023-04-21"),
    ("--block-dates", "2023-05-22..2023-05-23", "--tier", "county"),
    ("--add-unavailability", "qx-zz-zhang", "--dates", "2023-04-17..2023-04-28", "--blocks", "上午"),
]
QINGXU_CHANGE_FILE = """\
from: 2023-04-15
changes:
  - drop_teacher: qx-ld-zuzhi
  - {close_venue: qx-js2, dates: 2023-04-20..2023-04-21}
  - {block_dates: 2023-05-22..2023-05-23, tier: 县委党校}
  - add_unavailability: qx-zz-zhang
    dates: 2023-04-17..2023-04-28
    blocks: [上午]
weights: {teacher: 5, date: 2}
"""


def qingxu_whatif(tmp_path: Path, out: str, *args: str):
    instance_path, plan_path = bundled_paths("qingxu")
    base_copy = tmp_path / plan_path.name
    if not base_copy.exists():
        shutil.copyfile(plan_path, base_copy)
    result = run("whatif", instance_path, "--baseline", base_copy, "-o", tmp_path / out, *args)
    return result, tmp_path / out


def plan_json(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("solve_seconds")
    return data


def test_the_same_whatif_with_one_worker_and_a_seed_gives_the_same_plan(tmp_path):
    options = [a for change in QINGXU_CHANGES for a in change]
    fixed = ("--from", "2023-04-15", "--workers", "1", "--seed", "3", "--time-limit", "2")
    first, one = qingxu_whatif(tmp_path, "one.json", *options, *fixed)
    second, two = qingxu_whatif(tmp_path, "two.json", *options, *fixed)
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert plan_json(one) == plan_json(two)
    assert run("validate", bundled_paths("qingxu")[0], one).exit_code == 0
    # and the what-if did something: the teacher is gone, the room and the days are free
    new = load_plan(one)
    assert_history_kept_and_teacher_gone("qingxu", new, "qx-ld-zuzhi")
    assert not [s.id for s in new.sessions if s.venue == "qx-js2" and s.date in (dt.date(2023, 4, 20),
                                                                                  dt.date(2023, 4, 21))]
    assert not [s.id for s in new.sessions if s.site == "qx-dangxiao" and s.date in (dt.date(2023, 5, 22),
                                                                                      dt.date(2023, 5, 23))]


def test_a_change_file_gives_the_same_plan_as_the_same_options(tmp_path):
    changes = tmp_path / "changes.yaml"
    changes.write_text(QINGXU_CHANGE_FILE, encoding="utf-8")
    from_file, filed = qingxu_whatif(tmp_path, "file.json", "--changes", changes, *FAST)
    options = [a for change in QINGXU_CHANGES for a in change]
    from_options, optioned = qingxu_whatif(tmp_path, "options.json", *options, "--from", "2023-04-15",
                                           "--change-weight", "teacher=5", "--change-weight", "date=2", *FAST)
    assert from_file.exit_code == 0, from_file.output
    assert from_options.exit_code == 0, from_options.output
    assert plan_json(filed) == plan_json(optioned)
    origin = load_plan(filed).origin
    assert origin.fixed_before == dt.date(2023, 4, 15)
    assert origin.changes[1] == {"close_venue": "qx-js2", "dates": {"start": "2023-04-20", "end": "2023-04-21"}}
    assert origin.changes[2]["tier"] == "county"
    # the weights were applied: with the default weights the same changes cost something else
    default, plain = qingxu_whatif(tmp_path, "default.json", *options, "--from", "2023-04-15", *FAST)
    assert default.exit_code == 0, default.output
    cost = [line for line in from_file.stdout.splitlines() if line.startswith("变动代价")]
    plain_cost = [line for line in default.stdout.splitlines() if line.startswith("变动代价")]
    assert cost and plain_cost and cost != plain_cost


def test_the_command_line_from_date_wins_over_the_change_files(tmp_path):
    changes = tmp_path / "changes.yaml"
    changes.write_text("from: 2023-04-15\nchanges:\n  - drop_teacher: qx-zz-li\n", encoding="utf-8")
    result, out = qingxu_whatif(tmp_path, "new.json", "--changes", changes, "--from", "2023-05-15", *FAST)
    assert result.exit_code == 0, result.output
    new, (_, base) = load_plan(out), bundled("qingxu")
    assert new.origin.fixed_before == dt.date(2023, 5, 15)
    assert [s.id for s in new.sessions if "qx-zz-li" in s.teachers and s.date < dt.date(2023, 5, 15)] == [
        s.id for s in base.sessions if "qx-zz-li" in s.teachers and s.date < dt.date(2023, 5, 15)]
    assert not [s for s in new.sessions if "qx-zz-li" in s.teachers and s.date >= dt.date(2023, 5, 15)]


def test_without_from_history_ends_at_the_first_changed_date(tmp_path):
    result, out = qingxu_whatif(tmp_path, "new.json", "--close-venue", "qx-js2@2023-06-06..2023-06-08", *FAST)
    assert result.exit_code == 0, result.output
    new, (_, base) = load_plan(out), bundled("qingxu")
    assert new.origin.fixed_before == dt.date(2023, 6, 6)
    assert "2023-06-06 之前的课次保持不变" in result.stderr
    moved = diff_plans(base, new).changed
    assert len(moved) >= 4 and all(old.date >= dt.date(2023, 6, 6) for old, _ in moved)
    assert all(s.venue != "qx-js2" for s in new.sessions if dt.date(2023, 6, 6) <= s.date <= dt.date(2023, 6, 8))


def test_the_bundled_example_change_file_replays_to_a_valid_plan(tmp_path):
    example = ROOT / "instances" / "changes" / "qingxu-2023-04.yaml"
    result, out = qingxu_whatif(tmp_path, "r2.json", "--changes", example, *FAST)
    assert result.exit_code == 0, result.output
    assert run("validate", bundled_paths("qingxu")[0], out).exit_code == 0
    new = load_plan(out)
    assert [c.get("note") for c in new.origin.changes] == ["借调", "检修", "春播", None]
    assert not [s.id for s in new.sessions if "qx-zz-wang" in s.teachers
                and dt.date(2023, 4, 15) <= s.date <= dt.date(2023, 5, 10)]


BAD_CHANGE_FILES = {
    "unknown-teacher": ("changes:\n  - {close_venue: qx-js2, dates: 2023-05-08}\n  - drop_teacher: nobody\n",
                        ["变动第2项", "drop_teacher", "nobody"]),
    "field-of-another-change": ("changes:\n  - drop_teacher: qx-zz-li\n  - drop_teacher: qx-zz-zhao\n"
                                "    dates: 2023-04-20..2023-04-21\n", ["第3行", "变动第2项", "dates"]),
    "two-actions": ("changes:\n  - drop_teacher: qx-zz-li\n    close_venue: qx-js2\n",
                    ["变动第1项", "drop_teacher / close_venue", "2 种"]),
    "unknown-block": ("changes:\n  - {add_unavailability: qx-zz-li, dates: 2023-04-20, blocks: [中午]}\n",
                      ["变动第1项", "blocks", "中午"]),
    "unknown-site": ("changes:\n  - {block_dates: 2023-04-20, site: nowhere}\n", ["变动第1项", "site", "nowhere"]),
    "venue-without-dates": ("changes:\n  - close_venue: qx-js2\n", ["变动第1项", "dates"]),
    "negative-weight": ("changes:\n  - drop_teacher: qx-zz-li\nweights: {teacher: -1}\n", ["weights", "teacher"]),
    "unknown-weight": ("changes:\n  - drop_teacher: qx-zz-li\nweights: {room: 1}\n", ["weights", "room"]),
    "not-a-mapping": ("- drop_teacher: qx-zz-li\n", ["映射"]),
}
BAD_OPTIONS = {
    "weight-not-a-number": (["--drop-teacher", "qx-zz-li", "--change-weight", "teacher=x"],
                            ["--change-weight", "teacher=x"]),
    "unknown-weight": (["--drop-teacher", "qx-zz-li", "--change-weight", "cost=3"], ["--change-weight", "cost=3"]),
    "unknown-teacher": (["--drop-teacher", "nobody"], ["命令行", "变动第1项", "drop_teacher", "nobody"]),
    "unknown-venue": (["--close-venue", "nowhere", "--dates", "2023-05-08"], ["命令行", "close_venue", "nowhere"]),
    "venue-without-dates": (["--close-venue", "qx-js2"], ["--close-venue", "dates"]),
    "reversed-dates": (["--block-dates", "2023-05-10..2023-05-01"], ["--block-dates", "2023-05-10..2023-05-01"]),
    "bad-dates": (["--add-unavailability", "qx-zz-li", "--dates", "May"], ["--dates", "May"]),
    "bad-tier": (["--block-dates", "2023-05-10", "--tier", "city"], ["--block-dates", "--tier", "city"]),
    "unknown-block": (["--add-unavailability", "qx-zz-li", "--dates", "2023-05-08", "--blocks", "上午,中午"],
                      ["命令行", "变动第1项", "blocks", "中午"]),
    "no-change": ([], ["没有给出任何变动"]),
    "after-the-term": (["--drop-teacher", "qx-zz-li"], ["--from"]),  # no date: today, after 2023
    "missing-change-file": (["--changes", "nowhere.yaml"], ["nowhere.yaml", "文件不存在"]),
}


@pytest.mark.parametrize("case", [*(f"file:{k}" for k in BAD_CHANGE_FILES), *(f"option:{k}" for k in BAD_OPTIONS)])
def test_bad_changes_exit_2_with_a_message_and_write_nothing(tmp_path, case):
    kind, key = case.split(":")
    if kind == "file":
        content, expected = BAD_CHANGE_FILES[key]
        changes = tmp_path / "changes.yaml"
        changes.write_text(content, encoding="utf-8")
        args, expected = ["--changes", changes, "--from", "2023-04-15"], [str(changes), *expected]
    else:
        args, expected = BAD_OPTIONS[key]
    shutil.copyfile(bundled_paths("qingxu")[1], tmp_path / "base.json")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run("whatif", bundled_paths("qingxu")[0], "--baseline", tmp_path / "base.json", *args, *FAST)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("输入有误：") and "Traceback" not in result.output
    message = result.stderr
    for piece in expected:
        assert piece in message, (piece, message)
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written, not even base-r2.json


def test_each_change_on_the_command_line_keeps_its_own_dates(tmp_path):
    result, out = qingxu_whatif(tmp_path, "new.json", "--close-venue", "qx-js2", "--dates", "2023-05-08..2023-05-12",
                                "--add-unavailability", "qx-zz-zhang", "--dates", "2023-04-17..2023-04-28",
                                "--from", "2023-04-15", *FAST)
    if result.exit_code == 2:  # refusing the ambiguity is fine too
        assert "--dates" in result.stderr and not out.exists()
        return
    assert result.exit_code == 0, result.output
    closed = next(c for c in load_plan(out).origin.changes if "close_venue" in c)
    assert closed["dates"] == {"start": "2023-05-08", "end": "2023-05-12"}


def test_a_bad_tier_is_named_in_chinese(tmp_path):
    result, _ = qingxu_whatif(tmp_path, "new.json", "--block-dates", "2023-05-10", "--tier", "city", *FAST)
    assert result.exit_code == 2
    assert "--tier" in result.stderr and "city" in result.stderr
    assert "Input should be" not in result.stderr


# --- The diff report ---------------------------------------------------------------------------

DIFF = instance_of(week("c1", item("a", sessions=3), item("d", teacher_count=2)), week("c2", item("x", sessions=2)))
DIFF_BEFORE = baseline(DIFF, ("c1/a/1", MON, "上午", ["t1"], "r1"), ("c1/a/2", TUE, "上午", ["t1"], "r1"),
                       ("c1/a/3", THU, "上午", ["t1"], "r1"), ("c1/d/1", FRI, "上午", ["t1", "t2"], "r1"),
                       ("c2/x/1", MON, "上午", ["t2"], "r2"), ("c2/x/2", WED, "上午", ["t2"], "r2"))


def edited(plan: Plan, drop: str, **edits: dict) -> Plan:
    sessions = [s.model_copy(update=edits.get(s.id.replace("/", "_"), {})) for s in plan.sessions if s.id != drop]
    return plan.model_copy(update={"sessions": sessions})


DIFF_AFTER = edited(DIFF_BEFORE, "c2/x/1",  # c2/x/1 is not placed any more
                    c1_a_1={"teachers": ["t3"]},  # another teacher
                    c1_a_2={"date": WED},  # another day, same teacher and room
                    c1_a_3={"venue": "r2"},  # another room
                    c1_d_1={"teachers": ["t1", "t3"]})  # t2 hands over to t3, t1 stays as it was


def test_diff_plans_sorts_out_sessions_teachers_and_classes():
    diff = diff_plans(DIFF_BEFORE, DIFF_AFTER)
    assert [(old.id, now.id if now else None) for old, now in diff.changed] == [
        ("c1/a/1", "c1/a/1"), ("c2/x/1", None), ("c1/a/2", "c1/a/2"), ("c1/a/3", "c1/a/3"), ("c1/d/1", "c1/d/1")]
    assert diff.teachers_lose == {"t1": ["c1/a/1"], "t2": ["c2/x/1", "c1/d/1"]}
    assert diff.teachers_gain == {"t3": ["c1/a/1", "c1/d/1"]}
    assert diff.teachers_move == {"t1": ["c1/a/2", "c1/a/3"]}  # not c1/d/1: same time and room for t1
    assert diff.classes_moved == {"c1": ["c1/a/2"]}  # a new room or teacher is not a new day
    assert diff.classes_unplaced == {"c2": ["c2/x/1"]}  # not placed is not a new time
    assert counts_line(diff) == "共变动 5 次课，涉及教师 3 位、班次 2 个"
    assert diff_plans(DIFF_BEFORE, DIFF_BEFORE).changed == []
    assert counts_line(diff_plans(DIFF_BEFORE, DIFF_BEFORE)) == "共变动 0 次课，涉及教师 0 位、班次 0 个"


def test_the_diff_tables_show_before_and_after():
    diff = diff_plans(DIFF_BEFORE, DIFF_AFTER)
    sessions = {line.split()[0]: line for line in session_table(DIFF, diff).splitlines()[2:]}
    assert "王老师 → 赵部长" in sessions["c1/a/1"] and "03-04(周一)" in sessions["c1/a/1"]
    assert "→" not in sessions["c1/a/1"].replace("王老师 → 赵部长", "")  # only the teacher changed
    assert "03-05(周二) → 03-06(周三)" in sessions["c1/a/2"]
    assert "第一教室 → 第二教室" in sessions["c1/a/3"]
    assert "03-04(周一) → 未安排" in sessions["c2/x/1"] and "李老师 → -" in sessions["c2/x/1"]
    assert "王老师、李老师 → 王老师、赵部长" in sessions["c1/d/1"]
    people = {line.split()[1]: line for line in people_table(DIFF, diff).splitlines()[2:]}
    assert "少了 1 次课" in people["王老师(t1)"] and "2 次课换了时间或场地" in people["王老师(t1)"]
    assert "少了 2 次课" in people["李老师(t2)"] and "多了 2 次课" in people["赵部长(t3)"]
    assert "1 次课换了时间" in people["c1班(c1)"] and "c2/x/1" in people["c2班(c2)"]
    assert "1 次课未安排" in people["c2班(c2)"] and "换了时间" not in people["c2班(c2)"]


def as_files(directory: Path, instance: Instance, plan: Plan) -> tuple[Path, Path]:
    """An instance and its baseline as files, for the command line."""
    instance_path, base_path = directory / "mini.yaml", directory / "base.json"
    instance_path.write_text(yaml.safe_dump(instance.model_dump(mode="json", by_alias=True), allow_unicode=True),
                             encoding="utf-8")
    base_path.write_text(plan.model_dump_json(indent=2), encoding="utf-8")
    return instance_path, base_path


@pytest.fixture
def mini(tmp_path) -> tuple[Path, Path]:
    return as_files(tmp_path, DROP, DROP_BASE)


def test_the_command_prints_the_diff_and_counts_and_writes_the_next_revision(mini):
    instance_path, base_path = mini
    base_bytes = base_path.read_bytes()
    result = run("whatif", instance_path, "--baseline", base_path, "--drop-teacher", "t1", "--from", "2024-03-04",
                 "--workers", "1", "--seed", "0", "--time-limit", "5")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "王老师 → 李老师" in out and "王老师 → 赵部长" in out
    assert "王老师(t1)" in out and "少了 2 次课" in out and "多了 1 次课" in out
    assert "共变动 2 次课，涉及教师 3 位、班次 1 个" in out  # c1: two sessions with a new teacher
    assert "变动代价 10（已证明最少，下界 10）：换教师 2 人次，换日期 0 次" in out
    assert "教师 王老师(t1) 2024-03-04起至学期结束不能上课" in result.stderr
    new_path = base_path.with_name("base-r2.json")  # beside the baseline, named after its revision
    assert f"已写入 {new_path}：版本 2" in out
    assert base_path.read_bytes() == base_bytes
    new = load_plan(new_path)
    assert (new.revision, new.status, new.origin.baseline) == (2, "OPTIMAL", str(base_path))
    assert where(new, "c1/a/1") == (MON, "上午", ("t2",), "r1") and where(new, "c1/a/2") == (TUE, "上午", ("t3",), "r1")
    assert run("validate", instance_path, new_path).exit_code == 0
    # nothing is left behind by the atomic write
    assert sorted(p.name for p in base_path.parent.iterdir()) == ["base-r2.json", "base.json", "mini.yaml"]


def test_changes_that_no_plan_can_meet_are_explained_and_nothing_is_written(tmp_path):
    # c2 meets on Tuesday only, twice, with t2 by name; t2 loses Tuesday morning, and must
    # teach twice in the term. One session could be left unplaced, but then t2 teaches once:
    # nothing can be kept, so the whole replan is infeasible, and the command says why (the
    # minimal conflict) and exits 1.
    instance = instance_of(klass("c2", "2024-03-05", "2024-03-05", item("x", sessions=2, teachers=["t2"])),
                           week("c1", item("a", teachers=["t1"])),
                           teachers=[{**t, "obligations": [{"period": "term", "min_sessions": 2}]}
                                     if t["id"] == "t2" else t for t in TEACHERS])
    base = baseline(instance, ("c2/x/1", TUE, "上午", ["t2"], "r2"), ("c2/x/2", TUE, "下午", ["t2"], "r2"),
                    ("c1/a/1", MON, "上午", ["t1"], "r1"))
    change = [{"add_unavailability": "t2", "dates": "2024-03-05", "blocks": ["上午"]}]
    outcome = replan(instance, base, change, MON)
    assert (outcome.status, outcome.plan, outcome.broken, outcome.unplaced) == ("INFEASIBLE", None, ["c2/x/1"], [])
    instance_path, base_path = as_files(tmp_path, instance, base)
    base_bytes = base_path.read_bytes()
    result = run("whatif", instance_path, "--baseline", base_path, "--add-unavailability", "t2@2024-03-05",
                 "--blocks", "上午", "--from", "2024-03-04", "--workers", "1", "--time-limit", "2")
    assert result.exit_code == 1, result.output
    assert "没有找到满足变动的方案（状态 INFEASIBLE" in result.stderr
    assert rule_name("teacher_available") in result.stderr and "李老师" in result.stderr
    assert f"基准计划 {base_path} 未改动" in result.stderr
    assert base_path.read_bytes() == base_bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.json", "mini.yaml"]


# --- validate applies the changes a plan records ------------------------------------------------

@pytest.fixture(scope="module")
def xiaozhang(tmp_path_factory) -> tuple[Path, Path, Path]:
    """qingxu without its principal from 2023-04-15: (instance, baseline copy, new plan)."""
    tmp_path = tmp_path_factory.mktemp("xiaozhang")
    result, base_copy, out = drop(tmp_path, "qingxu", "qx-ld-xiaozhang")
    assert result.exit_code == 0, result.output
    return bundled_paths("qingxu")[0], base_copy, out


def test_validate_applies_the_changes_recorded_in_the_plan(xiaozhang):
    instance_path, base_copy, new_path = xiaozhang
    data = json.loads(new_path.read_text(encoding="utf-8"))
    _, base = bundled("qingxu")
    taught = {s.id for s in base.sessions if "qx-ld-xiaozhang" in s.teachers and s.date >= dt.date(2023, 4, 15)}
    session = next(s for s in data["sessions"] if s["id"] in taught)
    session["teachers"] = ["qx-ld-xiaozhang"]  # back where the baseline had him, after the date
    del data["penalties"]  # (so that only the hard rules and the total are compared)
    data["objective"] = sum(p.penalty for p in score_plan(load_instance(instance_path), Plan.model_validate(data)))
    edited_path = base_copy.parent / "edited.json"  # beside the baseline its origin names
    edited_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("validate", instance_path, edited_path)
    assert result.exit_code == 1, result.output
    [line] = [line for line in result.stdout.splitlines() if line.startswith("[")]
    assert line.startswith(f"[{rule_name('teacher_available')}]")
    assert "郝书记" in line and session["id"] in line
    assert "临时变动" in line  # the blackout the recorded change became
    # without the recorded changes the same plan is valid: the violation comes from them
    del data["origin"]
    data["status"] = "FEASIBLE"  # (a replan's OPTIMAL speaks of its recorded changes)
    edited_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    plain = run("validate", instance_path, edited_path)
    assert plain.exit_code == 0, plain.output


# --- Calendars ---------------------------------------------------------------------------------

def test_calendars_cancel_what_the_dropped_teacher_lost_and_update_in_place(mini, tmp_path):
    instance_path, base_path = mini
    new_path = tmp_path / "new.json"
    result = run("whatif", instance_path, "--baseline", base_path, "--drop-teacher", "t1", "--from", "2024-03-04",
                 "-o", new_path, "--workers", "1", "--seed", "0", "--time-limit", "5")
    assert result.exit_code == 0, result.output
    calendars = {}
    for label, plan_path in (("before", base_path), ("after", new_path)):
        exported = run("export-ics", instance_path, plan_path, "--out", tmp_path / label, "--by", "teacher")
        assert exported.exit_code == 0, exported.output
        for teacher_id in ("t1", "t2", "t3"):
            ical = icalendar.Calendar.from_ical((tmp_path / label / f"teacher-{teacher_id}.ics").read_bytes())
            calendars[label, teacher_id] = {str(e["UID"]): e for e in ical.walk("VEVENT")}
    uid = {s.id: event_uid(DROP.name, s.id) for s in DROP_BASE.sessions}

    def state(label, teacher_id, session_id):
        event = calendars[label, teacher_id][uid[session_id]]
        return str(event["STATUS"]), int(event["SEQUENCE"]), event.start.replace(tzinfo=None)

    monday, tuesday = dt.datetime(2024, 3, 4, 8, 30), dt.datetime(2024, 3, 5, 8, 30)
    assert set(calendars["before", "t1"]) == {uid["c1/a/1"], uid["c1/a/2"]}
    assert state("before", "t1", "c1/a/1") == ("CONFIRMED", 1, monday)
    # t1 keeps both, cancelled, with the new SEQUENCE (same UIDs: updated in place)
    assert set(calendars["after", "t1"]) == {uid["c1/a/1"], uid["c1/a/2"]}
    assert state("after", "t1", "c1/a/1") == ("CANCELLED", 2, monday)
    assert state("after", "t1", "c1/a/2") == ("CANCELLED", 2, tuesday)
    # the new teachers have them under the same UIDs at SEQUENCE 2; their own sessions stay at 1
    assert state("after", "t2", "c1/a/1") == ("CONFIRMED", 2, monday)
    assert state("after", "t3", "c1/a/2") == ("CONFIRMED", 2, tuesday)
    assert state("after", "t2", "c2/x/1") == state("before", "t2", "c2/x/1") == (
        "CONFIRMED", 1, dt.datetime(2024, 3, 5, 8, 30))
    assert state("after", "t3", "c1/b/1")[:2] == state("before", "t3", "c1/b/1")[:2] == ("CONFIRMED", 1)
    assert calendars["after", "t2"][uid["c2/x/2"]].to_ical() == calendars["before", "t2"][uid["c2/x/2"]].to_ical()
