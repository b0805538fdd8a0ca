"""教师课表 (every teacher's sessions) and 教师工作量 (sessions and class hours per month and
per tier, by teacher kind: what a school reports upward)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import Plan, TeacherKind, Tier
from scheduler.plansheet import messages as m
from scheduler.plansheet.labels import Labels, chronological, minutes, mode, time_span, weekday
from scheduler.plansheet.style import TOTAL_FONT, header, print_a4, put, table

CLASS_HOUR_MINUTES = 45  # one 课时, as cadre-training plans count it


def write_teacher_sessions(sheet: Worksheet, labels: Labels, plan: Plan) -> None:
    order = {t.id: i for i, t in enumerate(labels.instance.teachers)}
    kinds = {t.id: m.TEACHER_KIND_NAMES[t.kind] for t in labels.instance.teachers}
    rows = []
    for session in chronological(plan.sessions):
        for teacher in session.teachers:
            rows.append((order.get(teacher, len(order)), teacher, session))
    rows.sort(key=lambda r: (r[0], r[1], r[2].date, r[2].start, r[2].id))
    table(sheet, m.TEACHER_SESSION_HEADERS, [
        [labels.teachers.get(t, t), kinds.get(t, ""), s.date, weekday(s.date), time_span(s),
         labels.class_list(s.classes), s.title, mode(s), labels.venue(s.venue), labels.site(s.site),
         labels.township_of_site(s.site)] for _, t, s in rows])
    print_a4(sheet, title_rows="1:1")


@dataclass
class Tally:
    """Sessions and minutes per column key (a month, a tier, or the whole term)."""

    sessions: dict = field(default_factory=lambda: defaultdict(int))
    minutes: dict = field(default_factory=lambda: defaultdict(int))

    def add(self, key, session_minutes: int) -> None:
        self.sessions[key] += 1
        self.minutes[key] += session_minutes

    def merge(self, other: Tally) -> None:
        for key, count in other.sessions.items():
            self.sessions[key] += count
        for key, total in other.minutes.items():
            self.minutes[key] += total

    def cells(self, keys) -> list:
        return [value for key in keys
                for value in (self.sessions.get(key, 0), round(self.minutes.get(key, 0) / CLASS_HOUR_MINUTES, 1))]


def _months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def tallies(labels: Labels, plan: Plan) -> dict[str, Tally]:
    """Each teacher's tally: keys (year, month), a Tier, and None for the whole term."""
    tiers = {s.id: s.tier for s in labels.instance.sites}
    found: dict[str, Tally] = defaultdict(Tally)
    for session in plan.sessions:
        length = minutes(session)
        for teacher in session.teachers:
            tally = found[teacher]
            for key in ((session.date.year, session.date.month), tiers.get(session.site), None):
                tally.add(key, length)
    return found


def write_workload(sheet: Worksheet, labels: Labels, plan: Plan) -> None:
    term = labels.instance.term
    months = _months(min([term.start, *(s.date for s in plan.sessions)]),
                     max([term.end, *(s.date for s in plan.sessions)]))
    keys = [*months, *Tier, None]
    groups = [*(m.MONTH.format(year=y, month=mo) for y, mo in months), *(m.TIER_NAMES[t] for t in Tier),
              m.WORKLOAD_TOTAL]
    lead = len(m.WORKLOAD_LEAD)
    header(sheet, 1, [*m.WORKLOAD_LEAD, *(g for group in groups for g in (group, None))])
    header(sheet, 2, [None] * lead + [m.COUNT, m.HOURS] * len(groups))
    for column in range(1, lead + 1):
        sheet.merge_cells(start_row=1, start_column=column, end_row=2, end_column=column)
    for i in range(len(groups)):
        column = lead + 1 + 2 * i
        sheet.merge_cells(start_row=1, start_column=column, end_row=1, end_column=column + 1)
    found = tallies(labels, plan)
    row, total = 3, Tally()
    for kind in TeacherKind:
        teachers = [t for t in labels.instance.teachers if t.kind == kind]
        if not teachers:
            continue
        subtotal = Tally()
        for teacher in teachers:
            tally = found.get(teacher.id, Tally())
            subtotal.merge(tally)
            _row(sheet, row, [teacher.name, m.TEACHER_KIND_NAMES[kind], labels.townships.get(teacher.township, "")],
                 tally.cells(keys))
            row += 1
        _row(sheet, row, [m.SUBTOTAL.format(kind=m.TEACHER_KIND_NAMES[kind]), None, None], subtotal.cells(keys),
             bold=True)
        total.merge(subtotal)
        row += 1
    _row(sheet, row, [m.TOTAL, None, None], total.cells(keys), bold=True)
    put(sheet, row + 2, 1, m.WORKLOAD_NOTE.format(minutes=CLASS_HOUR_MINUTES))
    sheet.freeze_panes = sheet.cell(row=3, column=lead + 1)
    for column, width in ((1, 14), (2, 10), (3, 12)):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for column in range(lead + 1, lead + 1 + 2 * len(groups)):
        sheet.column_dimensions[get_column_letter(column)].width = 7
    print_a4(sheet, title_rows="1:2")


def _row(sheet: Worksheet, row: int, lead: list, values: list, bold: bool = False) -> None:
    for column, value in enumerate([*lead, *values], start=1):
        cell = put(sheet, row, column, value)
        if bold:
            cell.font = TOTAL_FONT
