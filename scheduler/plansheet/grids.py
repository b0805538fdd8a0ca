"""One sheet per class: its timetable as a grid, dates down and blocks across, each cell the
title, teachers and place; ready to print on A4 landscape with its header rows on every page."""

from __future__ import annotations

import math
from collections import defaultdict

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import Plan, PlanSession, TermClass
from scheduler.plansheet import messages as m
from scheduler.plansheet.labels import Labels, chronological, weekday
from scheduler.plansheet.style import BOX, CENTER, TITLE_FONT, WRAP, header, print_a4, put, text_width

LEAD = 2  # date and weekday columns before the blocks
HEADER_ROW, FIRST_ROW = 2, 3
BLOCK_WIDTH, DATE_WIDTH, WEEKDAY_WIDTH = 26, 12, 6
LINE_HEIGHT = 15  # points per line of text in a cell


def class_sessions(plan: Plan) -> dict[str, list[PlanSession]]:
    """Each class's sessions, joint sessions under every class attending."""
    found: dict[str, list[PlanSession]] = defaultdict(list)
    for session in chronological(plan.sessions):
        for class_id in session.classes:
            found[class_id].append(session)
    return found


def _blocks(labels: Labels, term_class: TermClass, sessions: list[PlanSession]) -> list[tuple[str, str]]:
    """(block name, its header) across: the class's own site's blocks, then any other block a
    joint session held elsewhere uses."""
    try:
        own = labels.instance.site(term_class.site).blocks
    except KeyError:
        own = []
    columns = {b.name: m.GRID_BLOCK.format(name=b.name, start=f"{b.start:%H:%M}", end=f"{b.end:%H:%M}") for b in own}
    for session in sorted(sessions, key=lambda s: s.start):
        for name in session.blocks:
            columns.setdefault(name, name)
    return list(columns.items())


def _cell_text(labels: Labels, session: PlanSession, class_id: str) -> str:
    lines = [session.title, labels.teacher_list(session.teachers), labels.venue(session.venue)]
    others = [c for c in session.classes if c != class_id]
    if others:
        lines.append(m.GRID_JOINT.format(classes=labels.class_list(others)))
    return "\n".join(line for line in lines if line)


def _wrapped_lines(content: str, width: int) -> int:
    """Lines a cell of `width` characters shows once its text wraps (the row is made that tall)."""
    return sum(max(1, math.ceil(text_width(line) / max(1, width - 2))) for line in content.split("\n"))


def write_grid(sheet: Worksheet, labels: Labels, term_class: TermClass, sessions: list[PlanSession]) -> None:
    blocks = _blocks(labels, term_class, sessions)
    column_of = {name: LEAD + 1 + i for i, (name, _) in enumerate(blocks)}
    last_column = LEAD + max(len(blocks), 1)
    put(sheet, 1, 1, m.GRID_TITLE.format(
        name=term_class.name, site=labels.site(term_class.site), start=term_class.start, end=term_class.end,
        count=len(sessions))).font = TITLE_FONT
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_column)
    header(sheet, HEADER_ROW, [m.GRID_DATE, m.GRID_WEEKDAY, *(title for _, title in blocks)])
    days = sorted({s.date for s in sessions})
    row_of = {day: FIRST_ROW + i for i, day in enumerate(days)}
    lines: dict[int, int] = defaultdict(lambda: 1)
    for day, row in row_of.items():
        put(sheet, row, 1, day)
        put(sheet, row, 2, weekday(day))
        for column in range(1, last_column + 1):
            sheet.cell(row=row, column=column).border = BOX
            sheet.cell(row=row, column=column).alignment = CENTER if column <= LEAD else WRAP
    for session in sessions:
        row = row_of[session.date]
        columns = sorted(column_of[b] for b in session.blocks) or [LEAD + 1]
        content = _cell_text(labels, session, term_class.id)
        earlier = sheet.cell(row=row, column=columns[0]).value  # never two at once in a valid plan
        cell = put(sheet, row, columns[0], f"{earlier}\n{content}" if earlier else content)
        lines[row] = max(lines[row], _wrapped_lines(cell.value, BLOCK_WIDTH * len(columns)))
        if len(columns) > 1 and columns == list(range(columns[0], columns[-1] + 1)):
            sheet.merge_cells(start_row=row, start_column=columns[0], end_row=row, end_column=columns[-1])
    for row, count in lines.items():
        sheet.row_dimensions[row].height = LINE_HEIGHT * count
    sheet.row_dimensions[HEADER_ROW].height = LINE_HEIGHT * 2
    for column, width in ((1, DATE_WIDTH), (2, WEEKDAY_WIDTH)):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for column in column_of.values():
        sheet.column_dimensions[get_column_letter(column)].width = BLOCK_WIDTH
    sheet.freeze_panes = sheet.cell(row=FIRST_ROW, column=LEAD + 1)
    print_a4(sheet, title_rows=f"1:{HEADER_ROW}")
    sheet.oddFooter.center.text = m.GRID_FOOTER
