"""Backup lecturers (B角) and what the what-if minimises (`--minimise`, `--tradeoff`, `--pick`).

1. Backups: named per curriculum item and checked like its teachers; a replan gives a dropped
   teacher's sessions to a named backup before anyone else (the `backup` change weight), the
   diff says so, `validate` recounts the cost with it; `check` warns about an item whose named
   teacher nobody could stand in for.
2. Measures: `changes` counts changed sessions, `people` the teachers and classes affected,
   as the diff counts them; on generated instances `--minimise people` never affects more
   people than `--minimise changes` (a property).
3. The trade-off on the bundled qingxu instance through the command line: K+1 rows, penalty
   never rising, `--pick` writes that row's plan, which validate accepts.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from builders import item, klass, make
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from scheduler.check import validate_plan
from scheduler.cli import main
from scheduler.domain import Instance, load_plan
from scheduler.expand import expand
from scheduler.lint import lint
from scheduler.solve import SolveOptions, solve_expansion, to_plan
from scheduler.whatif.changes import Change, ChangeWeights
from scheduler.whatif.diff import diff_plans, measure_of, session_table
from scheduler.whatif.replan import whatif

ROOT = Path(__file__).parent.parent
QINGXU = ROOT / "instances" / "qingxu-2023-spring.yaml"
QINGXU_BASE = ROOT / "tests" / "data" / "baselines" / "qingxu-2023-spring.json"
OPTIONS = SolveOptions(time_limit=5, workers=1, seed=0)
FAST = ("--workers", "1", "--seed", "0", "--time-limit", "3")
MON, TUE = dt.date(2024, 3, 4), dt.date(2024, 3, 5)
TEACHERS = [
    {"id": "t1", "name": "王老师", "kind": "fulltime", "township": "qy", "topics": ["A", "B"]},
    {"id": "t2", "name": "李老师", "kind": "fulltime", "township": "qy", "topics": ["A", "B"]},
    {"id": "t3", "name": "赵部长", "kind": "cadre", "township": "qy", "topics": ["A", "B"]},
]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def solved(instance: Instance):
    expansion = expand(instance)
    result = solve_expansion(expansion, SolveOptions(time_limit=5, workers=1, seed=0))
    assert result.has_plan
    return to_plan(expansion, result)


# --- 1. Backups --------------------------------------------------------------------------------

def two_sessions(**extra) -> Instance:
    """c1's item a twice (Monday and Tuesday); the week has room for anyone."""
    return make(klass("c1", "2024-03-04", "2024-03-08", item("a", sessions=2, **extra)), teachers=TEACHERS)


def test_a_named_backup_takes_over_before_a_teacher_of_the_same_kind():
    # Without a backup, t2 (same kind: 4) beats the cadre t3 (4 + 2); naming t3 the backup
    # makes t3 the cheaper one (1 each), and the diff says who took over as B角.
    plain = two_sessions(teachers=["t1"])
    base = solved(plain)
    dropped = [Change(drop_teacher="t1")]
    without = whatif(plain, base, "base.json", dropped, MON, ChangeWeights(), OPTIONS)
    assert {t for s in without.plan.sessions for t in s.teachers} == {"t2"}
    backed = two_sessions(teachers=["t1"], backup=["t3"])
    outcome = whatif(backed, base, "base.json", dropped, MON, ChangeWeights(), OPTIONS)
    assert {t for s in outcome.plan.sessions for t in s.teachers} == {"t3"}
    assert (outcome.status, outcome.change_cost, outcome.change_counts["backup"]) == ("OPTIMAL", 2, 2)
    assert outcome.plan.origin.change_weights["backup"] == 1
    diff = diff_plans(base, outcome.plan, outcome.instance)
    assert set(diff.backups) == {"c1/a/1", "c1/a/2"}
    assert "由B角赵部长接替" in session_table(outcome.instance, diff)
    assert validate_plan(outcome.instance, outcome.plan) == []
    # a backup dearer than a new teacher is no longer preferred
    dear = whatif(backed, base, "base.json", dropped, MON, ChangeWeights(backup=9), OPTIONS)
    assert {t for s in dear.plan.sessions for t in s.teachers} == {"t2"}


@pytest.mark.parametrize(("backup", "expected"), [
    (["t9"], "未知的教师 't9'"),  # no such teacher
    (["t3"], "B角 赵部长 不能讲授专题"),  # t3 cannot teach topic B here
])
def test_backups_are_checked_like_teachers(backup, expected):
    teachers = [*TEACHERS[:2], {**TEACHERS[2], "topics": ["A"]}]
    with pytest.raises(ValidationError, match=expected):
        make(klass("c1", "2024-03-04", "2024-03-08", item("a", "B", backup=backup)), teachers=teachers)


def test_a_backup_cannot_repeat_or_be_a_named_teacher():
    for backup in (["t1"], ["t2", "t2"]):
        with pytest.raises(ValidationError, match="B角"):
            two_sessions(teachers=["t1"], backup=backup)


def test_check_warns_about_a_named_teacher_nobody_could_stand_in_for():
    # Only t1 teaches B: with t1 named and no backup, nobody could take over.
    teachers = [TEACHERS[0], {**TEACHERS[1], "topics": ["A"]}]
    alone = make(klass("c1", "2024-03-04", "2024-03-08", item("b", "B", teachers=["t1"])), teachers=teachers)
    found = [f for f in lint(expand(alone)) if "没有B角" in f.message]
    assert [(f.path, f.severity) for f in found] == [(("classes", 0, "curriculum", 0, "teachers"), "warning")]
    assert "王老师" in found[0].message and "党建实务" in found[0].message
    # Another qualified teacher, or a backup, answers it.
    for ok in (make(klass("c1", "2024-03-04", "2024-03-08", item("a", teachers=["t1"])), teachers=teachers),
               make(klass("c1", "2024-03-04", "2024-03-08", item("b", "B", teachers=["t1"], backup=["t2"])),
                    teachers=[TEACHERS[0], TEACHERS[1]])):
        assert not [f for f in lint(expand(ok)) if "没有B角" in f.message]


def test_check_counts_only_stand_ins_free_on_the_items_days():
    teachers = [TEACHERS[0], {**TEACHERS[1], "unavailable": [{"dates": ["2024-03-04..2024-03-08"]}]}]
    busy = make(klass("c1", "2024-03-04", "2024-03-08", item("a", teachers=["t1"])), teachers=teachers)
    assert [f for f in lint(expand(busy)) if "没有B角" in f.message]


def test_qingxu_names_two_backups_who_take_over_in_a_whatif(tmp_path):
    from scheduler.domain import load_instance

    instance = load_instance(QINGXU)
    assert sum(len(i.backup) for c in instance.classes for i in c.curriculum) == 2
    base = tmp_path / "base.json"
    shutil.copy(QINGXU_BASE, base)
    out = tmp_path / "r2.json"
    result = run("whatif", QINGXU, "--baseline", base, "--drop-teacher", "qx-zz-wang", "--from", "2023-04-10",
                 *FAST, "-o", out)
    assert result.exit_code == 0, result.output
    assert "由B角孙丽接替" in result.output and "由B角赵建国接替" in result.output
    assert "由B角接替 2 人次" in result.output
    validated = run("validate", QINGXU, out)
    assert validated.exit_code == 0, validated.output


# --- 2. Measures -------------------------------------------------------------------------------

def test_changes_and_people_count_as_the_diff_does():
    # Dropping t1 (named for both sessions) on Monday: the least changed sessions is 2; the
    # least people is t1, one new teacher for both sessions and c1, so 3.
    instance = two_sessions(teachers=["t1"])
    base = solved(instance)
    for kind, least in (("changes", 2), ("people", 3)):
        outcome = whatif(instance, base, "base.json", [Change(drop_teacher="t1")], MON, ChangeWeights(),
                         OPTIONS, measure=kind)
        assert (outcome.status, outcome.change_cost, outcome.lower_bound) == ("OPTIMAL", least, least)
        assert measure_of(diff_plans(base, outcome.plan), kind) == least
        least_record = outcome.plan.origin.least
        assert (least_record.measure, least_record.value, least_record.bound) == (kind, least, least)
        assert outcome.plan.origin.change_lower_bound is None
        assert validate_plan(outcome.instance, outcome.plan) == []


def test_people_keep_the_teacher_where_the_weighted_cost_changes_it():
    # t1 is out on Tuesday: c1's Tuesday session either goes to t2 at the same time (t1, t2
    # and c1 affected) or moves to another day with t1 (t1 and c1). With dates dear, the
    # weighted cost takes t2; people keeps t1; both change one session.
    from test_whatif import TUE as TUESDAY
    from test_whatif import baseline, instance_of, week

    instance = instance_of(week("c1", item("a", sessions=2)))
    base = baseline(instance, ("c1/a/1", MON, "上午", ["t1"], "r1"), ("c1/a/2", TUESDAY, "上午", ["t1"], "r1"))
    out = [Change.model_validate({"add_unavailability": "t1", "dates": "2024-03-05..2024-03-05"})]
    dear_dates = ChangeWeights(date=10, block=10)
    found = {kind: whatif(instance, base, "base.json", out, TUESDAY, dear_dates, OPTIONS, measure=kind)
             for kind in ("cost", "changes", "people")}
    moved = {kind: next(s for s in o.plan.sessions if s.id == "c1/a/2") for kind, o in found.items()}
    assert moved["cost"].teachers != ["t1"] and moved["cost"].date == TUESDAY
    assert moved["people"].teachers == ["t1"] and moved["people"].date != TUESDAY
    people = {kind: measure_of(diff_plans(base, o.plan), "people") for kind, o in found.items()}
    assert (people["cost"], people["people"]) == (3, 2)
    assert (found["changes"].change_cost, found["people"].change_cost) == (1, 2)
    assert all(o.status == "OPTIMAL" for o in found.values())


def test_validate_holds_a_plan_to_what_it_says_it_minimised():
    from scheduler.claims import change_cost_mismatches, status_mismatches

    instance = two_sessions(teachers=["t1"])
    base = solved(instance)
    outcome = whatif(instance, base, "base.json", [Change(drop_teacher="t1")], MON, ChangeWeights(), OPTIONS,
                     measure="people")
    plan = outcome.plan
    assert change_cost_mismatches(plan, base, outcome.instance) == [] and status_mismatches(plan) == []
    claimed = plan.origin.least.model_copy(update={"value": 2, "bound": 2})
    tampered = plan.model_copy(update={"origin": plan.origin.model_copy(update={"least": claimed})})
    assert "记录的最少 people 为 2，按计划重新计算为 3" in "".join(change_cost_mismatches(tampered, base,
                                                                                     outcome.instance))
    unproven = plan.origin.least.model_copy(update={"bound": None})
    tampered = plan.model_copy(update={"origin": plan.origin.model_copy(update={"least": unproven})})
    assert status_mismatches(tampered)  # OPTIMAL without a bound


@st.composite
def disrupted(draw):
    """A small generated instance, and which teacher drops out from the term's second day."""
    teachers = [{"id": f"t{n}", "name": f"教师{n}", "kind": draw(st.sampled_from(["fulltime", "cadre"])),
                 "township": "qy", "topics": draw(st.lists(st.sampled_from(["A", "B"]), min_size=1, max_size=2,
                                                           unique=True))}
                for n in range(draw(st.integers(2, 4)))]
    classes = []
    for c in range(draw(st.integers(1, 3))):
        items = [item(f"i{i}", draw(st.sampled_from(["A", "B"])), sessions=draw(st.integers(1, 2)))
                 for i in range(draw(st.integers(1, 3)))]
        classes.append(klass(f"c{c}", "2024-03-04", "2024-03-08", *items))
    return make(*classes, teachers=teachers), draw(st.integers(0, len(teachers) - 1))


@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(disrupted())
def test_minimising_people_never_affects_more_people_than_minimising_changes(case):
    instance, dropped = case
    expansion = expand(instance)
    result = solve_expansion(expansion, SolveOptions(time_limit=3, workers=1, seed=0))
    if not result.has_plan:
        return
    base = to_plan(expansion, result)
    change = [Change(drop_teacher=f"t{dropped}")]
    found = {kind: whatif(instance, base, "base.json", change, TUE, ChangeWeights(), OPTIONS, measure=kind)
             for kind in ("changes", "people")}
    if found["people"].plan is None:
        assert found["changes"].plan is None
        return
    assert found["people"].proven
    people = {kind: measure_of(diff_plans(base, outcome.plan), "people") for kind, outcome in found.items()}
    assert people["people"] <= people["changes"]
    event("people fewer" if people["people"] < people["changes"] else "people equal")
    assert people["people"] == found["people"].change_cost


# --- 3. The trade-off through the command line ---------------------------------------------------

ROW = re.compile(r"^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)")


def tradeoff_rows(output: str) -> list[tuple[int, ...]]:
    return [tuple(int(g) for g in m.groups()) for line in output.splitlines() if (m := ROW.match(line))]


@pytest.mark.parametrize("measure", ["cost", "changes"])
def test_tradeoff_prints_k_plus_one_rows_whose_penalty_never_rises_and_pick_writes_one(tmp_path, measure):
    base = tmp_path / "base.json"
    shutil.copy(QINGXU_BASE, base)
    out = tmp_path / "picked.json"
    result = run("whatif", QINGXU, "--baseline", base, "--drop-teacher", "qx-zz-wang", "--drop-teacher",
                 "qx-zz-zhang", "--from", "2023-04-10", "--minimise", measure, "--tradeoff", 5, "--pick", 2,
                 *FAST, "-o", out)
    assert result.exit_code == 0, result.output
    rows = tradeoff_rows(result.output)
    assert [r[0] for r in rows] == list(range(6))
    assert [r[1] for r in rows] == [rows[0][1] + k for k in range(6)]
    penalties = [r[4] for r in rows]
    assert penalties == sorted(penalties, reverse=True)
    if measure == "changes":
        assert all(r[2] <= r[1] for r in rows)  # each row within its limit
    plan = load_plan(out)
    assert plan.objective == rows[2][4]
    before = load_plan(base)
    diff = diff_plans(before, plan)
    assert (measure_of(diff, "changes"), measure_of(diff, "people")) == rows[2][2:4]
    validated = run("validate", QINGXU, out)
    assert validated.exit_code == 0, validated.output


def test_pick_beyond_the_tradeoff_is_refused_before_solving(tmp_path):
    base = tmp_path / "base.json"
    shutil.copy(QINGXU_BASE, base)
    result = run("whatif", QINGXU, "--baseline", base, "--drop-teacher", "qx-zz-wang", "--tradeoff", 2,
                 "--pick", 3, *FAST)
    assert result.exit_code == 2
    assert "--pick 3" in result.output
    assert not list(tmp_path.glob("base-r*.json"))
