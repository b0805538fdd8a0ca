"""The command-line package: one-way imports, small files, and options that mean the same
thing on every command (-o/--output, --quiet)."""

from __future__ import annotations

import ast
from pathlib import Path

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
