"""The notices directory: the sheets (all in one file, and one file per teacher), and after a
replan the messages as CSV (UTF-8 with BOM, for Excel and WPS) and text. Built whole beside
the target and swapped in (scheduler.files.staged_directory); files of others are kept."""

from __future__ import annotations

import os
import re
from pathlib import Path

from scheduler.csvfiles import csv_bytes
from scheduler.domain import InputError
from scheduler.files import TEMP_FILE, carry, ensure_writable, fit_name, staged_directory, unique_name, write_new
from scheduler.notices import messages as m
from scheduler.notices.changes import Message

OURS = re.compile(r"^(授课通知单.*\.html|调课通知\.(csv|txt))$")


def sheet_filename(teacher_id: str, taken: set[str]) -> str:
    """A file name from the teacher's id, unique even where case does not count."""
    return unique_name(fit_name(m.ONE_SHEET.format(id=re.sub(r"[^\w.\-]", "_", teacher_id))), taken)


def messages_csv(messages: list[Message]) -> bytes:
    return csv_bytes(m.CSV_HEADERS, ([message.name, message.phone, message.text] for message in messages))


def messages_text(messages: list[Message]) -> bytes:
    blocks = [f"{msg.name}{'  ' + msg.phone if msg.phone else ''}\n{msg.text}\n" for msg in messages]
    return "\n".join(blocks).encode("utf-8")



def write_directory(out: str | Path, files: dict[str, bytes]) -> None:
    """Replace the notices in `out` with `files`, all or nothing; other files in it are kept.
    A non-empty directory with no notices in it is refused, never replaced."""
    out = Path(out)
    old = Path(os.path.realpath(out)) if out.is_symlink() else out
    present = check_target(out)
    with staged_directory(out) as stage:
        for name, content in files.items():
            write_new(stage / name, content)
        for name in sorted(present):
            if not OURS.match(name) and name not in files:
                carry(old / name, stage / name)


def check_target(out: str | Path) -> list[str]:
    """What `out` holds now; bad input unless it is new, empty or holds notices, and writable."""
    out = Path(out)
    present = _entries(Path(os.path.realpath(out)) if out.is_symlink() else out)
    if present and not any(OURS.match(name) for name in present):
        raise InputError([m.NOT_NOTICES.format(out=out, marker=m.ALL_SHEETS)])
    ensure_writable(out, directory=True)
    return present


def _entries(folder: Path) -> list[str]:
    try:
        return [name for name in os.listdir(folder) if not TEMP_FILE.match(name)]
    except (FileNotFoundError, NotADirectoryError):
        return []
