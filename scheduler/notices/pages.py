"""The 授课通知单 as HTML: one page per teacher, all of them in one file with page breaks, and
each teacher's alone in a file of its own. Same plan, same bytes."""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.domain import Instance, Plan
from scheduler.notices import messages as m
from scheduler.notices.env import environment
from scheduler.notices.sheets import Row, Sheet, salutation, sender


@dataclass(frozen=True)
class Page:
    """A sheet with its sentences."""

    greeting: str
    intro: str
    rows: tuple[Row, ...]


def render(instance: Instance, plan: Plan, sheets: list[Sheet]) -> str:
    """One HTML document holding the given sheets, one A4 page each."""
    pages = [_page(instance, plan, sheet) for sheet in sheets]
    title = m.SHEET_TITLE if len(sheets) != 1 else f"{m.SHEET_TITLE} · {sheets[0].name}"
    contact = m.SHEET_CONTACT.format(contact=instance.contact) if instance.contact else ""
    return environment().get_template("notices.html.j2").render(
        title=title, heading=m.SHEET_TITLE, headers=m.SHEET_HEADERS, sheets=pages, contact=contact,
        sender=sender(instance))


def _page(instance: Instance, plan: Plan, sheet: Sheet) -> Page:
    term = instance.term.name
    intro = (m.SHEET_INTRO.format(term=term, revision=plan.revision, count=len(sheet.rows)) if sheet.rows
             else m.SHEET_EMPTY.format(term=term, revision=plan.revision))
    return Page(m.SHEET_GREETING.format(name=salutation(sheet.name)), intro, sheet.rows)
