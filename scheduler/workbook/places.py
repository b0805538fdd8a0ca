"""Where in a workbook: a sheet, a row, a column; and the map from a path in the instance's data
to the place it was read from (what a YAML file's line numbers are to its findings)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from scheduler.workbook import messages as say

if TYPE_CHECKING:
    from scheduler.workbook.sheets import Row


@dataclass(frozen=True)
class Place:
    sheet: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        if self.row is None:
            return say.PLACE_SHEET.format(sheet=self.sheet)
        if self.column is None:
            return say.PLACE_ROW.format(sheet=self.sheet, row=self.row)
        return say.PLACE_CELL.format(sheet=self.sheet, row=self.row, column=self.column)


class Places:
    """Path in the data → the row it was read from. A field of a record is placed at its column
    (the field's column key, or an alias); a part with no cell of its own (an item of a list in
    one cell) is placed where its nearest enclosing part is. Places are made only when asked for:
    a county has tens of thousands of cells, and most are never named in a message."""

    def __init__(self) -> None:
        self.known: dict[tuple, tuple] = {}

    def add(self, path: tuple, row: Row | Place, column: str | None = None, aliases: dict | None = None) -> None:
        """`row` read `path`; `column`: the key of the one cell it came from, else its fields
        are placed at their columns (`aliases`: field → column key where they differ)."""
        self.known[path] = (row, column, aliases)

    def place(self, path: tuple) -> Place | None:
        for end in range(len(path), -1, -1):
            found = self.known.get(tuple(path[:end]))
            if found is None:
                continue
            row, column, aliases = found
            if isinstance(row, Place):
                return row
            if end < len(path) and isinstance(path[end], str):
                key = (aliases or {}).get(path[end], path[end] if column is None else None)
                if key in row.sheet.by_key:
                    return row.place(key)
            return row.place(column)
        return None

    def locate(self, path: tuple) -> str:
        found = self.place(path)
        return "" if found is None else str(found)
