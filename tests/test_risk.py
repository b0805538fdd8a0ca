"""`scheduler risk`: every teacher with later sessions dropped in turn and replanned.

1. A small county whose single points of failure are known (tests/data/risk-spof.yaml): the
   teachers whose loss leaves sessions nobody can take are flagged, each with the right kind
   of reason, and the two who can stand in for each other are not.
2. The report: rows by risk, whatever order they come in; CSV and JSON files.
3. Repeatable: two runs with --jobs 1 write the same file, and --jobs 2 the same as --jobs 1.
4. qingxu: a row for every teacher with sessions after mid-term; every session that nobody
   else may teach (worked out here from the instance) is flagged.
5. Bad input exits 2 writing nothing; Ctrl-C stops the workers and exits 130.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli import main
from scheduler.domain import load_instance, load_plan
from scheduler.risk.assess import Settings
from scheduler.risk.report import by_risk, summary
from scheduler.risk.run import assess_all
from scheduler.risk.scenarios import risk_start, scenarios

ROOT = Path(__file__).parent.parent
SPOF = ROOT / "tests" / "data" / "risk-spof.yaml"
MONDAY = dt.date(2024, 3, 4)
QINGXU = ROOT / "instances" / "qingxu-2023-spring.yaml"
QINGXU_PLAN = ROOT / "tests" / "data" / "baselines" / "qingxu-2023-spring.json"
QINGXU_FROM = dt.date(2023, 4, 15)
FAST = ("--workers", "1", "--seed", "0", "--time-limit", "3")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def spof_plan(tmp_path_factory) -> Path:
    """A plan of the small county, solved once (so that it holds whatever rules the engine has)."""
    path = tmp_path_factory.mktemp("risk") / "plan.json"
    done = run("solve", SPOF, "-o", path, "--workers", "1", "--seed", "0", "--time-limit", "5", "--quiet")
    assert done.exit_code == 0, done.output
    return path


@pytest.fixture(scope="module")
def spof_rows(spof_plan):
    instance, plan = load_instance(SPOF), load_plan(spof_plan)
    return {r.teacher: r for r in assess_all(instance, plan, scenarios(plan, MONDAY), Settings(3.0, 1, 0))}


# --- 1. Known single points of failure ------------------------------------------------------

def test_every_teacher_with_later_sessions_gets_a_row(spof_rows):
    assert set(spof_rows) == {"wang", "liu", "zhao", "sun", "qian"}  # zhou and wu teach nothing


@pytest.mark.parametrize(("teacher", "kind", "words"), [
    ("zhao", "topic", "除赵师傅(zhao)外没有教师能讲“果树技术”"),
    ("sun", "place", "能讲“乡村振兴”的周站长(zhou)不到县委党校授课"),
    ("qian", "time", "能讲“法律法规”的吴律师(wu)在 2024-03-04 起的班次日期内都没空"),
])
def test_single_points_of_failure_are_flagged_with_their_reason(spof_rows, teacher, kind, words):
    row = spof_rows[teacher]
    assert row.status == "PARTIAL"
    assert [u.session for u in row.unplaceable] == row.lost  # every session of theirs
    for u in row.unplaceable:
        assert u.kind == kind and words in u.reason, u


def test_teachers_who_can_stand_in_for_each_other_are_not_flagged(spof_rows):
    for teacher in ("wang", "liu"):
        row = spof_rows[teacher]
        assert row.unplaceable == [] and row.status == "OPTIMAL" and row.proven
        assert row.changed == len(row.lost) == 2
        assert row.change_cost == row.change_bound == 8  # a new teacher of the same kind each


# --- 2. The report ----------------------------------------------------------------------------

def test_rows_by_risk_do_not_depend_on_their_order(spof_rows):
    rows = list(spof_rows.values())
    expected = [r.teacher for r in by_risk(rows)]
    assert expected == ["zhao", "qian", "sun", "liu", "wang"]  # most unplaceable first, ties by id
    for seed in range(5):
        random.Random(seed).shuffle(rows)
        assert [r.teacher for r in by_risk(rows)] == expected


def test_summary_counts_the_teachers_that_can_be_lost_within_k_changes(spof_rows):
    facts = summary(list(spof_rows.values()), MONDAY)
    assert facts["teachers"] == 5 and facts["single_points"] == 3 and facts["proven"] == 5
    assert facts["covered_within"] == {"0": 0, "1": 0, "2": 2, "3": 2, "5": 2, "10": 2}


def test_the_command_prints_the_table_and_writes_csv_with_a_bom(spof_plan, tmp_path):
    out = tmp_path / "risk.csv"
    done = run("risk", SPOF, spof_plan, "--from", MONDAY, "--jobs", 1, *FAST, "-o", out)
    assert done.exit_code == 0, done.output
    assert "赵师傅(zhao)" in done.output and "无人可接的课次（单点）" in done.output
    assert "除赵师傅(zhao)外没有教师能讲“果树技术”" in done.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("教师编号,教师,失去课次") and len(lines) == 6
    assert [line.split(",")[0] for line in lines[1:]] == ["zhao", "qian", "sun", "liu", "wang"]


def test_the_default_start_is_today_clipped_to_the_term():
    instance = load_instance(SPOF)
    assert risk_start(instance, None, dt.date(2020, 1, 1)) == instance.term.start
    assert risk_start(instance, None, dt.date(2024, 3, 6)) == dt.date(2024, 3, 6)
    assert risk_start(instance, None, dt.date(2030, 1, 1)) == instance.term.end
    assert risk_start(instance, dt.date(2024, 3, 5), dt.date(2030, 1, 1)) == dt.date(2024, 3, 5)


# --- 3. Repeatable ----------------------------------------------------------------------------

def test_runs_repeat_and_two_jobs_give_the_table_of_one(spof_plan, tmp_path):
    outputs = []
    for n, jobs in enumerate((1, 1, 2)):
        out = tmp_path / f"risk{n}.json"
        done = run("risk", SPOF, spof_plan, "--from", MONDAY, "--jobs", jobs, *FAST, "-o", out)
        assert done.exit_code == 0, done.output
        outputs.append((done.stdout, out.read_bytes()))
    assert outputs[0] == outputs[1] == outputs[2]
    rows = json.loads(outputs[0][1])["rows"]
    assert [r["teacher"] for r in rows] == ["zhao", "qian", "sun", "liu", "wang"]


# --- 4. qingxu --------------------------------------------------------------------------------

def nobody_else(instance, plan, start: dt.date) -> dict[str, set[str]]:
    """teacher -> their sessions from `start` on that nobody else may teach (topic, tier,
    township), worked out from the instance alone."""
    found: dict[str, set[str]] = {}
    for s in plan.sessions:
        if s.date < start:
            continue
        site = instance.site(s.site)
        for teacher_id in s.teachers:
            others = [t for t in instance.teachers if t.id != teacher_id and s.topic in t.topics
                      and (t.tiers is None or site.tier in t.tiers)
                      and (t.townships is None or site.township in t.townships)]
            if len(others) < len(s.teachers):
                found.setdefault(teacher_id, set()).add(s.id)
    return found


def test_qingxu_has_a_row_for_every_teacher_with_later_sessions_and_flags_its_single_points(tmp_path):
    out = tmp_path / "qingxu.json"
    done = run("risk", QINGXU, QINGXU_PLAN, "--from", QINGXU_FROM, "--jobs", 2, "--workers", 1,
               "--time-limit", 2, "-o", out)
    assert done.exit_code == 0, done.output
    instance, plan = load_instance(QINGXU), load_plan(QINGXU_PLAN)
    rows = {r["teacher"]: r for r in json.loads(out.read_text(encoding="utf-8"))["rows"]}
    assert set(rows) == {t for s in plan.sessions if s.date >= QINGXU_FROM for t in s.teachers}
    for teacher_id, sessions in nobody_else(instance, plan, QINGXU_FROM).items():
        flagged = {u["session"]: u for u in rows[teacher_id]["unplaceable"]}
        assert sessions <= set(flagged), teacher_id
        assert all(flagged[s]["kind"] in ("topic", "place") for s in sessions), teacher_id
    for row in rows.values():
        assert set(row["lost"]) >= {u["session"] for u in row["unplaceable"]}
        assert row["change_cost"] is not None and row["change_bound"] <= row["change_cost"]
    assert "贺局长（县应急管理局）(qx-ld-yingji)" in done.output


# --- 5. Bad input and Ctrl-C --------------------------------------------------------------------

@pytest.mark.parametrize(("args", "words"), [
    (("--from", "2024-04-01"), "在学期结束（2024-03-08）之后"),
    (("-o", "risk.txt"), "后缀应为 .csv 或 .json"),
])
def test_bad_input_exits_2_and_writes_nothing(spof_plan, tmp_path, monkeypatch, args, words):
    monkeypatch.chdir(tmp_path)
    done = run("risk", SPOF, spof_plan, *args, *FAST)
    assert done.exit_code == 2 and words in done.stderr, done.output
    assert list(tmp_path.iterdir()) == []


def test_a_plan_of_another_instance_is_bad_input(tmp_path):
    done = run("risk", SPOF, QINGXU_PLAN, "--from", MONDAY, *FAST)
    assert done.exit_code == 2 and "qingxu" in done.stderr


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_stops_every_replan_and_exits_130_writing_nothing(spof_plan, tmp_path, jobs):
    out = tmp_path / "risk.json"
    env = dict(os.environ, PYTHONPATH=str(ROOT), SCHEDULER_TEST_INTERRUPT_AT="replan")
    done = subprocess.run([sys.executable, "-m", "scheduler", "risk", str(SPOF), str(spof_plan), "--from",
                           str(MONDAY), "--jobs", str(jobs), *FAST, "-o", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 130, done.stderr
    assert "已中断" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()
