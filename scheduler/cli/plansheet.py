"""`scheduler export-xlsx`: the plan as an Excel/WPS workbook (scheduler.plansheet).

The plan is loaded and held to its instance as `export-ics` does; a plan that breaks a hard
rule is not exported (exit 1), since a printed timetable would pass its errors on.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from scheduler import text
from scheduler.cli.errors import EXIT_FOUND, fail, guarded
from scheduler.cli.plans import instance_and_plan
from scheduler.domain import InputError
from scheduler.files import ensure_writable, write_atomic
from scheduler.plansheet import messages as m

SUFFIX = ".xlsx"


@click.command("export-xlsx")
@click.argument("instance_path", metavar="INSTANCE", type=click.Path())
@click.argument("plan_path", metavar="PLAN", type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False), help=m.HELP_OUTPUT)
@guarded
def export_xlsx(instance_path: str, plan_path: str, output: str | None) -> None:
    """把计划导出为 Excel/WPS 工作簿：总表、每个班次的课程表（A4 横向打印）、教师课表与工作量、
    场地使用、4+N 覆盖、罚分，重排的计划另有调整明细。"""
    from scheduler.check import score_plan, validate_plan
    from scheduler.plansheet import Replan, workbook_bytes
    from scheduler.whatif.changes import describe
    from scheduler.whatif.recorded import basis_for

    output = output or str(Path(plan_path).with_suffix(SUFFIX))
    _check_output(output, instance_path, plan_path)
    ensure_writable(output)
    instance, plan = instance_and_plan(instance_path, plan_path)
    basis = basis_for(instance, plan, plan_path, None, None)  # a replan is judged under its changes
    unplaced = {u.id for u in plan.unplaced}
    violations = [v for v in validate_plan(basis.instance, plan)
                  if not (v.rule == "session_once" and set(v.sessions) <= unplaced)]
    if violations:
        why = [text.CHANGES_NOT_HONOURED.format(reason=basis.refused)] if basis.refused else []
        fail([*why, m.PLAN_REFUSED, *(f"  [{v.rule}] {v.message}" for v in violations)], EXIT_FOUND)
    replan = None
    if plan.origin is not None:
        replan = Replan(basis.baseline, [describe(instance, c, basis.start) for c in basis.changes],
                        basis.refused)
    book = workbook_bytes(instance, plan, score_plan(basis.instance, plan), replan)
    write_atomic(output, book.data)
    click.echo(m.WROTE.format(path=output, sheets=len(book.sheets), classes=len(book.class_sheets),
                              sessions=len(plan.sessions)))


def _check_output(output: str, instance_path: str, plan_path: str) -> None:
    """A workbook name Excel recognises, and never one of the command's own inputs."""
    if Path(output).suffix.lower() != SUFFIX:
        raise InputError([m.NOT_XLSX.format(path=output)])
    for path, what in ((plan_path, m.OUTPUT_WHAT_PLAN), (instance_path, m.OUTPUT_WHAT_INSTANCE)):
        if os.path.exists(output) and os.path.exists(path) and os.path.samefile(output, path):
            raise InputError([m.OUTPUT_IS_INPUT.format(path=output, what=what)])
