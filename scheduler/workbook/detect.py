"""Which input files are workbooks: by name, or by their first bytes (a zip, or an old OLE
file), so that an .xlsx under any name is read as one. Imports nothing: every YAML read asks."""

from __future__ import annotations

from pathlib import Path

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .et, and password-protected .xlsx
OLD_SUFFIXES = (".xls", ".et", ".ett", ".xlt")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", *OLD_SUFFIXES)


def is_workbook(path: Path, head: bytes) -> bool:
    return path.suffix.lower() in WORKBOOK_SUFFIXES or head.startswith((ZIP_MAGIC, OLE_MAGIC))
