"""End-to-end tests of the command line on small instances (exit codes, files, messages)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from scheduler.cli import main

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny.yaml"


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def tiny_plan(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("plans") / "tiny.json"
    result = run("solve", TINY, "-o", out, "--workers", "1", "--time-limit", "10")
    assert result.exit_code == 0, result.output
    return out


def test_solve_writes_a_plan_that_validates(tiny_plan):
    plan = json.loads(tiny_plan.read_text(encoding="utf-8"))
    assert plan["instance"] == "tiny"
    assert plan["status"] in ("OPTIMAL", "FEASIBLE")
    assert {s["id"] for s in plan["sessions"]} >= {"ganbu/open/1", "ganbu/theory/2", "nq_night/tech/2"}
    online = next(s for s in plan["sessions"] if s["id"] == "ganbu/skill/1")
    assert online["venue"] is None
    result = run("validate", TINY, tiny_plan)
    assert result.exit_code == 0, result.output
    assert "校验通过" in result.output


def test_solve_prints_a_summary_table(tmp_path):
    result = run("solve", TINY, "-o", tmp_path / "p.json", "--workers", "1")
    assert result.exit_code == 0
    assert "课次" in result.stdout and "11" in result.stdout
    assert "独立校验" in result.stdout


def _double_book(plan: dict, first: str, second: str, field: str) -> dict:
    a = next(s for s in plan["sessions"] if s["id"] == first)
    b = next(s for s in plan["sessions"] if s["id"] == second)
    b["date"], b["start"], b["end"], b["blocks"] = a["date"], a["start"], a["end"], a["blocks"]
    if field == "teachers":
        b["teachers"] = list(a["teachers"])
    elif field == "venue":
        b["venue"] = a["venue"]
    return plan


@pytest.mark.parametrize("field, expected", [
    ("teachers", "王老师"),  # theory/1 and theory/2 both taught by 王老师 at the same time
    ("venue", "第一教室"),
    ("classes", "科级干部轮训班"),
])
def test_validate_names_a_double_booking(tiny_plan, tmp_path, field, expected):
    plan = json.loads(tiny_plan.read_text(encoding="utf-8"))
    for s in plan["sessions"]:  # make the two sessions share teacher and room first
        if s["id"] in ("ganbu/theory/1", "ganbu/theory/2"):
            s["teachers"], s["venue"] = ["wang"], "room1"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(_double_book(plan, "ganbu/theory/1", "ganbu/theory/2", field),
                                 ensure_ascii=False), encoding="utf-8")
    result = run("validate", TINY, broken)
    assert result.exit_code == 1
    assert expected in result.stdout
    assert "ganbu/theory/1" in result.stdout and "ganbu/theory/2" in result.stdout


def _variant(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load(TINY.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "variant.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _unknown_teacher(data):
    data["classes"][0]["curriculum"][0]["teachers"] = ["t99"]


def _negative_capacity(data):
    data["venues"][1]["capacity"] = -5


@pytest.mark.parametrize("case, expected", [
    ("broken_yaml", "YAML 格式错误"),
    ("missing", "文件不存在"),
    ("unknown_teacher", "未知的教师 't99'"),
    ("negative_capacity", "capacity"),
])
def test_bad_input_exits_2_with_a_located_message_and_writes_nothing(tmp_path, case, expected):
    if case == "broken_yaml":
        path = tmp_path / "broken.yaml"
        path.write_text("name: x\nterm: [\n", encoding="utf-8")
    elif case == "missing":
        path = tmp_path / "missing.yaml"
    elif case == "unknown_teacher":
        path = _variant(tmp_path, _unknown_teacher)
    else:
        path = _variant(tmp_path, _negative_capacity)
    out = tmp_path / "out.json"
    result = run("solve", path, "-o", out)
    assert result.exit_code == 2, result.output
    assert expected in result.stderr
    assert str(path.name) in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.suffix != ".yaml"] == []


def test_unknown_teacher_message_names_class_and_item(tmp_path):
    result = run("check", _variant(tmp_path, _unknown_teacher))
    assert result.exit_code == 2
    assert "班次 ganbu" in result.stderr and "课程项 open" in result.stderr
    assert "第" in result.stderr and "行" in result.stderr


def test_check_passes_a_good_instance_and_reports_an_impossible_one(tmp_path):
    assert run("check", TINY).exit_code == 0

    def nobody_teaches(data):
        data["topics"].append({"id": "law", "name": "法治教育"})
        data["classes"][1]["curriculum"].append({"id": "law", "topic": "law", "title": "防范非法集资"})

    result = run("check", _variant(tmp_path, nobody_teaches))
    assert result.exit_code == 1
    assert "没有任何教师能讲授专题 法治教育" in result.stdout
    assert "课程项 law" in result.stdout


def test_check_reports_a_class_too_big_for_every_room(tmp_path):
    def too_big(data):
        data["classes"][1]["trainees"] = 500

    result = run("check", _variant(tmp_path, too_big))
    assert result.exit_code == 1
    assert "500 人，超过所有可用场地的容量" in result.stdout


def test_solve_refuses_an_instance_that_lint_proves_impossible(tmp_path):
    def too_short(data):
        data["classes"][0]["end"] = data["classes"][0]["start"]

    out = tmp_path / "out.json"
    result = run("solve", _variant(tmp_path, too_short), "-o", out)
    assert result.exit_code == 1
    assert "可用时段" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("by, only, expected", [
    ("class", None, "科级干部轮训班"),
    ("teacher", "zhao", "赵师傅"),
    ("venue", "hall", "报告厅"),
    ("day", "2024-03-06", "2024-03-06"),
])
def test_show_prints_timetables(tiny_plan, by, only, expected):
    args = ["show", TINY, tiny_plan, "--by", by] + (["--only", only] if only else [])
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert expected in result.stdout


def test_show_unknown_id_is_bad_input(tiny_plan):
    result = run("show", TINY, tiny_plan, "--by", "teacher", "--only", "nobody")
    assert result.exit_code == 2


def test_schema_is_json_schema_of_the_instance():
    result = run("schema")
    schema = json.loads(result.stdout)
    assert result.exit_code == 0
    assert {"term", "sites", "teachers", "classes"} <= set(schema["properties"])


def test_year_outside_the_holiday_library_is_bad_input(tmp_path):
    def future(data):
        data["term"]["start"], data["term"]["end"] = "2031-03-03", "2031-03-14"
        for c in data["classes"]:
            c["start"] = c["start"].replace(year=2031) if hasattr(c["start"], "year") else c["start"]
            c["end"] = c["end"].replace(year=2031) if hasattr(c["end"], "year") else c["end"]

    result = run("check", _variant(tmp_path, future))
    assert result.exit_code == 2
    assert "2031" in result.stderr and "term.holidays" in result.stderr


def test_one_worker_and_a_seed_repeat_the_same_plan_on_a_bundled_instance(tmp_path):
    """The README's promise: a repeatable run budgets a share of the wall limit in
    deterministic time, which ends before the limit, so the same seed gives the same plan."""
    from scheduler import text

    instance = Path(__file__).parent.parent / "instances" / "jiaocheng-2022.yaml"
    plans = []
    for n in range(2):
        out = tmp_path / f"plan{n}.json"
        result = run("solve", instance, "-o", out, "--workers", "1", "--seed", "3",
                     "--time-limit", "12", "--quiet")
        assert result.exit_code == 0, result.output
        assert text.WALL_CUT not in result.stderr
        plan = json.loads(out.read_text(encoding="utf-8"))
        plan.pop("solve_seconds")  # the only field that depends on the machine
        plans.append(plan)
    assert plans[0] == plans[1]


def test_ctrl_c_keeps_the_best_plan_found(tmp_path):
    """A real Ctrl-C from outside once the first plan is reported (tests/test_interrupt.py
    presses it in every phase). Every wait has a timeout."""
    import signal
    import subprocess
    import sys
    import threading
    import time

    instance = Path(__file__).parent.parent / "instances" / "qingxu-2023-spring.yaml"
    out = tmp_path / "interrupted.json"
    process = subprocess.Popen([sys.executable, "-m", "scheduler", "solve", str(instance), "-o", str(out),
                                "--time-limit", "300"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, encoding="utf-8")
    seen: list[str] = []

    def drain(stream, lines: list[str]) -> None:
        for line in iter(stream.readline, ""):
            lines.append(line)

    readers = [threading.Thread(target=drain, args=(process.stderr, seen), daemon=True),
               threading.Thread(target=drain, args=(process.stdout, []), daemon=True)]
    for reader in readers:
        reader.start()
    deadline = time.monotonic() + 120
    try:
        while not any("第 1 个方案" in line for line in list(seen)):  # then press Ctrl-C
            assert time.monotonic() < deadline and process.poll() is None, "".join(seen)
            time.sleep(0.1)
        process.send_signal(signal.SIGINT)
        process.wait(timeout=120)
    finally:
        process.kill()
    for reader in readers:
        reader.join(timeout=10)
    stderr = "".join(seen)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert "已中断：保留中断前找到的最好方案" in stderr
    plan = json.loads(out.read_text(encoding="utf-8"))
    assert plan["status"] == "FEASIBLE"
    assert run("validate", instance, out).exit_code == 0


def test_show_aligns_chinese_columns(tiny_plan):
    from wcwidth import wcwidth

    def cells_start(line: str) -> set[int]:
        """Display columns (CJK characters count two) where a cell begins."""
        starts, column, previous = set(), 0, " "
        for char in line:
            if previous == " " and char != " ":
                starts.add(column)
            column += max(wcwidth(char), 1)
            previous = char
        return starts

    result = run("show", TINY, tiny_plan, "--by", "class", "--only", "ganbu")
    header, rule, *rows = [line for line in result.stdout.splitlines()[1:] if line.strip()]
    columns = cells_start(rule)
    assert len(columns) == 8 and rows
    for line in (header, *rows):
        assert cells_start(line) == columns, line


def test_a_plan_of_another_instance_is_bad_input(tiny_plan, tmp_path):
    plan = json.loads(tiny_plan.read_text(encoding="utf-8"))
    plan["instance"] = "jiaocheng-2022"
    other = tmp_path / "other.json"
    other.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    for command in ("validate", "show"):
        result = run(command, TINY, other)
        assert result.exit_code == 2
        assert "jiaocheng-2022" in result.stderr and "tiny" in result.stderr


def test_an_instance_dumped_as_json_loads_back(tmp_path):
    from scheduler.domain import load_instance

    instance = load_instance(TINY)
    copy = tmp_path / "tiny.yaml"  # JSON is YAML
    copy.write_text(instance.model_dump_json(), encoding="utf-8")
    assert load_instance(copy) == instance


def test_generate_writes_a_loadable_synthetic_county(tmp_path):
    from scheduler.domain import load_instance
    from scheduler.generate import dump_instance, generate

    out = tmp_path / "s.yaml"
    result = run("generate", "--size", "S", "--seed", "4", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == dump_instance(generate("S", 4))
    assert len(load_instance(out).teachers) == 40
    assert run("check", out).exit_code == 0
