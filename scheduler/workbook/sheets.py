"""One sheet's grid → its rows: the header row matched to the columns, blank rows skipped, each
cell read by its column's kind. Problems are placed at the sheet, row and column."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from scheduler.workbook import cells
from scheduler.workbook import messages as say
from scheduler.workbook.cells import CellProblem
from scheduler.workbook.columns import CHOICES, Column, Sheet
from scheduler.workbook.places import Place

# label or value → value, for the enumerations the reader itself must know (the model takes the
# others' Chinese labels as synonyms).
_CHOICE_VALUES = {key: {**{v: v for v in labels}, **{label: v for v, label in labels.items()}}
                  for key, labels in CHOICES.items()}


@dataclass
class Row:
    sheet: Sheet
    number: int  # the row number shown in Excel/WPS
    values: dict = field(default_factory=dict)  # column key → value read (blank cells left out)

    def place(self, key: str | None = None) -> Place:
        if key is None:
            return Place(self.sheet.title, self.number)
        return Place(self.sheet.title, self.number, self.sheet.column(key).header)


@dataclass
class SheetRows:
    rows: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def sheet_rows(path: Path, sheet: Sheet, grid, formulas: dict[tuple[int, int], str]) -> SheetRows:
    found = SheetRows()
    table = grid.to_python(skip_empty_area=False)
    for (top, left), (bottom, right) in grid.merged_cell_ranges or []:
        from openpyxl.utils import get_column_letter  # only for the message: openpyxl is slow to import

        span = f"{get_column_letter(left + 1)}{top + 1}:{get_column_letter(right + 1)}{bottom + 1}"
        header = table[0][left] if table and left < len(table[0]) else None
        place = Place(sheet.title, top + 1, str(header).strip() if header not in (None, "") else None)
        found.errors.append(f"{path} {place}：{say.MERGED.format(range=span)}")
    if found.errors:
        return found
    columns = _header(path, sheet, table[0] if table else [], found)
    if found.errors:
        return found
    readers = [(position, column.key, _reader(column)) for position, column in columns.items()]
    for index, line in enumerate(table[1:], start=2):
        row = Row(sheet, index)
        filled = False
        for position, key, read in readers:
            value = line[position] if position < len(line) else ""
            if value == "" or value is None or (isinstance(value, str) and not value.strip()):
                if (index, position + 1) not in formulas:
                    continue
            filled = True
            try:
                if (index, position + 1) in formulas:
                    raise CellProblem(say.FORMULA_NO_VALUE.format(formula=formulas[(index, position + 1)]))
                row.values[key] = read(value)
            except CellProblem as problem:
                found.errors.append(f"{path} {row.place(key)}：{problem.message}")
        if filled:
            found.rows.append(row)
    return found


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header(path: Path, sheet: Sheet, header: list, found: SheetRows) -> dict[int, Column]:
    by_header = {column.header: column for column in sheet.columns}
    columns: dict[int, Column] = {}
    seen: set[str] = set()
    where = Place(sheet.title, 1)
    for position, title in enumerate(header):
        if _blank(title):
            continue
        title = cells.plain_text(title) if not isinstance(title, (dt.date, dt.time, bool)) else str(title)
        column = by_header.get(title)
        if column is None:
            found.warnings.append(say.UNKNOWN_COLUMN.format(path=path, place=where, column=title,
                                                            known="、".join(by_header)))
        elif title in seen:
            found.errors.append(say.DUPLICATE_COLUMN.format(path=path, place=where, column=title))
        else:
            columns[position] = column
            seen.add(title)
    for column in sheet.columns:
        if column.required and column.header not in seen:
            found.errors.append(say.MISSING_COLUMN.format(path=path, place=Place(sheet.title), column=column.header))
    return columns


def _reader(column: Column):
    """The function reading a cell of the column: its kind's, over the items of a list cell."""
    one = _READERS.get(column.kind, cells.plain_text)
    if column.kind == "dates" and column.key == "workdays":
        one = cells.day
    elif column.kind == "choice":
        values = _CHOICE_VALUES[column.choices]

        def one(value):
            text = cells.plain_text(value)
            return values.get(text, text)
    if column.many and column.kind == "ref":
        return cells.plain_text  # split where the names are known (assemble)
    if column.many:
        return lambda value: [one(item) for item in cells.items(value)]
    return one


def _note(value):
    return value if isinstance(value, str) else cells.plain_text(value)


def _number(value):
    """A whole number as int; anything else as given, for the model to say what is wrong."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value


_READERS = {"date": cells.day, "dates": cells.day_range, "time": cells.clock, "weekdays": cells.weekday,
            "bool": cells.boolean, "int": _number, "note": _note}
