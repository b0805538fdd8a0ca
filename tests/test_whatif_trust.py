"""`scheduler whatif` keeps its word: the baseline is never touched, every kind of change gives
the promised partial plan when sessions cannot be placed, and the report says what is true.

The small instances: class c1 meets Monday to Friday (two blocks a day) and has six sessions
of one lecture, placed Monday to Thursday in the baseline. A change that leaves only Monday
(two slots) keeps two sessions and leaves four unplaced; each of them alone could still go
on Monday, so none is set aside by itself.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_whatif import MON, TEACHERS, THU, TUE, WED, as_files, baseline, instance_of, item, week

from scheduler.cli import main
from scheduler.domain import load_plan

FAST = ("--workers", "1", "--seed", "0", "--time-limit", "5", "--from", "2024-03-04")
ROWS = [("c1/a/1", MON, "上午"), ("c1/a/2", MON, "下午"), ("c1/a/3", TUE, "上午"), ("c1/a/4", TUE, "下午"),
        ("c1/a/5", WED, "上午"), ("c1/a/6", THU, "上午")]
LEFT_OUT = {"c1/a/3", "c1/a/4", "c1/a/5", "c1/a/6"}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def six_sessions(tmp_path: Path, teachers=None, venues=None, trainees: int = 30, a_teachers=None):
    extra = {"teachers": teachers or TEACHERS}
    if venues:
        extra["venues"] = venues
    a = item("a", sessions=6, **({"teachers": a_teachers} if a_teachers else {}))
    instance = instance_of({**week("c1", a), "trainees": trainees}, **extra)
    base = baseline(instance, *((sid, day, block, ["t1"], "r1") for sid, day, block in ROWS))
    return as_files(tmp_path, instance, base)


ONLY_T1 = [{**t, "topics": ["B"]} if t["id"] != "t1" else t for t in TEACHERS]  # t1 alone teaches A
BIG_R1 = [{"id": "r1", "name": "第一教室", "kind": "classroom", "site": "county", "capacity": 80},
          {"id": "r2", "name": "第二教室", "kind": "classroom", "site": "county", "capacity": 50}]

KINDS = {  # each change leaves c1 only Monday from Tuesday on
    "block_dates": ({}, ["--block-dates", "2024-03-05..2024-03-08"]),
    "close_venue": ({"venues": BIG_R1, "trainees": 60}, ["--close-venue", "r1@2024-03-05..2024-03-08"]),
    "add_unavailability": ({"teachers": ONLY_T1}, ["--add-unavailability", "t1@2024-03-05..2024-03-08"]),
    "drop_teacher": ({"teachers": ONLY_T1}, ["--drop-teacher", "t1@2024-03-05..2024-03-08"]),
}


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_change_gives_a_partial_plan(tmp_path, kind):
    setup, change = KINDS[kind]
    instance_path, base_path = six_sessions(tmp_path, **setup)
    base_bytes = base_path.read_bytes()
    out = tmp_path / "new.json"
    result = run("whatif", instance_path, "--baseline", base_path, *change, "-o", out, *FAST)
    assert result.exit_code == 1, result.output
    assert "没有找到满足变动的方案" not in result.output
    plan = load_plan(out)
    assert plan.status == "PARTIAL"
    assert {u.id for u in plan.unplaced} == LEFT_OUT
    assert all("合在一起无法安排" in u.reason for u in plan.unplaced)
    assert {s.id for s in plan.sessions} == {"c1/a/1", "c1/a/2"}
    assert "有 4 次课无法安排" in result.stderr
    assert base_path.read_bytes() == base_bytes


def test_changes_impossible_only_together_give_a_partial_plan(tmp_path):
    instance_path, base_path = six_sessions(tmp_path, teachers=ONLY_T1)
    blocked = ("--block-dates", "2024-03-05..2024-03-06")
    busy = ("--add-unavailability", "t1@2024-03-07..2024-03-08")
    for alone in (blocked, busy):  # each alone leaves three days: room for all six
        result = run("whatif", instance_path, "--baseline", base_path, *alone, "-o", tmp_path / "one.json", *FAST)
        assert result.exit_code == 0, result.output
    out = tmp_path / "both.json"
    result = run("whatif", instance_path, "--baseline", base_path, *blocked, *busy, "-o", out, *FAST)
    assert result.exit_code == 1, result.output
    plan = load_plan(out)
    assert plan.status == "PARTIAL" and {u.id for u in plan.unplaced} == LEFT_OUT


def test_the_report_of_a_partial_plan_says_what_is_true(tmp_path):
    instance_path, base_path = six_sessions(tmp_path)
    result = run("whatif", instance_path, "--baseline", base_path, *KINDS["block_dates"][1],
                 "-o", tmp_path / "new.json", *FAST)
    assert result.exit_code == 1, result.output
    out = result.stdout
    # a cost that meets its bound is proven
    cost = re.search(r"变动代价 (\d+)（(.+?)，下界 (\d+)）", out)
    assert cost is not None and cost[1] == cost[3] and cost[2] == "已证明最少", out
    # unplaced sessions are 未安排 with the reason, not a new time
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("c1/a/")}
    for sid in LEFT_OUT:
        assert "→ 未安排" in rows[sid] and "合在一起无法安排" in rows[sid]
    [people] = [line for line in out.splitlines() if "c1班(c1)" in line and line.startswith("班次")]
    assert "4 次课未安排" in people and "换了时间" not in people
    assert "涉及教师 1 位、班次 1 个" in out


def test_the_counts_name_classes_whose_sessions_changed_teacher(tmp_path):
    # c1 and c2 each have one session with t1; t1 is dropped: both get another teacher at
    # the same time and place.
    instance = instance_of(week("c1", item("a")), week("c2", item("x")))
    base = baseline(instance, ("c1/a/1", MON, "上午", ["t1"], "r1"), ("c2/x/1", TUE, "上午", ["t1"], "r2"))
    instance_path, base_path = as_files(tmp_path, instance, base)
    result = run("whatif", instance_path, "--baseline", base_path, "--drop-teacher", "t1", *FAST)
    assert result.exit_code == 0, result.output
    assert "共变动 2 次课，涉及教师" in result.stdout and "班次 2 个" in result.stdout


def test_the_explanation_keeps_within_the_time_limit(tmp_path):
    # nothing can be kept (t2 must teach both of c2's sessions, one of which has no time left)
    instance = instance_of(
        {**week("c2", item("x", sessions=2, teachers=["t2"])), "start": "2024-03-05", "end": "2024-03-05"},
        week("c1", item("a", teachers=["t1"])),
        teachers=[{**t, "obligations": [{"period": "term", "min_sessions": 2}]} if t["id"] == "t2" else t
                  for t in TEACHERS])
    base = baseline(instance, ("c2/x/1", TUE, "上午", ["t2"], "r2"), ("c2/x/2", TUE, "下午", ["t2"], "r2"),
                    ("c1/a/1", MON, "上午", ["t1"], "r1"))
    instance_path, base_path = as_files(tmp_path, instance, base)
    result = run("whatif", instance_path, "--baseline", base_path, "--add-unavailability", "t2@2024-03-05",
                 "--blocks", "上午", "--from", "2024-03-04", "--workers", "1", "--time-limit", "3")
    assert result.exit_code == 1, result.output
    assert "状态 INFEASIBLE" in result.stderr
    limits = [float(x) for x in re.findall(r"时间上限 ([\d.]+) 秒", result.output)]
    assert limits and all(limit <= 3 for limit in limits), result.output


# --- Finding 13: the baseline is never the output ---------------------------------------------

@pytest.mark.parametrize("how", ["same", "relative", "symlink"])
def test_the_output_may_not_be_the_baseline(tmp_path, monkeypatch, how):
    instance_path, base_path = six_sessions(tmp_path)
    base_bytes = base_path.read_bytes()
    monkeypatch.chdir(tmp_path)
    if how == "same":
        output = base_path
    elif how == "relative":
        (tmp_path / "sub").mkdir()
        output = Path("sub") / ".." / "base.json"
    else:
        output = tmp_path / "link.json"
        os.symlink(base_path, output)
    result = run("whatif", instance_path, "--baseline", base_path, *KINDS["block_dates"][1], "-o", output, *FAST)
    assert result.exit_code == 2, result.output
    assert "基准计划不能被覆盖" in result.stderr
    assert "重排：" not in result.output  # refused before solving
    assert base_path.read_bytes() == base_bytes
    if how == "symlink":
        assert output.is_symlink()


def test_the_new_plan_names_its_baseline_so_validate_finds_it(tmp_path, monkeypatch):
    instance_path, base_path = six_sessions(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").mkdir()
    os.replace(base_path, tmp_path / "plans" / "base.json")
    result = run("whatif", instance_path, "--baseline", "plans/base.json", "--close-venue", "r1@2024-03-05",
                 *FAST)
    assert result.exit_code == 0, result.output
    new = tmp_path / "plans" / "base-r2.json"
    assert json.loads(new.read_text(encoding="utf-8"))["origin"]["baseline"] == "base.json"
    monkeypatch.chdir(tmp_path / "plans")
    checked = run("validate", instance_path, "base-r2.json")
    assert checked.exit_code == 0, checked.output
    assert "计划记录的变动，基准" in checked.output


def test_block_dates_on_a_county_give_a_partial_plan_when_an_obligation_goes_with_the_sessions(tmp_path):
    # Every township school stops from 2023-05-08: 25 sessions have no day left, among them
    # the only 党建实务 session 梁书记 could give this half year. His obligation lapses with
    # them (said so), and the rest of the county is kept: a partial plan, not INFEASIBLE.
    root = Path(__file__).parent.parent
    base = tmp_path / "base.json"
    base.write_bytes((root / "tests" / "data" / "baselines" / "qingxu-2023-spring.json").read_bytes())
    out = tmp_path / "new.json"
    result = run("whatif", root / "instances" / "qingxu-2023-spring.yaml", "--baseline", base,
                 "--block-dates", "2023-05-08..2023-06-30", "--tier", "township", "-o", out,
                 "--workers", "1", "--seed", "0", "--time-limit", "5")
    assert result.exit_code == 1, result.output
    plan = load_plan(out)
    assert plan.status == "PARTIAL" and len(plan.unplaced) == 25
    assert all("没有可用的上课时段" in u.reason for u in plan.unplaced)
    assert "梁书记（清源镇党委书记）(qingyuan-shuji) 的授课任务" in result.stderr
    assert "无法完成" in result.stderr


def test_a_stage_whose_model_build_the_deadline_cuts_keeps_the_plan_found_before(monkeypatch):
    """The wall deadline (or Ctrl-C) raises KeyboardInterrupt in a model's build; once a stage
    found a plan, a later stage cut that way is given up and the plan found is kept (a county's
    whole model takes seconds to build, which used to run past `scheduler risk`'s limit)."""
    from test_whatif import BUNDLED, OPTIONS, bundled

    import scheduler.whatif.replan as replan
    from scheduler.check import validate_plan
    from scheduler.whatif.changes import Change, ChangeWeights

    instance, base = bundled("qingxu")
    start = BUNDLED["qingxu"][1]
    drop = [Change(drop_teacher="mayu-ys-1")]  # its first stage's plan is not proven minimal
    whole = replan.whatif(instance, base, "b", drop, start, ChangeWeights(), OPTIONS)
    assert len(whole.stages) == 3
    calls = []
    real = replan.minimize_changes

    def cut_after_the_first(*args, **kwargs):
        calls.append(1)
        if len(calls) > 1:
            raise KeyboardInterrupt  # as the heartbeat raises it at the deadline
        return real(*args, **kwargs)

    monkeypatch.setattr(replan, "minimize_changes", cut_after_the_first)
    cut = replan.whatif(instance, base, "b", drop, start, ChangeWeights(), OPTIONS)
    assert len(calls) == 2 and [s.name for s in cut.stages] == [whole.stages[0].name]
    assert cut.plan is not None and cut.change_cost == whole.stages[0].change_cost
    assert cut.status in ("OPTIMAL", "FEASIBLE")
    assert validate_plan(cut.instance, cut.plan) == []
