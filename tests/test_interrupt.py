"""Ctrl-C and the time limit keep their word, in every phase of a solve, a what-if and an explain.

Real processes on a generated county. Ctrl-C is pressed at a chosen phase through the test hook
SCHEDULER_TEST_INTERRUPT_AT (solve/control.py): the process sends itself SIGINT on entering it,
so the real handler runs. Every wait has a timeout (a hang fails, it never blocks the suite).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scheduler.generate import dump_instance, generate_with_plan

ROOT = Path(__file__).parent.parent
NO_PLAN = "已中断，尚未找到方案"
KEPT = "已中断：保留中断前找到的最好方案"


def _county(factory, size: str) -> tuple[Path, Path]:
    """A synthetic county of `size` and the generator's witness plan (a what-if baseline)."""
    folder = factory.mktemp(f"county_{size}")
    instance, plan = generate_with_plan(size, 1)
    path = folder / f"{size}.yaml"
    path.write_text(dump_instance(instance), encoding="utf-8")
    baseline = folder / f"{size}-plan.json"
    baseline.write_text(plan.model_dump_json(indent=2), encoding="utf-8")
    return path, baseline


@pytest.fixture(scope="module")
def county(tmp_path_factory) -> tuple[Path, Path]:
    """Synthetic county S and its witness plan."""
    return _county(tmp_path_factory, "S")


@pytest.fixture(scope="module")
def county_m(tmp_path_factory) -> tuple[Path, Path]:
    """Synthetic county M (3,000 sessions: its model takes seconds to build) and its witness plan."""
    return _county(tmp_path_factory, "M")


def scheduler(*args, at: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("SCHEDULER_TEST_INTERRUPT_AT", None)
    if at is not None:
        env["SCHEDULER_TEST_INTERRUPT_AT"] = at
    process = subprocess.Popen([sys.executable, "-m", "scheduler", *map(str, args)], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def assert_clean(done: subprocess.CompletedProcess, folder: Path) -> None:
    assert "Traceback" not in done.stderr + done.stdout
    assert not list(folder.glob("*.tmp")), "a temporary file was left behind"


def assert_valid(instance: Path, plan: Path) -> None:
    """`validate` accepts it: every hard rule, and the objective equals the checker's total."""
    checked = scheduler("validate", instance, plan)
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("phase", ["load", "build", "greedy", "first_plan"])
def test_ctrl_c_before_the_first_plan_writes_nothing_and_says_so(county, tmp_path, phase, workers):
    instance, _ = county
    out = tmp_path / "plan.json"
    done = scheduler("solve", instance, "-o", out, "--workers", workers, "--time-limit", 60, at=phase)
    assert done.returncode == 130, done.stderr
    assert NO_PLAN in done.stderr
    assert not out.exists()
    assert_clean(done, tmp_path)


@pytest.mark.parametrize(("phase", "workers"), [
    ("parts_bound", 1),  # with two workers the bound runs in its own process
    ("sweep", 1), ("sweep", 2),
    ("rechoose", 1), ("rechoose", 2),
    ("lns", 1), ("lns", 2),
    ("final", 1), ("final", 2),  # the evaluation of the plan itself is not cut
    ("check", 1), ("write", 2),
])
def test_ctrl_c_after_the_first_plan_keeps_it_evaluated_and_checked(county, tmp_path, phase, workers):
    instance, _ = county
    out = tmp_path / "plan.json"
    limit = 5 if phase in ("final", "check", "write") else 60  # reached at the end: a short run
    done = scheduler("solve", instance, "-o", out, "--workers", workers, "--time-limit", limit,
                     "--seed", 1, at=phase)
    assert done.returncode == 0, done.stderr
    assert KEPT in done.stderr
    plan = json.loads(out.read_text(encoding="utf-8"))
    assert plan["status"] in ("FEASIBLE", "OPTIMAL")
    assert plan["objective"] == sum(p["penalty"] for p in plan["penalties"])
    assert_valid(instance, out)
    assert_clean(done, tmp_path)


def test_a_second_ctrl_c_ends_at_once_without_a_file_or_a_traceback(county, tmp_path):
    instance, _ = county
    out = tmp_path / "plan.json"
    done = scheduler("solve", instance, "-o", out, "--workers", 1, "--time-limit", 60, at="sweep,check")
    assert done.returncode == 130, done.stderr
    assert "再次中断" in done.stderr
    assert not out.exists()
    assert_clean(done, tmp_path)


def test_the_time_limit_is_wall_seconds_and_progress_keeps_printing(county_m, tmp_path):
    """County M's model alone takes about as long to build as this limit: the run still ends
    near it (a hang check: the bound is generous), saying it is working meanwhile."""
    instance, _ = county_m
    out = tmp_path / "plan.json"
    done = scheduler("solve", instance, "-o", out, "--workers", 1, "--time-limit", 8, timeout=8 + 30)
    assert done.returncode in (0, 1), done.stderr
    assert "秒] 求解中" in done.stderr or "秒] 第 1 个方案" in done.stderr
    if done.returncode == 1:
        assert "在时间上限内没有找到方案" in done.stderr and not out.exists()
    assert_clean(done, tmp_path)


def _whatif(county, tmp_path, at):
    instance, baseline = county
    teacher = json.loads(baseline.read_text(encoding="utf-8"))["sessions"][-1]["teachers"][0]
    out = tmp_path / "replan.json"
    done = scheduler("whatif", instance, "--baseline", baseline, "--drop-teacher", teacher,
                     "--from", "2024-01-01", "-o", out, "--workers", 1, "--time-limit", 30, at=at)
    return instance, out, done


def test_ctrl_c_before_a_replan_has_a_plan_keeps_the_baseline(county, tmp_path):
    _, out, done = _whatif(county, tmp_path, "replan")
    assert done.returncode == 130, done.stderr
    assert "已中断，尚未找到重排方案" in done.stderr
    assert not out.exists()
    assert_clean(done, tmp_path)


def test_ctrl_c_while_a_replan_improves_keeps_its_plan(county, tmp_path):
    instance, out, done = _whatif(county, tmp_path, "quality")
    assert done.returncode in (0, 1), done.stderr  # 1: sessions left unplaced (listed)
    assert KEPT in done.stderr
    assert out.exists()
    assert_clean(done, tmp_path)


def test_ctrl_c_during_explain_says_so(county, tmp_path):
    instance, _ = county
    done = scheduler("explain", instance, "--time-limit", 30, at="explain")
    assert done.returncode == 130, done.stderr
    assert "已中断，尚未找到无解的原因" in done.stderr
    assert_clean(done, tmp_path)


def test_whatif_and_explain_keep_their_time_limit(county_m, tmp_path):
    instance, baseline = county_m
    teacher = json.loads(baseline.read_text(encoding="utf-8"))["sessions"][-1]["teachers"][0]
    done = scheduler("whatif", instance, "--baseline", baseline, "--drop-teacher", teacher,
                     "--from", "2024-10-01", "-o", tmp_path / "replan.json", "--workers", 1,
                     "--time-limit", 5, timeout=5 + 30)
    assert done.returncode in (0, 1), done.stderr
    assert_clean(done, tmp_path)
    done = scheduler("explain", instance, "--time-limit", 3, timeout=3 + 30)
    assert done.returncode in (0, 1), done.stderr  # the deadline is no Ctrl-C
    assert "已中断" not in done.stderr
    assert_clean(done, tmp_path)
