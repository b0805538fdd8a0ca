"""Reading instance and plan files, and turning every problem into a message a user can act on.

Every message names the file, the line where the YAML has one (a workbook's sheet, row and
column), the record (by its id) and the field, in Chinese. Nothing here raises anything but `InputError` for bad input.
"""

from __future__ import annotations

import codecs
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from scheduler import text
from scheduler.domain.findings import Finding
from scheduler.domain.instance import Instance
from scheduler.domain.messages import (
    error_message,
    excerpt,
    render_findings,
    translate_yaml_problem,
    validation_messages,
    visible,
    yaml_problem,
)
from scheduler.domain.plan import Plan
from scheduler.domain.yaml_reader import MAX_INT_DIGITS, Lines, ReadProblem, build, event_stream

# Also taken from here: the messages' helpers the command-line modules use.
__all__ = ["InputError", "error_message", "instance_lines", "load_instance", "load_plan",
           "load_yaml_model", "render_findings", "visible"]

ModelT = TypeVar("ModelT", bound=BaseModel)


class InputError(Exception):
    """Bad input: a missing file, broken YAML or JSON, or data that breaks the format."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages))


# Caps that keep any file answerable in seconds and bounded memory: a county's real instance
# is under 1 MB; the biggest synthetic one (`generate --size L`) is about 2 MB.
MAX_INPUT_MB = 16
MAX_INPUT_BYTES = MAX_INPUT_MB * 1024 * 1024


def load_instance(path: str | Path) -> Instance:
    """Read and validate an instance file (YAML or an .xlsx workbook); raise InputError with
    every problem found."""
    path = Path(path)
    data, lines = instance_lines(path)
    instance = _validated(path, data, lines, Instance, fields="（name、term、sites …）")
    _check_calendar(path, instance)
    return instance


def _check_calendar(path: Path, instance: Instance) -> None:
    """A term whose holidays cannot be known is bad input: say where, as for any field."""
    from scheduler.calendar import CalendarError, TermCalendar  # calendar builds on the domain

    try:
        TermCalendar(instance.term).check()
    except CalendarError as exc:
        data, lines = instance_lines(path)
        raise InputError(render_findings(path, data, lines, [Finding(path=exc.path, message=str(exc))])) from None


def load_yaml_model(path: str | Path, model: type[ModelT], what: str = "", fields: str = "") -> ModelT:
    """Read a YAML file of a model (an instance, a what-if change file) and validate it."""
    path = Path(path)
    data, lines = _read_yaml(path)
    return _validated(path, data, lines, model, what, fields)


def _validated(path: Path, data: Any, lines: Any, model: type[ModelT], what: str = "", fields: str = "") -> ModelT:
    if data is None:
        raise InputError([text.INPUT_EMPTY.format(path=path)])
    if not isinstance(data, dict):
        kind = text.TYPE_NAMES.get(type(data).__name__, type(data).__name__)
        raise InputError([text.INPUT_TOP_LEVEL.format(path=path, what=what, fields=fields, kind=kind)])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(validation_messages(path, data, lines, exc)) from None


def load_plan(path: str | Path) -> Plan:
    path = Path(path)
    text_ = _read_text(path)
    try:
        data = json.loads(text_, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        problem = next((chinese for english, chinese in _JSON_PROBLEMS if exc.msg.startswith(english)),
                       text.YAML_UNKNOWN_PROBLEM.format(problem=excerpt(exc.msg, quote=False)))
        raise InputError([f"{path} 第{exc.lineno}行第{exc.colno}列：JSON 格式错误：{problem}"]) from None
    except ReadProblem as exc:
        raise InputError([f"{path}：JSON 格式错误：{exc.message}"]) from None
    except RecursionError:
        raise InputError([f"{path}：JSON 格式错误：{text.TOO_DEEP}"]) from None
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        raise InputError(validation_messages(path, data, NO_LINES, exc)) from None


_JSON_PROBLEMS = [
    ("Expecting value", "此处缺少值"),
    ("Expecting property name enclosed in double quotes", "键应写在双引号中（或多了逗号）"),
    ("Expecting ',' delimiter", "缺少逗号"),
    ("Expecting ':' delimiter", "缺少冒号"),
    ("Unterminated string", "字符串没有结束（缺少双引号）"),
    ("Extra data", "多余的内容（JSON 只能有一个值）"),
    ("Invalid control character", "字符串中有控制字符"),
    ("Invalid \\escape", "无效的转义字符"),
    ("Invalid \\uXXXX escape", "无效的 \\u 转义"),
]


def _json_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise ReadProblem(None, text.YAML_NUMBER_TOO_BIG.format(value=excerpt(digits, quote=False),
                                                             digits=MAX_INT_DIGITS))
    return int(digits)


def instance_lines(path: str | Path) -> tuple[Any, Any]:
    """The raw data of an instance file and where each part was read: the path → line map of a
    YAML file, the path → sheet, row and column map of a workbook (for locating findings)."""
    path = Path(path)
    raw = _read_bytes(path)
    from scheduler.workbook.detect import is_workbook  # the workbook reader builds on the domain

    if is_workbook(path, raw[:8]):
        return _read_workbook(path, raw)
    return _parse_yaml(path, _decode(path, raw))


def _read_workbook(path: Path, raw: bytes) -> tuple[Any, Any]:
    """A workbook's data and places; its warnings (unknown sheets, columns) said once per read."""
    from scheduler.workbook.read import WorkbookError, read_workbook

    cached = _last_read.get(str(path))
    if cached is not None and cached[0] == raw:
        return cached[1], cached[2]
    try:
        reading = read_workbook(path, raw)
    except WorkbookError as exc:
        _warn(exc.warnings)
        raise InputError(exc.messages) from None
    _warn(reading.warnings)
    _last_read.clear()
    _last_read[str(path)] = (raw, reading.data, reading.places)
    return reading.data, reading.places


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        print(f"{text.WARNING}：{warning}", file=sys.stderr)


def _read_text(path: Path) -> str:
    return _decode(path, _read_bytes(path))


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing before reading what is not a regular file of a sane size."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise InputError([text.INPUT_NOT_FOUND.format(path=path)]) from None
    except IsADirectoryError:
        raise InputError([text.INPUT_IS_DIRECTORY.format(path=path)]) from None
    except OSError as exc:
        if path.is_dir():
            raise InputError([text.INPUT_IS_DIRECTORY.format(path=path)]) from None
        raise InputError([text.INPUT_UNREADABLE.format(path=path, reason=exc.strerror or exc)]) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError([text.INPUT_IS_DIRECTORY.format(path=path)])
        if not stat.S_ISREG(info.st_mode):
            raise InputError([text.INPUT_NOT_REGULAR.format(path=path)])
        too_big = InputError([text.INPUT_TOO_BIG.format(path=path, size=info.st_size / 2**20, cap=MAX_INPUT_MB)])
        if info.st_size > MAX_INPUT_BYTES:
            raise too_big
        with os.fdopen(os.dup(fd), "rb") as stream:
            raw = stream.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise InputError([text.INPUT_UNREADABLE.format(path=path, reason=exc.strerror or exc)]) from None
    finally:
        os.close(fd)
    if len(raw) > MAX_INPUT_BYTES:
        raise too_big
    return raw


def _decode(path: Path, raw: bytes) -> str:
    """UTF-8 text (a BOM is dropped); other encodings refused with the one it seems to be."""
    for bom, encoding in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                          (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
        if raw.startswith(bom):
            raise InputError([text.INPUT_UTF16.format(path=path, encoding=encoding)])
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    head = raw[:4096]
    if len(head) >= 4 and head.count(0) * 4 >= len(head):  # ASCII as UTF-16: every other byte 0
        raise InputError([text.INPUT_UTF16.format(path=path, encoding="UTF-16")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        try:
            raw.decode("gbk")
        except UnicodeDecodeError:
            raise InputError([text.INPUT_NOT_UTF8.format(path=path, line=line)]) from None
        raise InputError([text.INPUT_GBK.format(path=path, line=line)]) from None


# The last file parsed, so `check` reading the instance and then its lines parses it once
# (compared by content: a file rewritten within the clock's tick keeps its mtime).
_last_read: dict[str, tuple[str | bytes, Any, Any]] = {}
NO_LINES = Lines(None, None, {})  # a JSON file's paths have no lines to name


def _read_yaml(path: Path) -> tuple[Any, Lines]:
    return _parse_yaml(path, _read_text(path))


def _parse_yaml(path: Path, source: str) -> tuple[Any, Lines]:
    cached = _last_read.get(str(path))
    if cached is not None and cached[0] == source:
        return cached[1], cached[2]
    events = event_stream(source)
    try:
        data, lines, duplicates = build(events)
    except yaml.MarkedYAMLError as exc:
        raise InputError([yaml_problem(path, source, exc)]) from None
    except yaml.YAMLError as exc:
        raise InputError([text.YAML_ERROR.format(where=path, problem=translate_yaml_problem(str(exc)))]) from None
    except ReadProblem as exc:
        where = f"{path} 第{exc.mark.line + 1}行第{exc.mark.column + 1}列"
        raise InputError([text.YAML_ERROR.format(where=where, problem=exc.message)]) from None
    finally:
        events.dispose()
    if duplicates:
        raise InputError([f"{path} {d}" for d in duplicates])
    _last_read.clear()
    _last_read[str(path)] = (source, data, lines)
    return data, lines
