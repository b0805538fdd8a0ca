"""A workbook's bytes → the same data the YAML reader gives, with the place of every part.

Read with python-calamine: a Rust reader, about ten times faster than openpyxl on a big county
(the synthetic M reads in a tenth of a second), which keeps a workbook as quick to load as YAML.
openpyxl is asked only when the file holds formulas, to find those without a computed value.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from scheduler.workbook import messages as say
from scheduler.workbook.assemble import assemble
from scheduler.workbook.columns import GUIDE_SHEET, LISTS_SHEET, SHEET_BY_TITLE, SHEETS
from scheduler.workbook.detect import OLD_SUFFIXES, OLE_MAGIC, ZIP_MAGIC
from scheduler.workbook.places import Places
from scheduler.workbook.sheets import Row, sheet_rows

_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
MAX_UNPACKED_MB = 256  # a county's workbook unpacks to a few MB; refuse a zip bomb before reading
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_IGNORED = {GUIDE_SHEET, LISTS_SHEET}


class WorkbookError(Exception):
    """Problems that stop the reading; each message names the file and the place."""

    def __init__(self, messages: list[str], warnings: list[str] | None = None):
        self.messages = messages
        self.warnings = warnings or []
        super().__init__("\n".join(messages))


@dataclass
class Reading:
    data: dict
    places: Places
    warnings: list[str] = field(default_factory=list)


def read_workbook(path: Path, raw: bytes) -> Reading:
    book = _open(path, raw)
    warnings: list[str] = []
    errors: list[str] = []
    titles = book.sheet_names
    for title in titles:
        if title not in SHEET_BY_TITLE and title not in _IGNORED:
            warnings.append(say.UNKNOWN_SHEET.format(path=path, sheet=title, known="、".join(SHEET_BY_TITLE)))
    missing = [s.title for s in SHEETS if s.required and s.title not in titles]
    for title in missing:
        errors.append(say.MISSING_SHEET.format(path=path, sheet=title, present="、".join(titles)))
    formulas = _formulas_without_value(raw) if _has_formulas(raw) else {}
    rows: dict[str, list[Row]] = {}
    for sheet in SHEETS:
        if sheet.title in titles:
            grid = book.get_sheet_by_name(sheet.title)
            found = sheet_rows(path, sheet, grid, formulas.get(sheet.title, {}))
            rows[sheet.key] = found.rows
            errors += found.errors
            warnings += found.warnings
        else:
            rows[sheet.key] = []
    if errors:
        raise WorkbookError(errors, warnings)
    data, places, problems = assemble(rows)
    if problems:
        raise WorkbookError([f"{path} {place}：{message}" for place, message in problems], warnings)
    return Reading(data, places, warnings)


def _open(path: Path, raw: bytes) -> CalamineWorkbook:
    if raw.startswith(OLE_MAGIC):
        raise WorkbookError([(say.ENCRYPTED if _ENCRYPTED in raw else say.NOT_XLSX).format(path=path)])
    if not raw.startswith(ZIP_MAGIC):
        old = path.suffix.lower() in OLD_SUFFIXES
        raise WorkbookError([(say.NOT_XLSX if old else say.CORRUPT).format(path=path)])
    try:
        with zipfile.ZipFile(BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise WorkbookError([say.CORRUPT.format(path=path)]) from None
    if unpacked > MAX_UNPACKED_MB * 2**20:
        raise WorkbookError([say.TOO_BIG.format(path=path, cap=MAX_UNPACKED_MB)])
    try:
        return CalamineWorkbook.from_filelike(BytesIO(raw))
    except (CalamineError, ValueError, OSError, TypeError):
        raise WorkbookError([say.CORRUPT.format(path=path)]) from None


def _has_formulas(raw: bytes) -> bool:
    """Whether a sheet holds a formula element: only then is openpyxl's slower look needed."""
    with zipfile.ZipFile(BytesIO(raw)) as archive:
        return any(_FORMULA.search(archive.read(info)) for info in archive.infolist()
                   if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"))


def _formulas_without_value(raw: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """sheet → (row, column) → formula, for the formula cells whose computed value was not saved
    (a file written by a program, never opened in Excel/WPS): their value is unknown."""
    from openpyxl import load_workbook

    formulas: dict[str, dict[tuple[int, int], str]] = {}
    try:
        texts = load_workbook(BytesIO(raw), data_only=False)
        values = load_workbook(BytesIO(raw), data_only=True)
    except Exception:  # noqa: BLE001 - calamine read the file; openpyxl's view is extra
        return formulas
    for sheet in texts.worksheets:
        if sheet.title not in SHEET_BY_TITLE:
            continue
        computed = values[sheet.title]
        for row in sheet.iter_rows():
            for cell in row:
                if getattr(cell, "data_type", None) == "f" and \
                        computed.cell(cell.row, cell.column).value is None:
                    formulas.setdefault(sheet.title, {})[(cell.row, cell.column)] = str(cell.value)
    return formulas
