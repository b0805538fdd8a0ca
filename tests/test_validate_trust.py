"""`scheduler validate` judges the plan, never what the plan file says of itself.

Every claim of a plan file is either recomputed and compared (objective, penalty breakdown,
status, bound, revisions, unplaced, the session fields, the recorded changes and their
baseline) or plays no part in the verdict. Tampered copies of the bundled qingxu plan, and of
a replan of it, each must fail (exit 1) or be refused as bad input (exit 2) with a located
Chinese message.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli import main

ROOT = Path(__file__).parent.parent
INSTANCE = ROOT / "instances" / "qingxu-2023-spring.yaml"
BASELINE = ROOT / "tests" / "data" / "baselines" / "qingxu-2023-spring.json"
DROP_FROM = "2023-03-01"  # early enough that 申书记's one 党建实务 session moves to another teacher


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def plan_data() -> dict:
    return json.loads(BASELINE.read_text(encoding="utf-8"))


def write(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def validate(path: Path, *args):
    return run("validate", INSTANCE, path, *args)


@pytest.fixture(scope="module")
def replanned(tmp_path_factory) -> Path:
    """A real replan: 申书记 (mayu-shuji) dropped from 2023-03-01; his obligation lapses."""
    folder = tmp_path_factory.mktemp("replanned")
    shutil.copyfile(BASELINE, folder / "base.json")
    result = run("whatif", INSTANCE, "--baseline", folder / "base.json", "--drop-teacher", "mayu-shuji",
                 "--from", DROP_FROM, "-o", folder / "new.json", "--workers", "1", "--seed", "0",
                 "--time-limit", "3")
    assert result.exit_code == 0, result.output
    return folder / "new.json"


def replan_copy(replanned: Path, tmp_path: Path, **origin) -> Path:
    """The replan beside a copy of its baseline, its origin edited."""
    shutil.copyfile(replanned.parent / "base.json", tmp_path / "base.json")
    data = json.loads(replanned.read_text(encoding="utf-8"))
    data["origin"].update({"baseline": "base.json", **origin})
    return write(tmp_path / "new.json", data)


OBLIGATION_BROKEN = "申书记（马峪乡党委书记）(mayu-shuji)"


# --- Finding 5: the objective -----------------------------------------------------------------

def test_the_bundled_plans_validate():
    for name in ("qingxu-2023-spring", "jiaocheng-2022"):
        for plan in (ROOT / "solutions" / f"{name}.json", ROOT / "tests" / "data" / "baselines" / f"{name}.json"):
            result = run("validate", ROOT / "instances" / f"{name}.yaml", plan)
            assert result.exit_code == 0, (plan, result.output)


def test_a_plan_saying_objective_0_and_no_penalties_is_held_to_its_real_total(tmp_path):
    data = plan_data()
    data["objective"], data["penalties"] = 0, []
    result = validate(write(tmp_path / "plan.json", data))
    assert result.exit_code == 1, result.output
    assert "软约束罚分重新计算为 61，与计划文件记录的目标值 0 不一致" in result.output
    assert "校验通过" not in result.output


def test_a_breakdown_that_adds_up_but_lies_per_rule_fails(tmp_path):
    data = plan_data()
    lines = [p for p in data["penalties"] if p["penalty"] > 0]
    first, second = lines[0], lines[1]
    moved = first["weight"]  # one violation of the first rule shifted onto the second as points
    first["violations"] -= 1
    first["penalty"] -= moved
    second["penalty"] += moved
    result = validate(write(tmp_path / "plan.json", data))
    assert result.exit_code == 1, result.output
    assert "计划文件记录的软约束分项与重新计算的不一致" in result.output


# --- The other claims of the file -------------------------------------------------------------

def _claims(data: dict, claim: str) -> None:
    first = data["sessions"][0]
    if claim == "status":
        data["status"] = "PROVEN"
    elif claim == "bound":
        data["bound"] = data["objective"] + 1
    elif claim == "optimal":
        data["status"] = "OPTIMAL"  # with bound 12 < objective 61
    elif claim == "partial":
        data["status"] = "PARTIAL"
    elif claim == "revision":
        first["revision"] = 5
    elif claim == "unplaced-but-placed":
        data["status"] = "PARTIAL"
        data["unplaced"] = [{"id": first["id"], "classes": first["classes"], "title": first["title"],
                             "reason": "停电"}]
    elif claim == "cancelled-revision":
        data["cancelled"] = [{"session": first, "revision": 3, "teachers": first["teachers"]}]


@pytest.mark.parametrize("claim", ["status", "bound", "optimal", "partial", "revision",
                                   "unplaced-but-placed", "cancelled-revision"])
def test_status_bound_revisions_and_unplaced_are_held_against_the_plan(tmp_path, claim):
    data = plan_data()
    _claims(data, claim)
    result = validate(write(tmp_path / "plan.json", data))
    assert result.exit_code == 1, result.output
    assert "计划文件的说法与计划本身不符" in result.output


@pytest.mark.parametrize("field, value", [
    ("topic", "乡村振兴"), ("title", "改过的标题"), ("mode", "online"), ("site", "mayu"),
    ("classes", ["qx-2023-fazhan-duixiang"]), ("blocks", ["晚上"]), ("start", "07:00"), ("end", "23:00"),
])
def test_every_session_field_is_checked_against_the_instance(tmp_path, field, value):
    data = plan_data()
    data["sessions"][0][field] = value
    result = validate(write(tmp_path / "plan.json", data))
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("["), result.output  # a hard-rule violation, not a claim


def test_sessions_listed_as_unplaced_are_still_missing(tmp_path):
    data = plan_data()
    gone = data["sessions"].pop(0)
    data["status"] = "PARTIAL"
    data["unplaced"] = [{"id": gone["id"], "classes": gone["classes"], "title": gone["title"],
                         "reason": "教师临时有事"}]
    result = validate(write(tmp_path / "plan.json", data))
    assert result.exit_code == 1, result.output
    assert gone["id"] in result.stdout


# --- Finding 6: recorded changes --------------------------------------------------------------

def test_a_replan_with_its_baseline_beside_it_validates(replanned):
    result = validate(replanned)
    assert result.exit_code == 0, result.output
    assert "按变动校验（计划记录的变动" in result.output and "申书记" in result.output


def test_a_forged_origin_does_not_excuse_a_broken_obligation(replanned, tmp_path):
    forged = replan_copy(replanned, tmp_path, baseline="x.json")
    result = validate(forged)
    assert result.exit_code == 1, result.output
    assert "计划记录的变动未被采用：基准计划 x.json 不存在" in result.output
    assert "--changes" in result.output
    [line] = [line for line in result.stdout.splitlines() if line.startswith("[")]
    assert OBLIGATION_BROKEN in line and "党建实务" in line


def test_the_forged_origin_of_the_issue_is_refused(tmp_path):
    # The baseline plan with 申书记 taken off his one 党建实务 session, and an origin that
    # would excuse it: no such baseline, so the obligation shows as broken.
    data = plan_data()
    session = next(s for s in data["sessions"] if s["id"] == "mayu-2023-shuji-lunxun/jiaoliu/1")
    data["revision"] = 2
    data["origin"] = {"baseline": "x.json", "baseline_revision": 1, "fixed_before": "2023-06-30",
                      "changes": [{"drop_teacher": "mayu-shuji"}]}
    plain = validate(write(tmp_path / "plan.json", data))
    assert plain.exit_code == 0, plain.output  # nothing to excuse yet
    assert "计划记录的变动未被采用：基准计划 x.json 不存在" in plain.output
    session["teachers"] = ["nobody-at-all"]
    result = validate(write(tmp_path / "plan.json", data))
    assert result.exit_code == 1, result.output


@pytest.mark.parametrize("origin, reason", [
    ({"baseline_revision": 3}, "的版本是 1，计划记录的是 3"),
    ({"fixed_before": "2023-06-30"}, "2023-06-30 之前的课次与基准计划"),
    ({"fixed_before": None}, "没有记录 fixed_before"),
])
def test_a_baseline_that_does_not_match_is_not_honoured(replanned, tmp_path, origin, reason):
    result = validate(replan_copy(replanned, tmp_path, **origin))
    assert result.exit_code == 1, result.output
    assert "计划记录的变动未被采用" in result.output and reason in result.output
    assert OBLIGATION_BROKEN in result.stdout


def test_a_baseline_of_another_revision_or_instance_is_not_honoured(replanned, tmp_path):
    path = replan_copy(replanned, tmp_path)
    base = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))
    write(tmp_path / "base.json", {**base, "revision": 2})
    result = validate(path)
    assert result.exit_code == 1 and "的版本是 2，计划记录的是 1" in result.output, result.output
    write(tmp_path / "base.json", {**base, "instance": "jiaocheng-2022"})
    result = validate(path)
    assert result.exit_code == 1 and "属于实例 'jiaocheng-2022'" in result.output, result.output
    (tmp_path / "base.json").write_text("{", encoding="utf-8")
    result = validate(path)
    assert result.exit_code == 1 and "无法读取" in result.output, result.output


def test_the_baseline_is_found_beside_the_plan_then_in_the_current_folder(replanned, tmp_path, monkeypatch):
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    path = replan_copy(replanned, moved, baseline="sub/base.json")
    (moved / "sub").mkdir()
    shutil.move(moved / "base.json", moved / "sub" / "base.json")
    assert validate(path).exit_code == 0
    monkeypatch.chdir(moved / "sub")
    path = replan_copy(replanned, moved, baseline="base.json")  # not beside it: in the cwd
    (moved / "base.json").unlink()
    shutil.copyfile(replanned.parent / "base.json", moved / "sub" / "base.json")
    assert validate(path).exit_code == 0


def test_a_tampered_history_is_caught_against_the_honoured_baseline(replanned, tmp_path):
    path = replan_copy(replanned, tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    changed = next(s for s in data["sessions"] if s["revision"] == 2)
    changed["revision"] = 1  # as if calendars need no update
    result = validate(write(path, data))
    assert result.exit_code == 1, result.output
    assert "课次版本与按基准计划" in result.output and changed["id"] in result.output
    data = json.loads(replan_copy(replanned, tmp_path).read_text(encoding="utf-8"))
    data["cancelled"] = []
    result = validate(write(path, data))
    assert result.exit_code == 1 and "已取消课次（cancelled）与按基准计划" in result.output, result.output


def test_the_recorded_change_cost_is_recounted_against_the_honoured_baseline(replanned, tmp_path):
    recorded = json.loads(replanned.read_text(encoding="utf-8"))["origin"]
    assert recorded["change_cost"] > 0
    result = validate(replan_copy(replanned, tmp_path, change_cost=0, change_lower_bound=0))
    assert result.exit_code == 1, result.output
    assert f"记录的变动代价 0 与按基准计划重新计算的 {recorded['change_cost']} 不一致" in result.output
    result = validate(replan_copy(replanned, tmp_path, change_weights={"teacher": -1}))
    assert result.exit_code == 1 and "记录的变动权重" in result.output, result.output


def test_changes_given_with_the_changes_option_are_honoured(replanned, tmp_path):
    forged = replan_copy(replanned, tmp_path, baseline="x.json")
    changes = tmp_path / "changes.yaml"
    changes.write_text(f"from: {DROP_FROM}\nchanges:\n  - drop_teacher: mayu-shuji\n", encoding="utf-8")
    result = validate(forged, "--changes", changes)
    assert result.exit_code == 0, result.output
    assert f"按变动校验（{changes}" in result.output
    # a file without a start date needs --from
    changes.write_text("changes:\n  - drop_teacher: mayu-shuji\n", encoding="utf-8")
    result = validate(forged, "--changes", changes)
    assert result.exit_code == 2 and "--from" in result.output, result.output
    assert validate(forged, "--changes", changes, "--from", DROP_FROM).exit_code == 0
    # --from alone means nothing
    result = validate(forged, "--from", DROP_FROM)
    assert result.exit_code == 2 and "--changes" in result.output, result.output


@pytest.mark.parametrize("change, expected", [
    ({"drop_teacher": "nobody"}, ["origin → changes 第1项", "drop_teacher", "nobody"]),
    ({"explode": 1}, ["origin → changes 第1项", "explode", "未知字段"]),
    ({"close_venue": "qx-baogaoting"}, ["origin → changes 第1项", "dates"]),
    ("drop everyone", ["origin → changes 第1项", "应为映射"]),
])
def test_a_malformed_origin_is_bad_input_with_a_located_message(replanned, tmp_path, change, expected):
    path = replan_copy(replanned, tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["origin"]["changes"] = [change]
    result = validate(write(path, data))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("输入有误：") and "Traceback" not in result.output
    assert str(path) in result.stderr
    for piece in expected:
        assert piece in result.stderr, (piece, result.stderr)
