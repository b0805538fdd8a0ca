"""`scheduler solve` and `scheduler explain`: a term plan, or why there is none."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from scheduler import text
from scheduler.cli.errors import EXIT_FOUND, EXIT_INTERRUPTED, fail, guarded
from scheduler.cli.explaining import explain_lines
from scheduler.cli.plans import checked, write_plan
from scheduler.domain import load_instance
from scheduler.files import ensure_writable


@click.command()
@click.argument("instance_path", metavar="INSTANCE", type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="计划文件（默认 solutions/<实例名>.json）")
@click.option("--time-limit", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="求解时间上限（秒）；到时保留已找到的最好方案")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="CP-SAT 并行线程数")
@click.option("--seed", type=int, default=0, show_default=True,
              help="随机种子；配合 --workers 1 可重现同一方案")
@click.option("--quiet", is_flag=True, help=text.HELP_QUIET)
@guarded
def solve(instance_path: str, output: str | None, time_limit: float, workers: int, seed: int,
          quiet: bool) -> None:
    """求解一个学期计划，独立校验后写入计划文件并显示汇总。"""
    from scheduler.domain.loading import instance_lines, render_findings
    from scheduler.expand import expand
    from scheduler.lint import lint
    from scheduler.solve.control import Control

    # The time limit is wall seconds from here: loading, building, searching; the final
    # evaluation and check run after it (the control keeps time for them when it can).
    with Control(time_limit) as run:
        try:
            with run.abortable():  # nothing to keep yet: Ctrl-C stops at once
                run.phase("load")
                instance = load_instance(instance_path)
                output_path = Path(output) if output else Path("solutions") / f"{Path(instance_path).stem}.json"
                ensure_writable(output_path)  # before solving, not after
                expansion = expand(instance)
                errors = [f for f in lint(expansion) if f.severity == "error"]
        except KeyboardInterrupt:  # Ctrl-C, or the time limit
            if run.interrupted:
                fail([text.INTERRUPTED_NO_PLAN], EXIT_INTERRUPTED)
            fail([text.NO_PLAN_IN_TIME.format(status="UNKNOWN", seconds=0.0)], EXIT_FOUND)
        if errors:
            data, lines = instance_lines(instance_path)
            fail([text.INFEASIBLE_BY_LINT,
                  *(f"  {m}" for m in render_findings(instance_path, data, lines, errors))], EXIT_FOUND)
        _solve_and_write(instance, expansion, output_path, time_limit, workers, seed, quiet, run)


def _solve_and_write(instance, expansion, output_path: Path, time_limit: float, workers: int, seed: int,
                     quiet: bool, run) -> None:
    """Solve under the command's control, check, write; Ctrl-C from here keeps the best plan."""
    from scheduler.solve import command_options, solve_expansion, to_plan

    click.echo(text.SOLVING.format(sessions=len(expansion.sessions), limit=time_limit,
                                   workers=workers), err=True)
    options = command_options(time_limit, workers, seed, progress=None if quiet else _progress)
    result = solve_expansion(expansion, options)
    if not result.has_plan:
        _no_plan(result, expansion, run)
    plan = to_plan(expansion, result)
    run.phase("check")
    # The model's evaluation may have run out of its time: then the checker's total counts.
    plan = checked(instance, plan, rescore=result.stats.evaluated is False)
    run.phase("write")
    with run.critical():  # a second Ctrl-C waits for the file
        write_plan(output_path, plan)
    _report(instance, plan, result, output_path)
    if result.stats.wall_cut and options.repeatable and not run.interrupted:
        click.echo(text.WALL_CUT, err=True)
    if run.interrupted:
        click.echo(text.INTERRUPTED_KEPT, err=True)


def _progress(event: dict) -> None:
    if event["event"] == "solution":
        line = text.PROGRESS
    else:
        line = text.PROGRESS_STILL if event["solutions"] else text.PROGRESS_WAITING
    click.echo(line.format(**event), err=True)


def _no_plan(result, expansion, run) -> None:
    """Exit without a plan: interrupted, proven impossible (with why), or out of time."""
    if run.interrupted:
        fail([text.INTERRUPTED_NO_PLAN], EXIT_INTERRUPTED)
    if result.status == "INFEASIBLE":
        left = round(run.left(), 1)  # the explanation keeps within --time-limit
        fail([text.INFEASIBLE.format(status=result.status, seconds=result.seconds),
              *(explain_lines(expansion, left) if left >= 0.5 else [text.WHATIF_EXPLAIN_NO_TIME])],
             EXIT_FOUND)
    fail([text.NO_PLAN_IN_TIME.format(status=result.status, seconds=result.seconds)], EXIT_FOUND)


def _report(instance, plan, result, output_path: Path) -> None:
    from scheduler.lint import obligations_not_in_force
    from scheduler.report.tables import penalty_table, summary

    click.echo(summary(instance, plan, {
        "首个方案用时（秒）": round(result.first_solution_seconds or 0.0, 2),
        "模型规模（变量 / 约束）": f"{result.stats.variables} / {result.stats.constraints}",
        "独立校验": text.CHECK_PASSED,
    }))
    for line in obligations_not_in_force(instance):
        click.echo(f"{text.WARNING}：{line}")
    if plan.penalties:
        click.echo()
        click.echo(penalty_table(plan.penalties))
    click.echo(text.WROTE.format(path=output_path))


@click.command()
@click.argument("instance_path", metavar="INSTANCE", type=click.Path())
@click.option("--time-limit", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="查找原因的时间上限（秒）")
@click.option("--quiet", is_flag=True, help=text.HELP_QUIET)
@guarded
def explain(instance_path: str, time_limit: float, quiet: bool) -> None:
    """无解时说明原因：找出实例中不能同时满足的最少几条要求。"""
    from scheduler.expand import expand
    from scheduler.explain import describe, explain_expansion
    from scheduler.explain.minimize import Explanation
    from scheduler.solve.control import Control

    del quiet  # accepted like solve's; explain prints no progress lines
    expansion = None
    with Control(time_limit) as run:
        try:
            with run.abortable():  # nothing to keep until the end: Ctrl-C stops at once
                instance = load_instance(instance_path)
                expansion = expand(instance)
                run.phase("explain")
                explanation = explain_expansion(expansion, time_limit=time_limit, workers=1)
        except KeyboardInterrupt:  # Ctrl-C, or the time limit
            if run.interrupted:
                fail([text.INTERRUPTED_EXPLAIN], EXIT_INTERRUPTED)
            if expansion is None:  # the limit ran out while loading
                fail([text.EXPLAIN_NO_TIME.format(limit=time_limit)], EXIT_FOUND)
            explanation = Explanation("UNKNOWN", seconds=time_limit)
    for line in describe(explanation, expansion):
        click.echo(line)
    # Infeasible (explained) and undecided within the time limit both exit 1; only a proven
    # feasible instance exits 0.
    if explanation.status != "FEASIBLE":
        sys.exit(EXIT_FOUND)
