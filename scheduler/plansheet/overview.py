"""总表: one row per session, sorted by date and time, filterable by any column."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import Plan
from scheduler.plansheet import messages as m
from scheduler.plansheet.labels import Labels, chronological, mode, time_span, weekday
from scheduler.plansheet.style import print_a4, table


def write_overview(sheet: Worksheet, labels: Labels, plan: Plan) -> None:
    rows = [[labels.class_list(s.classes), s.date, weekday(s.date), m.LIST_JOIN.join(s.blocks), time_span(s),
             labels.topic(s.topic), s.title, mode(s), labels.teacher_list(s.teachers), labels.venue(s.venue),
             labels.site(s.site), labels.township_of_site(s.site), s.id]
            for s in chronological(plan.sessions)]
    table(sheet, m.OVERVIEW_HEADERS, rows)
    print_a4(sheet, title_rows="1:1")
