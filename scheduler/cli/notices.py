"""`scheduler notices`: 授课通知单 for teachers, and 调课通知 after a what-if (--changes-only)."""

from __future__ import annotations

from pathlib import Path

import click

from scheduler.cli.errors import guarded
from scheduler.cli.plans import instance_and_plan
from scheduler.domain import InputError, Instance, Plan
from scheduler.notices import messages as m


@click.command(help=m.HELP)
@click.argument("instance_path", metavar="INSTANCE", type=click.Path())
@click.argument("plan_path", metavar="PLAN", type=click.Path())
@click.option("-o", "--output", type=click.Path(file_okay=False), help=m.HELP_OUT)
@click.option("--teacher", "teachers", multiple=True, metavar="ID", help=m.HELP_TEACHER)
@click.option("--changes-only", is_flag=True, help=m.HELP_CHANGES_ONLY)
@guarded
def notices(instance_path: str, plan_path: str, output: str | None, teachers: tuple[str, ...],
            changes_only: bool) -> None:
    from scheduler.notices.output import check_target

    out = Path(output) if output else Path(plan_path).with_name(Path(plan_path).stem + "-通知")
    instance, plan = instance_and_plan(instance_path, plan_path)
    known = {t.id for t in instance.teachers}
    unknown = [t for t in teachers if t not in known]
    if unknown:
        raise InputError([m.UNKNOWN_TEACHER.format(id=t) for t in unknown])
    chosen = list(dict.fromkeys(teachers)) or None
    check_target(out)
    if changes_only:
        _changes(instance, plan, plan_path, chosen, out)
    else:
        _sheets(instance, plan, chosen, out)


def _sheets(instance: Instance, plan: Plan, chosen: list[str] | None, out: Path) -> None:
    from scheduler.notices.output import write_directory

    teaching = {t for s in plan.sessions for t in s.teachers}
    ids = chosen or [t.id for t in instance.teachers if t.id in teaching]
    write_directory(out, _sheet_files(instance, plan, ids))
    click.echo(m.WROTE_SHEETS.format(out=out, count=len(ids), all=m.ALL_SHEETS, revision=plan.revision))
    idle = [t.name for t in instance.teachers if t.id not in teaching and (chosen is None or t.id in chosen)]
    if idle:
        click.echo(m.NO_SESSIONS.format(count=len(idle), names="、".join(idle)))


def _changes(instance: Instance, plan: Plan, plan_path: str, chosen: list[str] | None, out: Path) -> None:
    from scheduler.notices.changes import change_messages
    from scheduler.notices.output import messages_csv, messages_text, write_directory
    from scheduler.whatif.recorded import basis_for

    if plan.origin is None:
        raise InputError([m.NOT_REPLANNED.format(path=plan_path)])
    basis = basis_for(instance, plan, plan_path, None, None)
    if basis.baseline is None:
        raise InputError([m.BASELINE_PROBLEM.format(path=plan_path, baseline=plan.origin.baseline,
                                                    reason=basis.refused)])
    messages = change_messages(instance, basis.baseline, plan, chosen)
    if not messages:
        click.echo(m.NO_CHANGES)
    ids = [msg.teacher for msg in messages if msg.teacher is not None]
    files = _sheet_files(instance, plan, ids) if ids else {}
    files[m.CHANGES_CSV] = messages_csv(messages)
    files[m.CHANGES_TXT] = messages_text(messages)
    write_directory(out, files)
    click.echo(m.WROTE_CHANGES.format(out=out, count=len(messages), csv=m.CHANGES_CSV, txt=m.CHANGES_TXT,
                                      sheets=len(ids)))


def _sheet_files(instance: Instance, plan: Plan, ids: list[str]) -> dict[str, bytes]:
    from scheduler.notices.output import sheet_filename
    from scheduler.notices.pages import render
    from scheduler.notices.sheets import sheets

    every = sheets(instance, plan, ids)
    files = {m.ALL_SHEETS: render(instance, plan, every).encode("utf-8")}
    taken = {m.ALL_SHEETS.casefold()}
    for sheet in every:
        files[sheet_filename(sheet.teacher, taken)] = render(instance, plan, [sheet]).encode("utf-8")
    return files
