"""Helpers of the workbook tests: an instance's workbook, changed cell by cell, and a second
reader's view of any workbook the project writes."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from scheduler.workbook.write import workbook_bytes

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ("qingxu-2023-spring", "jiaocheng-2022")


def bundled(name: str) -> Path:
    return ROOT / "instances" / f"{name}.yaml"


def edited(instance, path: Path, edit) -> Path:
    """The instance's workbook, with `edit(workbook)` applied through openpyxl, saved at path."""
    book = load_workbook(BytesIO(workbook_bytes(instance)))
    edit(book)
    book.save(path)
    return path


def cells(path: Path) -> dict[str, list[list]]:
    """Every sheet's values as python-calamine reads them: the second, independent reader."""
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}


def column(grid: list[list], header: str) -> list:
    """The values under a header (data rows only)."""
    position = grid[0].index(header)
    return [row[position] if position < len(row) else "" for row in grid[1:]]
