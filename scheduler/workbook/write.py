"""An instance (or nothing: the blank template) as an .xlsx workbook, written with openpyxl.

Every sheet: Chinese headers with a comment each (required ones in red), the header row frozen,
real date and time cells, drop-down lists for enumerations and for references by name, and
column widths that fit what they hold.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from io import BytesIO

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from wcwidth import wcswidth

from scheduler.domain.instance import Instance
from scheduler.domain.values import DateRange
from scheduler.workbook import messages as say
from scheduler.workbook.columns import CHOICES, GUIDE_SHEET, LISTS_SHEET, NAMED, SHEET_BY_KEY, SHEETS, Column, Sheet
from scheduler.workbook.rows import instance_rows

SPARE_ROWS = 500  # rows below the data that still get the drop-downs
WIDEST, NARROWEST = 48, 8
MEASURED_ROWS = 2000  # widths from the first rows: enough to fit, cheap on a big county
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED_FONT = Font(bold=True, color="C00000")
_HEADER_FONT = Font(bold=True)
_FORMATS = {"date": "yyyy-mm-dd", "time": "hh:mm"}


def workbook_bytes(instance: Instance | None) -> bytes:
    """The .xlsx file's bytes: the template, filled with the instance when one is given."""
    stream = BytesIO()
    instance_workbook(instance).save(stream)
    return stream.getvalue()


def instance_workbook(instance: Instance | None) -> Workbook:
    rows = instance_rows(instance) if instance is not None else {sheet.key: [] for sheet in SHEETS}
    labels = _labels(instance)
    book = Workbook()
    _guide(book.active)
    choice_ranges = _lists(book.create_sheet(LISTS_SHEET))
    extent = {sheet.key: len(rows[sheet.key]) + 1 + SPARE_ROWS for sheet in SHEETS}
    for sheet in SHEETS:
        shown = [_shown(sheet, row, labels) for row in rows[sheet.key]]
        _fill(book.create_sheet(sheet.title), sheet, shown, extent, choice_ranges)
    book.move_sheet(LISTS_SHEET, offset=len(SHEETS))
    return book


def _labels(instance: Instance | None) -> dict[str, dict[str, str]]:
    """id → the name cells show it by, for each named sheet; a name two records share is not
    shown (the id is: the reader could not tell which)."""
    labels: dict[str, dict[str, str]] = {key: {} for key in NAMED}
    if instance is None:
        return labels
    for key in NAMED:
        records = getattr(instance, key)
        counts: dict[str, int] = {}
        for record in records:
            counts[record.name] = counts.get(record.name, 0) + 1
        labels[key] = {r.id: r.name for r in records if counts[r.name] == 1}
    return labels


def _shown(sheet: Sheet, row: dict, labels: dict[str, dict[str, str]]) -> list:
    """The cell values of a row, in column order."""
    cells = []
    for column in sheet.columns:
        value = row.get(column.key)
        if sheet.key == "time_rules" and column.key == "name":
            owner = "classes" if row["owner"] == "items" else row["owner"]
            value = labels[owner].get(value, value)
        cells.append(_cell(column, value, labels))
    return cells


def _cell(column: Column, value, labels: dict[str, dict[str, str]]):
    if value is None or (column.many and not value):
        return None
    if column.many:
        return "、".join(str(_one(column, v, labels)) for v in value)
    return _one(column, value, labels)


def _one(column: Column, value, labels: dict[str, dict[str, str]]):
    kind = column.kind
    if isinstance(value, Enum):
        value = value.value
    if kind == "ref":
        return labels[column.ref].get(value, value)
    if kind == "choice":
        return CHOICES[column.choices].get(value, value)
    if kind == "bool":
        return CHOICES["bool"]["true" if value else "false"]
    if kind == "weekdays":
        return say.WEEKDAYS[value - 1]
    if isinstance(value, DateRange):
        return value.start.isoformat() if value.start == value.end else f"{value.start}至{value.end}"
    if kind == "dates" and isinstance(value, dt.date):
        return value.isoformat()
    return value


def _guide(sheet) -> None:
    sheet.title = GUIDE_SHEET
    sheet.append([say.GUIDE_TITLE])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in say.GUIDE_LINES:
        sheet.append([line])
    sheet.append([])
    sheet.append(list(say.GUIDE_HEADERS))
    for cell in sheet[sheet.max_row]:
        cell.font = _HEADER_FONT
    for each in SHEETS:
        sheet.append([each.title, each.purpose])
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 90


def _lists(sheet) -> dict[str, str]:
    """One column per enumeration on the hidden sheet; the range formula of each."""
    sheet.sheet_state = "hidden"
    ranges = {}
    for index, (key, labels) in enumerate(CHOICES.items(), start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index, value=key)
        for row, label in enumerate(labels.values(), start=2):
            sheet.cell(row=row, column=index, value=label)
        ranges[key] = f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(labels) + 1}"
    return ranges


def _fill(ws, sheet: Sheet, rows: list[list], extent: dict[str, int], choice_ranges: dict[str, str]) -> None:
    for index, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=index, value=column.header)
        cell.font = _REQUIRED_FONT if column.required else _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
        note = f"{column.note}（必填）" if column.required else column.note
        cell.comment = Comment(note, "scheduler", width=260, height=90)
    formats = [_FORMATS.get(c.kind) if not c.many else None for c in sheet.columns]
    for row_number, values in enumerate(rows, start=2):
        for index, value in enumerate(values, start=1):
            if value is not None:
                cell = ws.cell(row=row_number, column=index, value=value)
                if formats[index - 1]:
                    cell.number_format = formats[index - 1]
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{max(len(rows), 1) + 1}"
    _drop_downs(ws, sheet, extent, choice_ranges)
    _widths(ws, sheet, rows)


def _drop_downs(ws, sheet: Sheet, extent: dict[str, int], choice_ranges: dict[str, str]) -> None:
    last = extent[sheet.key]
    for index, column in enumerate(sheet.columns, start=1):
        if column.kind in ("choice", "bool"):
            source = choice_ranges[column.choices or "bool"]
        elif column.kind == "ref":
            target = SHEET_BY_KEY[column.ref]
            letter = get_column_letter(next(i for i, c in enumerate(target.columns, 1) if c.key == "name"))
            source = f"'{target.title}'!${letter}$2:${letter}${extent[column.ref]}"
        else:
            continue
        # A list cell holds several choices: the drop-down helps pick one, but must not refuse the rest;
        # a reference may also be typed as an id.
        strict = column.kind in ("choice", "bool") and not column.many
        check = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=strict,
                               errorStyle="stop" if strict else "warning")
        letter = get_column_letter(index)
        check.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(check)


def _widths(ws, sheet: Sheet, rows: list[list]) -> None:
    for index, column in enumerate(sheet.columns, start=1):
        widest = wcswidth(column.header) + 4  # room for the filter's and the drop-down's arrows
        for values in rows[:MEASURED_ROWS]:
            value = values[index - 1]
            if value is not None:
                shown = 10 if isinstance(value, (dt.date, dt.time)) else wcswidth(str(value))
                widest = max(widest, shown + 2)
        ws.column_dimensions[get_column_letter(index)].width = max(NARROWEST, min(WIDEST, max(widest, 0)))
