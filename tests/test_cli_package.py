"""The command-line package: one-way imports, small files, and options that mean the same
thing on every command (-o/--output, --quiet)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler import text
from scheduler.cli import main

CLI = Path(__file__).parent.parent / "scheduler" / "cli"
DATA = Path(__file__).parent / "data"
CHECK = (DATA / "check" / "instance.yaml", DATA / "check" / "plan.json")
LEAVES = {"errors": set(), "plans": {"errors"}}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def imports(path: Path) -> list[ast.ImportFrom | ast.Import]:
    return [n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(n, ast.Import | ast.ImportFrom)]


def cli_modules_imported(path: Path) -> set[str]:
    found = set()
    for node in imports(path):
        if isinstance(node, ast.ImportFrom) and node.module == "scheduler.cli":
            found |= {alias.name for alias in node.names}
        names = [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
        found |= {n.split(".")[2] for n in names if n and n.startswith("scheduler.cli.")}
    return found


def test_errors_and_plans_are_leaves_and_commands_do_not_import_the_group():
    assert {p.stem for p in CLI.glob("*.py")} >= {"__init__", "errors", "plans", "solve", "inspect", "whatif",
                                                  "calendars", "generate"}
    for path in CLI.glob("*.py"):
        used = cli_modules_imported(path)
        if path.stem in LEAVES:
            assert used <= LEAVES[path.stem], (path.name, used)
        elif path.stem != "__init__":
            assert "__init__" not in used and "main" not in used, path.name


def test_no_private_name_crosses_a_module():
    for path in CLI.glob("*.py"):
        for node in imports(path):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("scheduler"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, (path.name, node.module, private)


def test_files_and_functions_are_small():
    for path in CLI.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert len(source.splitlines()) <= 400, path.name
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef):
                assert node.end_lineno - node.lineno < 60, (path.name, node.name)


def test_export_ics_writes_to_output_and_still_accepts_out(tmp_path):
    for option, folder in (("-o", "a"), ("--output", "b"), ("--out", "c")):
        result = run("export-ics", *CHECK, option, tmp_path / folder)
        assert result.exit_code == 0, result.output
        assert f"已导出 6 个日历到 {tmp_path / folder}" in result.output
        assert len(list((tmp_path / folder).glob("teacher-*.ics"))) == 6
    assert (tmp_path / "a" / "teacher-t01.ics").read_bytes() == (tmp_path / "c" / "teacher-t01.ics").read_bytes()
    help_text = run("export-ics", "--help").output
    assert "-o, --output" in help_text and "--out " not in help_text  # the old name works, unadvertised


def test_export_ics_needs_one_output_directory(tmp_path):
    result = run("export-ics", *CHECK)
    assert result.exit_code == 2 and "缺少选项 -o/--output" in result.output
    result = run("export-ics", *CHECK, "-o", tmp_path / "a", "--out", tmp_path / "b")
    assert result.exit_code == 2 and "只给一个" in result.output
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
    result = run("export-ics", *CHECK, "-o", tmp_path / "a", "--out", tmp_path / "a")
    assert result.exit_code == 0, result.output


def test_quiet_is_accepted_by_every_command_that_solves(tmp_path):
    result = run("whatif", CHECK[0], "--baseline", CHECK[1], "-o", tmp_path / "n.json", "--quiet")
    assert result.exit_code == 2 and text.WHATIF_NO_CHANGES in result.output
    result = run("explain", tmp_path / "missing.yaml", "--quiet")
    assert result.exit_code == 2 and "missing.yaml" in result.output and "No such option" not in result.output
    for command in ("solve", "whatif", "explain"):
        assert "--quiet" in run(command, "--help").output


def check_plan():
    from scheduler.domain import load_instance, load_plan

    return load_instance(CHECK[0]), load_plan(CHECK[1])


def test_the_gate_before_a_write_passes_a_valid_plan_with_its_penalties():
    from scheduler.check import score_plan
    from scheduler.cli.plans import checked

    instance, plan = check_plan()
    gated = checked(instance, plan.model_copy(update={"penalties": []}))
    assert gated.penalties == score_plan(instance, plan) and gated.objective == plan.objective == 12


def test_the_gate_exits_3_on_a_violation_or_a_wrong_objective(capsys):
    from scheduler.check import score_plan
    from scheduler.cli.plans import checked
    from scheduler.domain.plan import Unplaced

    instance, plan = check_plan()
    missing = plan.model_copy(update={"sessions": plan.sessions[1:]})
    with pytest.raises(SystemExit) as exit_:
        checked(instance, missing)
    assert exit_.value.code == 3 and text.CHECKER_REJECTED in capsys.readouterr().err
    # A replan that says it left the session unplaced is not a defect.
    first = plan.sessions[0]
    total = sum(p.penalty for p in score_plan(instance, missing))
    unplaced = missing.model_copy(update={"objective": total, "unplaced": [
        Unplaced(id=first.id, classes=first.classes, title=first.title, reason="-")]})
    assert checked(instance, unplaced, excuse_unplaced=True).objective == total
    with pytest.raises(SystemExit) as exit_:
        checked(instance, unplaced)
    assert exit_.value.code == 3
    with pytest.raises(SystemExit) as exit_:
        checked(instance, plan.model_copy(update={"objective": 11}))
    assert exit_.value.code == 3 and "11" in capsys.readouterr().err
    assert checked(instance, plan.model_copy(update={"objective": 11}), rescore=True).objective == 12
