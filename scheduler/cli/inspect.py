"""The commands that read and judge without solving: `check`, `validate`, `show`, `schema`."""

from __future__ import annotations

import json
import sys

import click

from scheduler import text
from scheduler.cli.errors import EXIT_FOUND, EXIT_INPUT, EXIT_OK, fail, guarded
from scheduler.cli.plans import plan_for
from scheduler.domain import InputError, Instance, load_instance
from scheduler.files import write_atomic


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="写入文件（默认输出到屏幕）")
@guarded
def schema(output: str | None) -> None:
    """输出实例文件格式的 JSON Schema，供编辑器补全和检查。"""
    content = json.dumps(Instance.model_json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output:
        write_atomic(output, content)
        click.echo(text.WROTE.format(path=output))
    else:
        click.echo(content, nl=False)


@click.command()
@click.argument("instance_path", metavar="INSTANCE", type=click.Path())
@guarded
def check(instance_path: str) -> None:
    """求解前检查实例：引用、无人能讲的专题、容量、日期、授课任务。"""
    from scheduler.domain.loading import instance_lines, render_findings
    from scheduler.expand import expand
    from scheduler.lint import lint

    instance = load_instance(instance_path)
    findings = lint(expand(instance))
    data, lines = instance_lines(instance_path)
    errors = [f for f in findings if f.severity == "error"]
    warnings = [f for f in findings if f.severity != "error"]
    for label, group in ((text.ERROR, errors), (text.WARNING, warnings)):
        for line in render_findings(instance_path, data, lines, group):
            click.echo(f"{label}：{line}")
    counts = instance.counts()
    click.echo(text.CHECK_SUMMARY.format(errors=len(errors), warnings=len(warnings), **counts))
    sys.exit(EXIT_FOUND if errors else EXIT_OK)


@click.command()
@click.argument("instance_path", metavar="INSTANCE", type=click.Path())
@click.argument("plan_path", metavar="PLAN", type=click.Path())
@click.option("--changes", "changes_file", type=click.Path(),
              help="变动文件（YAML，与 whatif 的相同）：按这些变动校验重排的计划，代替计划记录的变动")
@click.option("--from", "from_date", type=click.DateTime(["%Y-%m-%d"]),
              help="--changes 的变动从哪天起（变动文件没有写 from 时）")
@guarded
def validate(instance_path: str, plan_path: str, changes_file: str | None, from_date) -> None:
    """独立校验一个计划（不使用求解模型）：每条违反的硬约束一行，再重新计算软约束罚分并与目标值核对。"""
    from scheduler.check import score_plan, validate_plan
    from scheduler.report.compliance import compliance_table
    from scheduler.report.tables import penalty_table
    from scheduler.rules import rule_name
    from scheduler.whatif.changes import describe
    from scheduler.whatif.recorded import basis_for

    if from_date is not None and changes_file is None:
        raise InputError([text.VALIDATE_FROM_WITHOUT_CHANGES])
    instance = load_instance(instance_path)
    plan = plan_for(instance, plan_path)
    # A replanned plan's recorded changes are honoured only against the baseline they name.
    basis = basis_for(instance, plan, plan_path, changes_file, from_date.date() if from_date else None)
    if basis.refused is not None:
        click.echo(text.CHANGES_NOT_HONOURED.format(reason=basis.refused), err=True)
    if basis.changes:
        click.echo(text.CHANGES_HONOURED.format(source=basis.source, start=basis.start), err=True)
        for change in basis.changes:
            click.echo(f"  - {describe(instance, change, basis.start)}", err=True)
    instance = basis.instance
    violations = validate_plan(instance, plan)
    for violation in violations:
        click.echo(f"[{rule_name(violation.rule)}] {violation.message}")
    penalties = score_plan(instance, plan)
    total = sum(p.penalty for p in penalties)
    click.echo(penalty_table(penalties))
    click.echo(text.PENALTY_TOTAL.format(total=total))
    table = compliance_table(instance, plan)
    if table is not None:
        click.echo(table)
    problems = _claim_problems(instance, plan, penalties, basis)
    for line in problems:
        click.echo(line, err=True)
    if violations:
        click.echo(text.VIOLATIONS.format(count=len(violations)), err=True)
    if violations or problems:
        sys.exit(EXIT_FOUND)
    click.echo(text.VALID.format(sessions=len(plan.sessions)))


def _claim_problems(instance, plan, penalties, basis) -> list[str]:
    """Every claim of the file held against the plan: the objective always (a file that says 0
    and lists nothing is no exception), the breakdown when it gives one."""
    from scheduler.claims import (
        change_cost_mismatches,
        history_mismatches,
        penalty_mismatches,
        status_mismatches,
    )

    total = sum(p.penalty for p in penalties)
    problems = []
    if total != plan.objective:
        problems.append(text.OBJECTIVE_MISMATCH.format(total=total, objective=plan.objective))
    differing = penalty_mismatches(plan.penalties, penalties)
    if differing:
        problems += [text.PENALTIES_MISMATCH, *differing]
    problems += status_mismatches(plan)
    if basis.baseline is not None:
        problems += history_mismatches(plan, basis.baseline, str(basis.baseline_path))
        problems += change_cost_mismatches(plan, basis.baseline, instance)
    return problems


@click.command()
@click.argument("instance_path", metavar="INSTANCE", type=click.Path())
@click.argument("plan_path", metavar="PLAN", type=click.Path())
@click.option("--by", type=click.Choice(["class", "teacher", "venue", "day"]), default="class",
              show_default=True, help="按班次 / 教师 / 场地 / 日期显示")
@click.option("--only", help="只显示这个 id（班次、教师、场地 id，或日期 YYYY-MM-DD）")
@click.option("--width", type=click.IntRange(min=80), default=120, show_default=True,
              help="每行最多几列（终端宽度）；过长的内容以“…”省略")
@guarded
def show(instance_path: str, plan_path: str, by: str, only: str | None, width: int) -> None:
    """以表格显示课程表。"""
    from scheduler.report.tables import timetables

    instance = load_instance(instance_path)
    plan = plan_for(instance, plan_path)
    tables = timetables(instance, plan, by, only, width)
    if only is not None and not tables:
        fail([text.UNKNOWN_ONLY.format(only=only, by=by)], EXIT_INPUT)
    for heading, table in tables:
        click.echo(heading)
        click.echo(table)
        click.echo()
