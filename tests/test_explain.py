"""`scheduler explain`: impossible instances explain themselves with a minimal set of requirements.

Each file under tests/data/impossible/ is impossible for one cause. All but dates_too_short pass
`scheduler check` (lint), so the solver has to prove them; dates_too_short is caught by lint and
is explained through the API and `scheduler explain`, which do not stop at lint.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import item, klass, make
from click.testing import CliRunner

from scheduler.cli import main
from scheduler.domain import load_instance
from scheduler.expand import expand
from scheduler.explain import build_relaxed_model, describe, explain_expansion
from scheduler.lint import lint
from scheduler.solve import SolveOptions, solve_expansion

DATA = Path(__file__).parent / "data"
IMPOSSIBLE = DATA / "impossible"

# file -> (the minimal set of groups, words the explanation must contain)
CASES = {
    "qualification": (
        {("class_window", "xc"), ("qualified", "xiangcun"), ("teacher_available", "wang")},
        ["乡村振兴班（3月4日）", "共 2 次课", "能讲乡村振兴的 1 位教师（王老师）", "王老师的不可用时间",
         "只有 1 个时段有空"],
    ),
    "availability": (
        {("class_window", "xc"), ("qualified", "xiangcun"), ("teacher_available", "wang"),
         ("teacher_available", "li")},
        ["乡村振兴班（3月4日）", "2 位教师（王老师、李老师）", "王老师的不可用时间", "李老师的不可用时间"],
    ),
    "capacity": (
        {("class_window", "ganbu"), ("class_window", "dangyuan"), ("venue_capacity", "r1"),
         ("venue_no_overlap", "hall")},
        ["第一教室只能容纳 50 人", "村干部培训班（100 人）", "报告厅（可容纳 120 人）同一时段只能安排一次课"],
    ),
    "dates_too_short": (
        {("class_window", "dangyuan"), ("class_no_overlap", "dangyuan")},
        ["党员轮训班（3月5日）", "需 3 个时段", "有 2 个上课时段", "同一时段只能上一门课"],
    ),
    "ordering": (
        {("class_window", "dangyuan"), ("ordering", "dangyuan")},
        ["党员轮训班（3月4日–5日）", "“开班式”排在最前", "“结业式”排在最后"],
    ),
    "obligation": (
        {("class_window", "dangyuan"), ("teacher_daily_limit", "li"), ("teacher_obligation", "li", "0")},
        ["李书记每天最多上 1 次课", "李书记的授课任务：本学期至少上 3 次党建实务课", "党员轮训班（3月4日–5日）"],
    ),
}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("name", sorted(CASES))
def test_explanation_is_the_expected_minimal_set(name):
    expected, words = CASES[name]
    expansion = expand(load_instance(IMPOSSIBLE / f"{name}.yaml"))
    explanation = explain_expansion(expansion, time_limit=10)
    assert explanation.status == "INFEASIBLE"
    assert explanation.minimal
    assert set(explanation.groups) == expected
    text = "\n".join(describe(explanation, expansion))
    assert f"以下 {len(expected)} 条要求不能同时满足" in text
    for word in words:
        assert word in text, (word, text)


@pytest.mark.parametrize("name", sorted(CASES))
def test_solver_proves_it_and_lint_only_sees_the_plain_case(name):
    expansion = expand(load_instance(IMPOSSIBLE / f"{name}.yaml"))
    errors = [f for f in lint(expansion) if f.severity == "error"]
    assert bool(errors) == (name == "dates_too_short")
    result = solve_expansion(expansion, SolveOptions(time_limit=10, workers=1))
    assert result.status == "INFEASIBLE"


@pytest.mark.parametrize("name", sorted(CASES))
def test_minimal_set_is_really_minimal(name):
    """Every group of the set is needed: dropping any one of them leaves a feasible model."""
    from ortools.sat.python import cp_model

    expected, _ = CASES[name]
    rm = build_relaxed_model(expand(load_instance(IMPOSSIBLE / f"{name}.yaml")))
    for dropped in sorted(expected):
        rm.model.clear_assumptions()
        rm.model.add_assumptions([rm.literals[g] for g in expected if g != dropped])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = 5
        assert solver.solve(rm.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE), dropped


def test_relaxed_model_keeps_feasible_instances_feasible():
    expansion = expand(load_instance(DATA / "tiny.yaml"))
    explanation = explain_expansion(expansion, time_limit=10)
    assert explanation.status == "FEASIBLE"
    result = run("explain", DATA / "tiny.yaml", "--time-limit", "10")
    assert result.exit_code == 0, result.output
    assert "有可行方案" in result.output


def test_explain_command_exits_1_with_the_explanation():
    result = run("explain", IMPOSSIBLE / "dates_too_short.yaml", "--time-limit", "10")
    assert result.exit_code == 1, result.output
    assert "以下 2 条要求不能同时满足" in result.output
    assert "党员轮训班（3月5日）" in result.output


def test_explain_command_bad_input_exits_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nterm: 3\n", encoding="utf-8")
    assert run("explain", bad).exit_code == 2
    assert run("explain", tmp_path / "missing.yaml").exit_code == 2


def test_solve_explains_when_the_solver_proves_infeasible(tmp_path):
    result = run("solve", IMPOSSIBLE / "capacity.yaml", "-o", tmp_path / "p.json",
                 "--workers", "1", "--time-limit", "10", "--quiet")
    assert result.exit_code == 1, result.output
    assert "无解" in result.output
    assert "第一教室只能容纳 50 人" in result.output
    assert "报告厅（可容纳 120 人）同一时段只能安排一次课" in result.output
    assert not (tmp_path / "p.json").exists()


def test_solve_keeps_refusing_lint_errors_early(tmp_path):
    result = run("solve", IMPOSSIBLE / "dates_too_short.yaml", "-o", tmp_path / "p.json", "--quiet")
    assert result.exit_code == 1
    assert "scheduler check" in result.output
    assert "条要求不能同时满足" not in result.output


def test_required_teacher_and_blackout_groups():
    """A blackout on the class's only day plus a required teacher who is away the other half."""
    instance = make(
        klass("c1", "2024-03-05", "2024-03-05", item("a", sessions=1, teachers=["t1"]), item("b")),
        teachers__t1={"unavailable": [{"dates": ["2024-03-05"], "blocks": ["上午"]}]},
        blackouts=[{"name": "全县大会", "when": {"dates": ["2024-03-05"], "blocks": ["下午"]}}],
    )
    expansion = expand(instance)
    explanation = explain_expansion(expansion, time_limit=10)
    assert explanation.status == "INFEASIBLE"
    assert ("site_calendar", "county") in explanation.groups
    assert ("class_window", "c1") in explanation.groups
    text = "\n".join(describe(explanation, expansion))
    assert "全县大会" in text
