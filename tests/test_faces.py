"""Rules whose faces (check, model, checker, explain) must agree: issue 17, findings 1-4."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from scheduler.check import validate_plan
from scheduler.check.periods import obligation_periods, periods_not_in_force
from scheduler.cli import main
from scheduler.domain import Instance, Period, load_instance
from scheduler.expand import expand
from scheduler.solve import SolveOptions, solve_expansion, to_plan

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny.yaml"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def tiny() -> dict:
    return yaml.safe_load(TINY.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def teacher(data: dict, teacher_id: str) -> dict:
    return next(t for t in data["teachers"] if t["id"] == teacher_id)


def curriculum_item(data: dict, class_id: str, item_id: str) -> dict:
    term_class = next(c for c in data["classes"] if c["id"] == class_id)
    return next(i for i in term_class["curriculum"] if i["id"] == item_id)


# --- 1. a named teacher outside their tiers / townships ---------------------------------

def _named_out_of_scope(tmp_path: Path, limit: str) -> Path:
    """dy_class/party (东于镇党校, township dy) names 王老师, limited to another township or tier."""
    data = tiny()
    if limit == "townships":
        teacher(data, "wang")["townships"] = ["qy"]
    else:
        teacher(data, "wang")["tiers"] = ["county"]
    curriculum_item(data, "dy_class", "party")["teachers"] = ["wang"]
    return write(tmp_path, data)


@pytest.mark.parametrize("limit, words", [("townships", "清源镇"), ("tiers", "县委党校")])
def test_check_reports_a_named_teacher_outside_their_scope(tmp_path, limit, words):
    path = _named_out_of_scope(tmp_path, limit)
    result = run("check", path)
    assert result.exit_code == 1, result.output
    line = next(x for x in result.output.splitlines() if "指定教师 王老师 只到" in x)
    assert "错误" in line and "teachers 第1项" in line and words in line and "东于镇党校" in line


def test_solve_refuses_a_named_teacher_outside_their_scope_as_check_does(tmp_path):
    path = _named_out_of_scope(tmp_path, "townships")
    result = run("solve", path, "-o", tmp_path / "p.json", "--workers", "1", "--time-limit", "5",
                 "--quiet")
    assert result.exit_code == 1, result.output
    assert "指定教师 王老师 只到 清源镇 授课" in result.output
    assert not (tmp_path / "p.json").exists()


def test_model_has_no_plan_for_a_named_teacher_outside_their_scope(tmp_path):
    expansion = expand(load_instance(_named_out_of_scope(tmp_path, "tiers")))
    party = expansion.by_id["dy_class/party/1"]
    assert "wang" not in {c.id for c in party.teachers}
    result = solve_expansion(expansion, SolveOptions(time_limit=5, workers=1))
    assert result.status == "INFEASIBLE"


def test_explain_names_the_named_teacher_and_their_scope(tmp_path):
    result = run("explain", _named_out_of_scope(tmp_path, "townships"), "--time-limit", "10")
    assert result.exit_code == 1, result.output
    assert ("王老师只在这些地方授课：清源镇，却被指定讲授东于镇党员培训班的“书记讲党课”在东于镇党校"
            in result.output)


def test_checker_rejects_a_plan_with_the_named_teacher_outside_their_scope(tmp_path):
    instance = load_instance(_named_out_of_scope(tmp_path, "townships"))
    fine = load_instance(TINY)
    solved = solve_expansion(expand(fine), SolveOptions(time_limit=5, workers=1))
    plan = to_plan(expand(fine), solved)
    entry = next(s for s in plan.sessions if s.id == "dy_class/party/1")
    entry.teachers = ["wang"]
    rules = {v.rule for v in validate_plan(instance, plan)}
    assert "teacher_qualified" in rules


# --- 2. "4+N" counts the joint sessions a class attends ---------------------------------

def test_four_plus_n_counts_joint_sessions_the_class_attends(tmp_path):
    data = tiny()
    ganbu = next(c for c in data["classes"] if c["id"] == "ganbu")
    dy_class = next(c for c in data["classes"] if c["id"] == "dy_class")
    # dy_class's only 党建实务 becomes ganbu's joint opening session; it keeps the other three
    # main topics of its own.
    dy_class["curriculum"] = [
        {"id": "theory", "topic": "zhengzhi", "title": "理论", "mode": "online"},
        {"id": "rural", "topic": "xiangcun", "title": "乡村振兴", "mode": "online"},
        {"id": "skill", "topic": "jineng", "title": "技能", "mode": "online"},
    ]
    dy_class["four_plus_n"] = True
    dy_class["start"], dy_class["end"] = "2024-03-05", "2024-03-08"
    opening = next(i for i in ganbu["curriculum"] if i["id"] == "open")
    opening["joint_with"] = ["dy_class"]
    opening["mode"] = "online"
    path = write(tmp_path, data)
    result = run("check", path)
    assert result.exit_code == 0, result.output
    assert "缺少主题课" not in result.output
    # without the joint session, the class still lacks 党建实务
    opening["joint_with"] = []
    result = run("check", write(tmp_path, data, "without.yaml"))
    assert result.exit_code == 1  # a policy rule's finding (policies may make it soft or off)
    assert "“4+N”课程缺少主题课：党建实务" in result.output


# --- 3. obligations not in force this term are named ------------------------------------

def _one_month_term(tmp_path: Path) -> Path:
    data = tiny()
    teacher(data, "li")["obligations"] = [
        {"period": "half_year", "min_sessions": 1, "topic": "dangjian"},
        {"period": "term", "min_sessions": 1, "topic": "dangjian"},
    ]
    return write(tmp_path, data)


def test_check_warns_of_an_obligation_not_in_force(tmp_path):
    result = run("check", _one_month_term(tmp_path))
    assert result.exit_code == 0, result.output
    lines = [x for x in result.output.splitlines() if "不考核" in x]
    assert len(lines) == 1  # the per-term obligation is in force
    assert "提醒" in lines[0] and "授课任务第1项" in lines[0]
    assert ("教师 李书记 的授课任务（每半年至少 1 次 党建实务）本学期不考核：学期只覆盖2024年上半年的 "
            "12/182 天，不足一半") in lines[0]


def test_solve_summary_names_an_obligation_not_in_force(tmp_path):
    result = run("solve", _one_month_term(tmp_path), "-o", tmp_path / "p.json", "--workers", "1",
                 "--time-limit", "5", "--quiet")
    assert result.exit_code == 0, result.output
    assert "李书记 的授课任务（每半年至少 1 次 党建实务）本学期不考核" in result.output


def test_a_partly_covered_period_is_named_with_the_others_kept():
    start, end = dt.date(2024, 3, 4), dt.date(2024, 5, 10)
    kept = [p.label for p in obligation_periods(Period.MONTH, start, end)]
    dropped = [(p.label, p.inside, p.days) for p in periods_not_in_force(Period.MONTH, start, end)]
    assert kept == ["2024年3月", "2024年4月"]
    assert dropped == [("2024年5月", 10, 31)]


def test_model_and_checker_share_one_meaning_of_periods():
    from scheduler.domain import Term
    from scheduler.solve.rules.teacher_obligation import period_windows

    day = dt.date(2023, 11, 20)
    for length in (1, 30, 45, 100, 200, 400):
        term = Term(name="t", start=day, end=day + dt.timedelta(days=length))
        for period in Period:
            assert period_windows(term, period) == [
                (p.start, p.end) for p in obligation_periods(period, term.start, term.end)]


# --- 4. class dates reaching past the term ----------------------------------------------

def test_check_warns_of_class_days_outside_the_term(tmp_path):
    data = tiny()
    night = next(c for c in data["classes"] if c["id"] == "nq_night")
    night["start"], night["end"] = "2024-03-01", "2024-03-20"
    result = run("check", write(tmp_path, data))
    assert result.exit_code == 0, result.output
    lines = [x for x in result.output.splitlines() if "超出学期" in x]
    assert len(lines) == 2 and all("提醒" in x for x in lines)
    assert "2024-03-01..2024-03-03（3 天）" in lines[0] and "start" in lines[0]
    assert "2024-03-16..2024-03-20（5 天）" in lines[1] and "end" in lines[1]


def test_check_and_solve_refuse_a_class_wholly_outside_the_term(tmp_path):
    data = tiny()
    night = next(c for c in data["classes"] if c["id"] == "nq_night")
    night["start"], night["end"] = "2024-04-01", "2024-04-05"
    path = write(tmp_path, data)
    result = run("check", path)
    assert result.exit_code == 1, result.output
    assert "完全在学期 2024-03-04..2024-03-15 之外" in result.output
    result = run("solve", path, "-o", tmp_path / "p.json", "--workers", "1", "--quiet")
    assert result.exit_code == 1
    assert "完全在学期" in result.output


def test_instance_model_is_unchanged_by_lint_only_findings(tmp_path):
    """Findings 1, 3 and 4 are `check` findings, not load errors: the instance still loads."""
    assert isinstance(load_instance(_named_out_of_scope(tmp_path, "tiers")), Instance)
