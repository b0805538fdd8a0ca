"""The report site: every page rendered, then written as one directory that appears whole."""

from __future__ import annotations

from pathlib import Path

from scheduler.domain import InputError, Instance, Plan
from scheduler.files import ensure_writable, staged_directory, write_new
from scheduler.html import grids, pages
from scheduler.html import messages as m
from scheduler.html.changes import load_changes_view
from scheduler.html.env import STYLESHEET, render, static_file
from scheduler.html.labels import Labels
from scheduler.html.links import CHANGES_FILE, INDEX_FILE, KINDS, href, records_of

GENERATOR = "party-school-scheduler report"


def build_site(instance: Instance, plan: Plan, plan_path: str) -> dict[str, bytes]:
    """File name → bytes of every file of the report, in a fixed order (same plan, same bytes)."""
    changes = load_changes_view(instance, plan, plan_path)
    labels = Labels(instance, changes.changed_ids if changes else None)
    common = {
        "generator": GENERATOR, "site_title": m.SITE_TITLE.format(term=instance.term.name),
        "plan_line": m.PLAN_LINE.format(revision=plan.revision, sessions=len(plan.sessions), objective=plan.objective,
                                        bound=plan.bound, status=plan.status),
        "index_href": href(INDEX_FILE), "changes_href": href(CHANGES_FILE) if changes else None,
    }
    by_record = pages.sessions_by_record(plan)
    policy = pages.compliance_by_class(instance, plan)
    files = {INDEX_FILE: render("index.html", **common,
                                **pages.index_page(instance, plan, labels, by_record, policy))}
    if changes is not None:
        files[CHANGES_FILE] = render("changes.html", **common, **pages.changes_page(changes, labels))
    order = grids.block_order(instance)
    for kind in KINDS:
        for record in records_of(instance, kind):
            page = pages.record_page(instance, labels, kind, record.id, by_record.get((kind, record.id), []), order,
                                     policy.get(record.id, []) if kind == "class" else [])
            files[labels.file(kind, record.id)] = render("entity.html", **common, **page)
    files[STYLESHEET] = static_file(STYLESHEET)
    return files


def is_report(folder: Path) -> bool:
    """Whether a directory holds a report this command wrote (its index names the generator)."""
    try:
        with (folder / INDEX_FILE).open("rb") as handle:
            return f'name="generator" content="{GENERATOR}"'.encode() in handle.read(4096)
    except OSError:
        return False


def check_output(out: Path) -> None:
    """Before any work: the directory must be writable, and empty or a report of ours (the whole
    directory is replaced, so anything else in it would be lost)."""
    ensure_writable(out, directory=True)
    try:
        present = any(out.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return
    if present and not is_report(out):
        raise InputError([m.NOT_A_REPORT.format(out=out)])


def write_site(files: dict[str, bytes], out: Path) -> None:
    with staged_directory(out) as stage:
        for name, content in files.items():
            write_new(stage / name, content)
