"""The calendar commands: `scheduler export-ics` (iCal files) and `scheduler publish` (CalDAV).

Thin, like the rest of the CLI: read the instance and the plan, call `scheduler.calendars`,
report in Chinese. The calendar libraries are imported by the commands, so other commands do
not pay for them.
"""

from __future__ import annotations

from pathlib import Path

import click
from tabulate import tabulate

from scheduler.cli.errors import EXIT_INPUT, fail, guarded
from scheduler.cli.plans import plan_for
from scheduler.domain import InputError, Instance, Plan, load_instance

# --- User-facing text (Chinese) ------------------------------------------------------------
HELP_OUT = "输出目录（不存在则创建）；只会改写本命令写过的文件"
HELP_OUT_DEPRECATED = "同 -o/--output（旧写法，仍可使用）"
MISSING_OUTPUT = "缺少选项 -o/--output（输出目录）"
TWO_OUTPUTS = "-o/--output 与 --out 给了不同的目录：只给一个"
HELP_BY = "按教师（默认）、班次、场地或全部导出，每个一个 .ics 文件"
HELP_CALDAV = "CalDAV 服务器地址，例如 https://dav.example.cn/radicale/"
HELP_USER = "CalDAV 用户名"
HELP_PASSWORD_FILE = "存放 CalDAV 密码的文件（只含密码一行；不要把密码写在命令行上）"
HELP_TIMEOUT = "每个网络请求的超时（秒）"
EXPORTED = ("已导出 {count} 个日历到 {out}（计划第 {revision} 版）：{kinds}；"
            "共 {active} 个课程日程、{cancelled} 个已取消日程。")
KIND_COUNT = "{kind} {count} 个"
KIND_JOIN = "、"
EMPTY_TEACHERS = "其中 {count} 位教师在这个计划中没有课，日历为空：{names}"
INDEX_WRITTEN = "文件清单见 {index}，使用说明见 {note}。"
IMPORT_WARNING = (
    "提醒：.ics 文件只适合第一次导入。再次导入调整后的文件，Outlook 桌面版会出现重复日程，"
    "Google 日历、Nextcloud 会拒绝或忽略。要随计划自动更新，请用 scheduler publish 发布到 CalDAV "
    "服务器，让教师订阅自己的日历。")
REFRESH_NOTE = ("订阅日历的刷新间隔由日历应用决定：Google 日历约 8 到 24 小时，网页版 Outlook 约 3 小时，"
                "苹果日历默认 Mac 每小时、iPhone 每天；临近上课的调整请另行电话或短信通知。")
PUBLISH_HEADERS = ("教师", "日历地址", "新建", "更新", "取消", "未变")
PUBLISHED = ("已发布到 {url}（计划第 {revision} 版）：{teachers} 位教师，新建 {created}、更新 {updated}、"
             "取消 {cancelled} 个日程，{unchanged} 个未变。")
NOTHING_CHANGED = "服务器上的日历已与计划一致，没有改动。"
SUBSCRIBE_ADVICE = ("请把日历地址发给每位教师本人：在手机日历中添加 CalDAV 账户（或订阅该地址），"
                    "计划调整后重新发布，日程会原地更新，已取消的课会标为“已取消”。")
PUBLISH_FAILED = "发布失败："
NEED_BOTH = "--user 与 --password-file 需要同时给出"
EMPTY_PASSWORD = "密码文件 {path} 是空的"
PASSWORD_NOT_UTF8 = "密码文件 {path} 不是 UTF-8 编码的文本（第 {offset} 个字节无法识别）：请用 UTF-8 保存"
PASSWORD_LINES = "密码文件 {path} 有 {count} 行：应只含密码一行（用户名用 --user 给出）"
PASSWORD_TOO_LONG = "密码文件 {path} 太大（超过 {limit} 字节）：应只含密码一行"
HELP_FORCE = "服务器上的日历来自更新的计划版本时仍然发布，把日历退回到这个计划"
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
    from scheduler.calendars.ics import INDEX_NAME, KIND_NAMES, NOTE_NAME, OWNER_KINDS, export_directory

    out = _output_dir(output, out)
    instance, plan = _load(instance_path, plan_path)
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
    instance, plan = _load(instance_path, plan_path)
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


def _load(instance_path: str, plan_path: str) -> tuple[Instance, Plan]:
    """The instance and its plan; a plan naming what the instance does not have is bad input."""
    from scheduler.calendars.ics import plan_problems

    instance = load_instance(instance_path)
    plan = plan_for(instance, plan_path)
    problems = plan_problems(instance, plan)
    if problems:
        raise InputError([f"{plan_path}：{p}" for p in problems])
    return instance, plan


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
