"""The look shared by every sheet: a bold shaded header, frozen and filterable, columns as
wide as their text, dates as real date cells, and A4 print settings."""

from __future__ import annotations

import datetime as dt

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from wcwidth import wcswidth

DATE_FORMAT = "yyyy-mm-dd"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TITLE_FONT = Font(bold=True, size=14)
TOTAL_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MIN_WIDTH, MAX_WIDTH = 6, 50
A4 = 9  # the paper size code of the Office file format


def text_width(value) -> int:
    """Display columns of a value's longest line (a Chinese character takes two)."""
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    return max((max(wcswidth(line), len(line)) for line in str(value).split("\n")), default=0)


def put(sheet: Worksheet, row: int, column: int, value) -> Cell:
    """Write a value: a date as a date cell, text as text even when it starts with "=" (names
    and titles come from the user's files and must never run as formulas)."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    return cell


def header(sheet: Worksheet, row: int, values, first_column: int = 1) -> None:
    for offset, value in enumerate(values):
        cell = put(sheet, row, first_column + offset, value)
        cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, CENTER, BOX


def table(sheet: Worksheet, headers, rows, *, first_row: int = 1, filtered: bool = True,
          widths: dict[int, int] | None = None) -> int:
    """Headers and rows from `first_row` on, dates formatted, the header frozen and filterable;
    columns fitted to their text. Returns the last row written."""
    header(sheet, first_row, headers)
    row_number = first_row
    for row_number, values in enumerate(rows, start=first_row + 1):
        for column, value in enumerate(values, start=1):
            put(sheet, row_number, column, value)
    sheet.freeze_panes = sheet.cell(row=first_row + 1, column=1)
    if filtered and row_number > first_row:
        sheet.auto_filter.ref = f"A{first_row}:{get_column_letter(len(headers))}{row_number}"
    fit_columns(sheet, widths, first_row)
    return row_number


def fit_columns(sheet: Worksheet, fixed: dict[int, int] | None = None, min_row: int = 1) -> None:
    """Each column as wide as its widest cell from `min_row` down (within bounds), unless
    given in `fixed`."""
    widest: dict[int, int] = {}
    for row in sheet.iter_rows(min_row=min_row):
        for cell in row:
            if cell.value is not None:
                widest[cell.column] = max(widest.get(cell.column, 0), text_width(cell.value))
    fixed = fixed or {}
    for column, width in widest.items():
        width = fixed.get(column, max(MIN_WIDTH, min(MAX_WIDTH, width + 2)))
        sheet.column_dimensions[get_column_letter(column)].width = width


def print_a4(sheet: Worksheet, *, landscape: bool = True, title_rows: str | None = None) -> None:
    """A4, one page wide (as many pages down as needed), header rows on every page."""
    sheet.page_setup.paperSize = A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    if title_rows:
        sheet.print_title_rows = title_rows
