"""`scheduler risk`: for every teacher with later sessions, replan their dropping out and
report what it would cost, most at risk first."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import click

from scheduler.cli.errors import EXIT_INTERRUPTED, fail, guarded
from scheduler.cli.plans import plan_for
from scheduler.domain import InputError, load_instance
from scheduler.files import ensure_writable, write_atomic

SUFFIXES = (".csv", ".json")


@click.command()
@click.argument("instance_path", metavar="INSTANCE", type=click.Path())
@click.argument("plan_path", metavar="PLAN", type=click.Path())
@click.option("--from", "from_date", type=click.DateTime(["%Y-%m-%d"]),
              help="假设教师从此日起缺席，此前的课次不变（默认：今天，限于学期内）")
@click.option("--jobs", type=click.IntRange(min=1), help="并行重排的进程数（默认：CPU 核数）")
@click.option("--time-limit", type=click.FloatRange(min=0.5), default=10.0, show_default=True,
              help="每次重排的时间上限（秒）")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="每次重排的 CP-SAT 线程数")
@click.option("--seed", type=int, default=0, show_default=True,
              help="随机种子；配合 --workers 1 可重现同一结果")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="结果表文件：.csv（UTF-8 带 BOM）或 .json")
@guarded
def risk(instance_path: str, plan_path: str, from_date, jobs: int | None, time_limit: float, workers: int,
         seed: int, output: str | None) -> None:
    """稳健性评估：逐一假设每位有课的教师缺席，重排并列出代价和无人可接的课次。"""
    from scheduler.risk import messages as msg
    from scheduler.risk import report
    from scheduler.risk.assess import Settings
    from scheduler.risk.run import assess_all, default_jobs
    from scheduler.risk.scenarios import risk_start, scenarios

    started = time.perf_counter()
    if output is not None:
        if Path(output).suffix.lower() not in SUFFIXES:
            raise InputError([msg.BAD_SUFFIX.format(path=output)])
        ensure_writable(output)
    instance = load_instance(instance_path)
    baseline = plan_for(instance, plan_path)
    start = risk_start(instance, from_date.date() if from_date else None, dt.date.today())
    if start > instance.term.end:
        raise InputError([msg.AFTER_TERM.format(start=start, end=instance.term.end)])
    todo = scenarios(baseline, start)
    if not todo:
        click.echo(msg.NO_TEACHERS.format(start=start))
        return
    jobs = jobs or default_jobs()

    def progress(done: int, row) -> None:
        click.echo(msg.PROGRESS.format(done=done, count=len(todo), teacher=msg.TEACHER.format(
            name=row.name, id=row.teacher)), err=True)

    try:
        rows = assess_all(instance, baseline, todo, Settings(time_limit, workers, seed), jobs, progress)
    except KeyboardInterrupt:
        fail([msg.INTERRUPTED], EXIT_INTERRUPTED)
    ordered = report.by_risk(rows)
    _print_report(instance, ordered, start)
    seconds = [r.seconds for r in rows]
    click.echo(msg.SUMMARY_SECONDS.format(total=time.perf_counter() - started, mean=sum(seconds) / len(seconds),
                                          longest=max(seconds), jobs=min(jobs, len(todo))), err=True)
    if output is not None:
        data = (report.as_csv(ordered) if Path(output).suffix.lower() == ".csv"
                else report.as_json(instance, plan_path, ordered, start))
        write_atomic(output, data)
        click.echo(msg.WROTE.format(path=output), err=True)


def _print_report(instance, rows, start: dt.date) -> None:
    from scheduler.risk import messages as msg
    from scheduler.risk import report

    click.echo(msg.HEADING.format(start=start, count=len(rows)))
    click.echo(report.table(instance, rows))
    spof = report.details(instance, rows)
    if spof:
        click.echo()
        click.echo("\n".join(spof))
    click.echo()
    click.echo("\n".join(report.summary_lines(rows, start)))
