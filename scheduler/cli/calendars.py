"""The calendar commands: `scheduler export-ics` (iCal files) and `scheduler publish` (CalDAV).

Thin, like the rest of the CLI: read the instance and the plan, call `scheduler.calendars`,
report in Chinese. The calendar libraries are imported by the commands, so other commands do
not pay for them.
"""

from __future__ import annotations

from pathlib import Path

import click
from tabulate import tabulate

from scheduler.calendars.messages import (
    EMPTY_PASSWORD,
    EMPTY_TEACHERS,
    EXPORTED,
    HELP_BY,
    HELP_CALDAV,
    HELP_FORCE,
    HELP_OUT,
    HELP_OUT_DEPRECATED,
    HELP_PASSWORD_FILE,
    HELP_TIMEOUT,
    HELP_USER,
    IMPORT_WARNING,
    INDEX_WRITTEN,
    KIND_COUNT,
    KIND_JOIN,
    MISSING_OUTPUT,
    NEED_BOTH,
    NOTHING_CHANGED,
    PASSWORD_LINES,
    PASSWORD_NOT_UTF8,
    PASSWORD_TOO_LONG,
    PUBLISH_FAILED,
    PUBLISH_HEADERS,
    PUBLISHED,
    REFRESH_NOTE,
    SUBSCRIBE_ADVICE,
    TWO_OUTPUTS,
)
from scheduler.cli.errors import EXIT_INPUT, fail, guarded
from scheduler.cli.plans import instance_and_plan
from scheduler.domain import InputError

PASSWORD_LIMIT = 4096


@click.command("export-ics")
@click.argument("instance_path", metavar="INSTANCE", type=click.Path())
@click.argument("plan_path", metavar="PLAN", type=click.Path())
@click.option("-o", "--output", type=click.Path(file_okay=False), help=HELP_OUT)
@click.option("--out", "out", type=click.Path(file_okay=False), hidden=True, help=HELP_OUT_DEPRECATED)
@click.option("--by", type=click.Choice(["teacher", "class", "venue", "all"]), default="teacher",
              show_default=True, help=HELP_BY)
@guarded
def export_ics(instance_path: str, plan_path: str, output: str | None, out: str | None, by: str) -> None:
    """导出 iCalendar 日历（.ics）：每位教师（或班次、场地）一个文件，附文件清单 index.csv。

    时间为学期所在时区（默认北京时间）；同一计划两次导出的文件逐字节相同。

    同一次课在每次导出、每个计划版本中标识不变，调整过的课版本号（SEQUENCE）增加，不再上的课标为“已取消”。
    """
    from scheduler.calendars.ics import INDEX_NAME, NOTE_NAME, OWNER_KINDS, export_directory
    from scheduler.calendars.messages import KIND_NAMES

    out = _output_dir(output, out)
    instance, plan = instance_and_plan(instance_path, plan_path)
    kinds = list(OWNER_KINDS) if by == "all" else [by]
    exported = export_directory(instance, plan, kinds, out)
    counts = {kind: sum(1 for e in exported if e.calendar.owner.kind == kind) for kind in kinds}
    click.echo(EXPORTED.format(
        count=len(exported), out=out, revision=plan.revision,
        kinds=KIND_JOIN.join(KIND_COUNT.format(kind=KIND_NAMES[k], count=n) for k, n in counts.items()),
        active=sum(e.calendar.active for e in exported),
        cancelled=sum(e.calendar.cancelled for e in exported)))
    empty = [e.calendar.owner.name for e in exported
             if e.calendar.owner.kind == "teacher" and not e.calendar.active and not e.calendar.cancelled]
    if empty:
        click.echo(EMPTY_TEACHERS.format(count=len(empty), names=KIND_JOIN.join(empty)))
    click.echo(INDEX_WRITTEN.format(index=Path(out) / INDEX_NAME, note=Path(out) / NOTE_NAME))
    click.echo(IMPORT_WARNING)
    click.echo(REFRESH_NOTE)


@click.command()
@click.argument("instance_path", metavar="INSTANCE", type=click.Path())
@click.argument("plan_path", metavar="PLAN", type=click.Path())
@click.option("--caldav", "url", required=True, help=HELP_CALDAV)
@click.option("--user", help=HELP_USER)
@click.option("--password-file", type=click.Path(dir_okay=False), help=HELP_PASSWORD_FILE)
@click.option("--timeout", type=click.IntRange(min=1), default=30, show_default=True, help=HELP_TIMEOUT)
@click.option("--force", is_flag=True, help=HELP_FORCE)
@guarded
def publish(instance_path: str, plan_path: str, url: str, user: str | None,
            password_file: str | None, timeout: int, force: bool) -> None:
    """把每位教师的日历发布到 CalDAV 服务器（每位教师一个日历），使服务器与计划一致。

    新的课新建日程，调整过的课原地更新（版本号只增不减），教师不再上的课标为“已取消”。

    同一计划发布两次，第二次不改动服务器上的任何内容。服务器上的日历来自更新的计划版本时拒绝发布（除非 --force）。
    """
    from scheduler.calendars.publish import PublishError
    from scheduler.calendars.publish import publish as publish_plan
    from scheduler.calendars.urls import redact

    if (user is None) != (password_file is None):
        raise click.UsageError(NEED_BOTH)
    password = _read_password(password_file) if password_file else None
    instance, plan = instance_and_plan(instance_path, plan_path)
    try:
        results = publish_plan(instance, plan, url, user, password, timeout=timeout, force=force)
    except PublishError as exc:
        fail([PUBLISH_FAILED, f"  {exc}"], EXIT_INPUT)
    rows = [[f"{r.owner.name}（{r.owner.id}）", redact(r.url), r.created, r.updated, r.cancelled, r.unchanged]
            for r in results]
    click.echo(tabulate(rows, headers=list(PUBLISH_HEADERS)))
    click.echo(PUBLISHED.format(
        url=redact(url), revision=plan.revision, teachers=len(results),
        created=sum(r.created for r in results), updated=sum(r.updated for r in results),
        cancelled=sum(r.cancelled for r in results), unchanged=sum(r.unchanged for r in results)))
    if not any(r.changed for r in results):
        click.echo(NOTHING_CHANGED)
    click.echo(SUBSCRIBE_ADVICE)
    click.echo(REFRESH_NOTE)


def _output_dir(output: str | None, out: str | None) -> str:
    """-o/--output, or the older --out that scripts may still pass."""
    if output is None and out is None:
        raise click.UsageError(MISSING_OUTPUT, ctx=click.get_current_context())
    if output is not None and out is not None and output != out:
        raise click.UsageError(TWO_OUTPUTS, ctx=click.get_current_context())
    return output if output is not None else out



def _read_password(path: str) -> str:
    """The one line of a password file (a final line break, or a BOM, is not part of it)."""
    with open(path, "rb") as handle:
        data = handle.read(PASSWORD_LIMIT + 1)
    if len(data) > PASSWORD_LIMIT:
        raise InputError([PASSWORD_TOO_LONG.format(path=path, limit=PASSWORD_LIMIT)])
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([PASSWORD_NOT_UTF8.format(path=path, offset=exc.start + 1)]) from None
    lines = content.rstrip("\r\n").splitlines()
    if len(lines) > 1:
        raise InputError([PASSWORD_LINES.format(path=path, count=len(lines))])
    if not lines or not lines[0]:
        raise InputError([EMPTY_PASSWORD.format(path=path)])
    return lines[0]
