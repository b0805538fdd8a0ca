"""`scheduler report`: the plan as a static HTML site, written whole into one directory."""

from __future__ import annotations

from pathlib import Path

import click

from scheduler.cli.errors import guarded
from scheduler.cli.plans import instance_and_plan
from scheduler.html.messages import HELP_OUT

REPORT_SUFFIX = "-report"


def default_output(plan_path: str) -> Path:
    """`<plan-stem>-report/` beside the plan."""
    path = Path(plan_path)
    return path.with_name(path.stem + REPORT_SUFFIX)


@click.command()
@click.argument("instance_path", metavar="INSTANCE", type=click.Path())
@click.argument("plan_path", metavar="PLAN", type=click.Path())
@click.option("-o", "--output", type=click.Path(file_okay=False), help=HELP_OUT)
@guarded
def report(instance_path: str, plan_path: str, output: str | None) -> None:
    """生成课程表网页（静态 HTML，无需联网）：总览、每个班次、教师、场地、学校一页，重排后的计划另有“调整”页。

    用浏览器打开目录中的 index.html；课程表页按 A4 横向打印，总览按 A4 纵向打印。同一计划两次生成的文件逐字节相同。
    """
    from scheduler.html import build_site, check_output, write_site
    from scheduler.html import messages as m

    out = Path(output) if output is not None else default_output(plan_path)
    check_output(out)
    instance, plan = instance_and_plan(instance_path, plan_path)
    files = build_site(instance, plan, plan_path)
    write_site(files, out)
    click.echo(m.WROTE.format(path=out, pages=sum(name.endswith(".html") for name in files),
                              classes=len(instance.classes), teachers=len(instance.teachers),
                              venues=len(instance.venues), sites=len(instance.sites)))
    click.echo(m.OPEN_HINT.format(index=out / "index.html"))
