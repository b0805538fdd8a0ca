"""Reading instance and plan files, and turning every problem into a message a user can act on.

Every message names the file, the line where the YAML has one, the record (by its id) and the
field, in Chinese. Nothing here raises anything but `InputError` for bad input.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import reprlib
import stat
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from scheduler import text
from scheduler.domain.instance import Finding, Instance, InstanceReferenceError, date_problem
from scheduler.domain.plan import Plan


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
MAX_NODES = 1_000_000  # keys and values, aliases counted expanded: `generate --size L` has 190,000
MAX_MESSAGES = 200  # problems listed; a file wrong everywhere says how many more
MAX_DEPTH = 64  # an instance nests about 8 deep
MAX_INT_DIGITS = 18  # stays inside the solver's 64-bit integers
EXCERPT_CHARS = 60

_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_PLAIN_TAGS = (None, "!")


def _implicit_resolvers() -> dict[str, list[tuple[str, re.Pattern]]]:
    """PyYAML's plain-scalar resolvers without YAML 1.1 base-60 numbers (14:30 stays the text
    "14:30") and without timestamps (dates stay text, so the model can say what is wrong with
    2026-11-31 where it is)."""
    dropped = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp")
    table: dict[str, list[tuple[str, re.Pattern]]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in dropped]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    number = [
        ("tag:yaml.org,2002:int",
         re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
         "-+0123456789"),
        ("tag:yaml.org,2002:float",
         re.compile(r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+"
                    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
         "-+0123456789."),
    ]
    for tag, regexp, firsts in number:
        for first in firsts:
            table.setdefault(first, []).append((tag, regexp))
    return table


_RESOLVERS = _implicit_resolvers()
try:
    from yaml.cyaml import CParser as _EVENT_SOURCE  # libyaml's parser: 10× faster on a large county
except ImportError:
    _EVENT_SOURCE = None


class _PythonEvents(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """The same event stream without libyaml."""

    def __init__(self, text: str):
        yaml.reader.Reader.__init__(self, text)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


class _Problem(Exception):
    """A problem found while building the data, at a position of the file."""

    def __init__(self, mark, message: str):
        self.mark = mark
        self.message = message
        super().__init__(message)


class _Frame:
    __slots__ = ("value", "lines", "is_map", "anchor", "first_node", "mark", "key", "key_line",
                 "has_key", "merging", "merges")

    def __init__(self, is_map: bool, anchor, first_node: int, mark):
        self.value: Any = {} if is_map else []
        self.lines: Any = {} if is_map else []
        self.is_map = is_map
        self.anchor = anchor
        self.first_node = first_node
        self.mark = mark
        self.key: Any = None
        self.key_line = 0
        self.has_key = False
        self.merging = False
        self.merges: list = []


class _Lines:
    """The line of each path in the data. Lines are kept per mapping and list, so a part reached
    through an alias has its anchor's lines at no cost."""

    def __init__(self, root: Any, root_line: int | None, tables: dict[int, Any]):
        self._root = root
        self._root_line = root_line
        self._tables = tables

    def get(self, path: tuple, default: int | None = None) -> int | None:
        node, line = self._root, self._root_line
        if line is None:
            return default
        for key in path:
            table = self._tables.get(id(node)) if isinstance(node, (dict, list)) else None
            if table is None:
                return default
            try:
                if isinstance(node, list) and not (isinstance(key, int) and 0 <= key < len(node)):
                    return default
                line, node = table[key], node[key]
            except (KeyError, IndexError, TypeError):
                return default
        return line

    def __getitem__(self, path: tuple) -> int:
        line = self.get(path)
        if line is None:
            raise KeyError(path)
        return line

    def __contains__(self, path: tuple) -> bool:
        return self.get(path) is not None


def _build(events) -> tuple[Any, _Lines, list[str]]:
    """The data of a one-document YAML event stream, built without recursion, with the lines of
    its parts and the duplicate keys. Nesting, alias expansion and numbers are bounded, so no
    input can exhaust the stack, the memory or the time."""
    root: Any = None
    root_line: int | None = None
    documents = 0
    stack: list[_Frame] = []
    tables: dict[int, Any] = {}
    anchors: dict[str, tuple[Any, int, int]] = {}  # name → (value, nodes it expands to, line)
    nodes = 0
    duplicates: list[str] = []
    get_event = events.get_event
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    while True:
        event = get_event()
        kind = event.__class__
        mark = event.start_mark
        if kind is scalar_event:
            value = _scalar(event)
            line = mark.line + 1
            nodes += 1
            if event.anchor is not None:
                anchors[event.anchor] = (value, 1, line)
        elif kind in starts:
            if stack and stack[-1].is_map and not stack[-1].has_key:
                raise _Problem(mark, text.YAML_COMPLEX_KEY)
            if len(stack) >= MAX_DEPTH:
                raise _Problem(mark, text.YAML_TOO_DEEP.format(limit=MAX_DEPTH))
            is_map = kind is yaml.MappingStartEvent
            if event.tag not in _PLAIN_TAGS and event.tag != (_MAP if is_map else _SEQ):
                raise _Problem(mark, text.YAML_BAD_TAG.format(tag=excerpt(event.tag)))
            if event.anchor is not None:
                anchors.pop(event.anchor, None)
            frame = _Frame(is_map, event.anchor, nodes, mark)
            tables[id(frame.value)] = frame.lines
            stack.append(frame)
            nodes += 1
            continue
        elif kind in ends:
            frame = stack.pop()
            value = _merged(frame, tables) if frame.merges else frame.value
            mark = frame.mark
            line = mark.line + 1
            if frame.anchor is not None:
                anchors[frame.anchor] = (value, nodes - frame.first_node, line)
        elif kind is alias_event:
            name = event.anchor
            if name not in anchors:
                problem = (text.YAML_RECURSIVE_ALIAS if any(f.anchor == name for f in stack)
                           else text.YAML_UNDEFINED_ALIAS)
                raise _Problem(mark, problem.format(name=excerpt(name, quote=False)))
            value, size, line = anchors[name]
            nodes += size
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Problem(mark, text.YAML_MULTIPLE_DOCUMENTS)
            continue
        elif kind is yaml.StreamEndEvent:
            return root, _Lines(root, root_line, tables), duplicates
        else:
            continue
        if nodes > MAX_NODES:
            raise _Problem(mark, text.YAML_TOO_MANY_NODES.format(limit=f"{MAX_NODES:,}"))
        if not stack:
            root, root_line = value, line
            continue
        parent = stack[-1]
        if not parent.is_map:
            parent.value.append(value)
            parent.lines.append(line)
        elif not parent.has_key:
            if value is _MERGE_KEY:
                parent.merging = True
            elif not isinstance(value, (str, int, float, bool, type(None))):
                raise _Problem(mark, text.YAML_COMPLEX_KEY)
            parent.key, parent.key_line, parent.has_key = value, line, True
        elif parent.merging:
            parent.merges.append((value, mark))
            parent.merging = parent.has_key = False
        else:
            key = parent.key
            if value is _MERGE_KEY:
                value = "<<"
            if key in parent.value:
                duplicates.append(f"第{parent.key_line}行：" + text.YAML_DUPLICATE_KEY.format(key=excerpt(key)))
            parent.value[key] = value
            parent.lines[key] = line
            parent.has_key = False


_MERGE_KEY = object()


def _merged(frame: _Frame, tables: dict[int, Any]) -> dict:
    """A mapping with its `<<` merges: its own keys first, then earlier merges before later."""
    result, lines = dict(frame.value), dict(frame.lines)
    for value, mark in frame.merges:
        for source in value if isinstance(value, list) else [value]:
            if not isinstance(source, dict):
                raise _Problem(mark, text.YAML_BAD_MERGE)
            source_lines = tables.get(id(source), {})
            for key, item in source.items():
                if key not in result:
                    result[key] = item
                    lines[key] = source_lines.get(key, mark.line + 1)
    del tables[id(frame.value)]
    tables[id(result)] = lines
    return result


_BOOL_TRUE = {"yes", "true", "on"}


def _scalar(event) -> Any:
    value, tag = event.value, event.tag
    if tag is None:
        if not event.implicit[0]:
            return value  # quoted
        known = _PLAIN_VALUES.get(value, _UNKNOWN)
        if known is not _UNKNOWN:
            return known
        tag = next((candidate for candidate, regexp in _RESOLVERS.get(value[:1], ())
                    if regexp.match(value)), _STR)
        result = _construct(tag, value, event)
        if len(_PLAIN_VALUES) < 100_000 and len(value) < 40:
            _PLAIN_VALUES[value] = result
        return result
    return _construct(_STR if tag == "!" else tag, value, event)


_UNKNOWN = object()
_PLAIN_VALUES: dict[str, Any] = {}  # plain scalars repeat (ids, kinds, numbers): resolve each once


def _construct(tag: str, value: str, event) -> Any:
    if tag == _STR:
        return value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() in _BOOL_TRUE
    if tag == "tag:yaml.org,2002:int":
        return _int(value, event.start_mark)
    if tag == "tag:yaml.org,2002:float":
        return _float(value, event.start_mark)
    if tag == _MERGE:
        return _MERGE_KEY
    if tag in ("tag:yaml.org,2002:value", "tag:yaml.org,2002:yaml"):
        return value
    raise _Problem(event.start_mark, text.YAML_BAD_TAG.format(tag=excerpt(tag)))


def _int(value: str, mark) -> int:
    digits = value.replace("_", "")
    sign = -1 if digits[:1] == "-" else 1
    digits = digits.lstrip("+-")
    if len(digits) > MAX_INT_DIGITS + 2:
        raise _Problem(mark, text.YAML_NUMBER_TOO_BIG.format(value=excerpt(value, quote=False),
                                                             digits=MAX_INT_DIGITS))
    try:
        if digits.startswith("0b"):
            number = int(digits[2:], 2)
        elif digits.startswith("0x"):
            number = int(digits[2:], 16)
        elif digits != "0" and digits.startswith("0"):
            number = int(digits, 8)
        else:
            number = int(digits)
    except ValueError:
        raise _Problem(mark, text.YAML_BAD_TAG.format(tag="!!int")) from None
    if number >= 10 ** MAX_INT_DIGITS:
        raise _Problem(mark, text.YAML_NUMBER_TOO_BIG.format(value=excerpt(value, quote=False),
                                                             digits=MAX_INT_DIGITS))
    return sign * number


def _float(value: str, mark) -> float:
    lowered = value.replace("_", "").lower()
    if lowered in (".inf", "+.inf"):
        return float("inf")
    if lowered == "-.inf":
        return float("-inf")
    if lowered == ".nan":
        return float("nan")
    try:
        return float(lowered)
    except ValueError:
        raise _Problem(mark, text.YAML_BAD_TAG.format(tag="!!float")) from None


_SECTION_NAMES = {
    "term": "学期", "townships": "乡镇", "sites": "学校", "venues": "场地", "topics": "专题",
    "teachers": "教师", "classes": "班次", "curriculum": "课程项", "blackouts": "停课安排",
    "obligations": "授课任务", "holidays": "假日", "unavailable": "不可用时间",
    "blocks": "时段", "sessions": "课次", "travel": "路程", "weights": "权重",
    "changes": "变动",
}

_MESSAGES = {
    "missing": "缺少必填字段",
    "extra_forbidden": "未知字段（是否拼写错误？）",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "string_type": "应为文字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "list_type": "应为列表",
    "dict_type": "应为映射（键: 值）",
    "model_type": "应为映射（键: 值）",
    "model_attributes_type": "应为映射（键: 值）",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_inexact": "日期不应带时间",
    "date_type": "日期格式应为 YYYY-MM-DD",
    "time_parsing": "时间格式应为 HH:MM",
    "time_type": "时间格式应为 HH:MM",
    "finite_number": "应为有限的数（不能是 .inf 或 .nan）",
    "invalid_key": "键应为文字",
    "string_unicode": "应为文字",
    "string_too_short": "不能为空",
    "tuple_type": "应为列表",
    "set_type": "应为列表",
    "list_type_or_tuple": "应为列表",
    "iterable_type": "应为列表",
    "bool": "应为 true 或 false",
    "int_parsing_size": "整数太大",
    "none_required": "应为空值",
    "mapping_type": "应为映射（键: 值）",
    "dataclass_type": "应为映射（键: 值）",
    "model_fields_type": "应为映射（键: 值）",
    "unexpected_keyword_argument": "未知字段（是否拼写错误？）",
    "unexpected_positional_argument": "多余的值",
    "missing_keyword_only_argument": "缺少必填字段",
    "missing_positional_only_argument": "缺少必填字段",
    "frozen_field": "不能修改",
    "frozen_instance": "不能修改",
    "union_tag_not_found": "缺少区分类型的字段",
    "union_tag_invalid": "类型字段的值不对",
    "json_invalid": "JSON 格式错误",
    "json_type": "应为 JSON 文字",
    "datetime_parsing": "日期时间格式应为 YYYY-MM-DD HH:MM",
    "datetime_type": "日期时间格式应为 YYYY-MM-DD HH:MM",
    "time_delta_parsing": "时长格式不对",
    "time_delta_type": "时长格式不对",
    "timezone_naive": "时间不应带时区",
    "timezone_aware": "时间应带时区",
    "multiple_of": "应为整倍数",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "bytes_type": "应为文字",
    "url_parsing": "网址格式不对",
    "url_type": "网址格式不对",
    "uuid_parsing": "UUID 格式不对",
    "uuid_type": "UUID 格式不对",
    "recursion_loop": "数据中有循环引用",
}


def load_instance(path: str | Path) -> Instance:
    """Read and validate an instance file; raise InputError with every problem found."""
    instance = load_yaml_model(path, Instance, fields="（name、term、sites …）")
    _check_calendar(Path(path), instance)
    return instance


def _check_calendar(path: Path, instance: Instance) -> None:
    """A term whose holidays cannot be known is bad input: say where, as for any field."""
    from scheduler.calendar import CalendarError, TermCalendar  # calendar builds on the domain

    try:
        TermCalendar(instance.term).check()
    except CalendarError as exc:
        data, lines = _read_yaml(path)
        raise InputError(render_findings(path, data, lines, [Finding(path=exc.path, message=str(exc))])) from None


def load_yaml_model(path: str | Path, model: type[ModelT], what: str = "", fields: str = "") -> ModelT:
    """Read a YAML file of a model (an instance, a what-if change file) and validate it."""
    path = Path(path)
    data, lines = _read_yaml(path)
    if data is None:
        raise InputError([text.INPUT_EMPTY.format(path=path)])
    if not isinstance(data, dict):
        kind = text.TYPE_NAMES.get(type(data).__name__, type(data).__name__)
        raise InputError([text.INPUT_TOP_LEVEL.format(path=path, what=what, fields=fields, kind=kind)])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(_render_validation(path, data, lines, exc)) from None


def load_plan(path: str | Path) -> Plan:
    path = Path(path)
    text_ = _read_text(path)
    try:
        data = json.loads(text_, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        problem = next((chinese for english, chinese in _JSON_PROBLEMS if exc.msg.startswith(english)),
                       text.YAML_UNKNOWN_PROBLEM.format(problem=excerpt(exc.msg, quote=False)))
        raise InputError([f"{path} 第{exc.lineno}行第{exc.colno}列：JSON 格式错误：{problem}"]) from None
    except _Problem as exc:
        raise InputError([f"{path}：JSON 格式错误：{exc.message}"]) from None
    except RecursionError:
        raise InputError([f"{path}：JSON 格式错误：{text.TOO_DEEP}"]) from None
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        raise InputError(_render_validation(path, data, {}, exc)) from None


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
        raise _Problem(None, text.YAML_NUMBER_TOO_BIG.format(value=excerpt(digits, quote=False),
                                                             digits=MAX_INT_DIGITS))
    return int(digits)


def render_findings(path: Path | str, data: Any, lines: dict, findings: list[Finding]) -> list[str]:
    return [f"{_where(Path(path), data, lines, f.path)}：{visible(f.message)}" for f in findings]


def instance_lines(path: str | Path) -> tuple[Any, dict]:
    """The raw data and the path → line map of an instance file (for locating findings)."""
    return _read_yaml(Path(path))


def visible(value: str) -> str:
    """Text from a file or the command line, safe to print: control characters (ESC of terminal
    escape sequences, line breaks, bidirectional overrides) shown as escapes."""
    return _INVISIBLE.sub(_escape, value)


_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def excerpt(value: Any, quote: bool = True) -> str:
    """A short printable rendering of an input value: never more than a line of a message,
    however big the value (an expanded alias may be a million items)."""
    if isinstance(value, str):
        short = value if len(value) <= EXCERPT_CHARS else value[:EXCERPT_CHARS] + "…"
        return f"'{visible(short)}'" if quote else visible(short)
    return visible(_SHORT_REPR.repr(value))


_SHORT_REPR = reprlib.Repr()
_SHORT_REPR.maxlevel = 2
_SHORT_REPR.maxstring = EXCERPT_CHARS
_SHORT_REPR.maxother = EXCERPT_CHARS
_SHORT_REPR.maxlist = _SHORT_REPR.maxdict = _SHORT_REPR.maxtuple = 4
_SHORT_REPR.maxlong = 24


def _read_text(path: Path) -> str:
    """The file's text, refusing before reading what is not a regular file of a sane size."""
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
    return _decode(path, raw)


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
_last_read: dict[str, tuple[str, Any, _Lines]] = {}


def _read_yaml(path: Path) -> tuple[Any, _Lines]:
    source = _read_text(path)
    cached = _last_read.get(str(path))
    if cached is not None and cached[0] == source:
        return cached[1], cached[2]
    events = _EVENT_SOURCE(source) if _EVENT_SOURCE is not None else _PythonEvents(source)
    try:
        data, lines, duplicates = _build(events)
    except yaml.MarkedYAMLError as exc:
        raise InputError([_yaml_problem(path, source, exc)]) from None
    except yaml.YAMLError as exc:
        raise InputError([text.YAML_ERROR.format(where=path, problem=_translate(str(exc)))]) from None
    except _Problem as exc:
        where = f"{path} 第{exc.mark.line + 1}行第{exc.mark.column + 1}列"
        raise InputError([text.YAML_ERROR.format(where=where, problem=exc.message)]) from None
    finally:
        events.dispose()
    if duplicates:
        raise InputError([f"{path} {d}" for d in duplicates])
    _last_read.clear()
    _last_read[str(path)] = (source, data, lines)
    return data, lines


# The common PyYAML problems in Chinese; the rest keep PyYAML's words inside a Chinese sentence.
_YAML_PROBLEMS = [
    (r"found a tab character that violates indentation|found character '\\t' that cannot start any token"
     r"|found a tab character where an indentation space is expected",
     "缩进中有制表符（Tab）：YAML 只能用空格缩进"),
    (r"mapping values are not allowed (here|in this context)",
     "此处不能出现“键: 值”（缩进不对，或值中的冒号需要加引号）"),
    (r"could not find expected ':'", "找不到应有的冒号“:”（键后面要有“: ”，或引号、括号没有闭合）"),
    (r"did not find expected key", "缩进不对或缺少键（每项应为“键: 值”，同级的键要对齐）"),
    (r"did not find expected '-' indicator", "列表项的缩进不一致（同一列表的“- ”要对齐）"),
    (r"did not find expected ',' or '\]'", "方括号列表 [ … ] 没有正确结束（缺少逗号或“]”）"),
    (r"did not find expected ',' or '\}'", "花括号映射 { … } 没有正确结束（缺少逗号或“}”）"),
    (r"expected ',' or '\]', but got", "方括号列表 [ … ] 没有正确结束（缺少逗号或“]”）"),
    (r"expected ',' or '\}', but got", "花括号映射 { … } 没有正确结束（缺少逗号或“}”）"),
    (r"found unexpected end of stream|unexpected end of stream",
     "文件意外结束（引号或括号没有闭合）"),
    (r"found unexpected ':'", "此处不能出现冒号“:”（值中的冒号需要加引号）"),
    (r"found unknown escape character", "双引号字符串中有未知的转义字符（反斜杠“\\”要写成“\\\\”，或改用单引号）"),
    (r"found undefined alias|found undefined tag handle", "引用了未定义的别名或标签"),
    (r"found duplicate anchor", "锚点 & 重复定义"),
    (r"found character '(.)' that cannot start any token", "字符“{char}”不能出现在值的开头，请给值加引号"),
    (r"found character that cannot start any token", "此处的字符不能出现在值的开头（制表符？或请给值加引号）"),
    (r"block sequence entries are not allowed", "此处不能开始列表“- ”（缩进不对？）"),
    (r"did not find expected <document start>|did not find expected <stream-end>",
     "文件结构不对：顶层应为“键: 值”映射（多了缩进或多余的内容？）"),
    (r"did not find expected node content", "此处缺少值"),
    (r"did not find expected (?:comment or line break|whitespace or line break)",
     "此处多了内容（是否漏了换行、空格或引号？）"),
    (r"did not find URI escaped octet|did not find expected tag URI|found an indentation indicator equal to 0"
     r"|did not find expected digit or '.' character|found extra|did not find expected '!'",
     "标签、指令或块文字的写法不对"),
    (r"found unacceptable character|special characters are not allowed|control characters are not allowed",
     "文件中有不允许的控制字符"),
    (r"expected <block end>, but found", "缩进不一致（与上一行的层级对不上）"),
    (r"expected <document start>, but found", "文件结构不对：顶层应为“键: 值”映射（多了缩进或多余的内容？）"),
    (r"expected a single document in the stream|but found another document", text.YAML_MULTIPLE_DOCUMENTS),
    (r"found unexpected document separator|found unexpected document end", "文件中有多余的文档分隔符 --- 或 ..."),
    (r"expected alphabetic or numeric character", "锚点或别名的名称只能含字母和数字"),
    (r"found incompatible YAML document|found duplicate YAML directive", "YAML 版本指令有误"),
    (r"expected the node content, but found", "此处缺少值"),
    (r"expected a comment or a line break", "此处多了内容（是否漏了换行或引号？）"),
    (r"found a BOM in the middle|found an? (?:illegal|invalid)", "文件中有非法字符"),
]
_YAML_PROBLEMS_RE = [(re.compile(pattern), chinese) for pattern, chinese in _YAML_PROBLEMS]


def _translate(problem: str) -> str:
    for pattern, chinese in _YAML_PROBLEMS_RE:
        found = pattern.search(problem)
        if found:
            return chinese.replace("{char}", visible(found.group(1))) if found.groups() else chinese
    return text.YAML_UNKNOWN_PROBLEM.format(problem=excerpt(problem, quote=False))


_FULLWIDTH_KEY = re.compile(r"^\s*(?:-\s+)?[^\s:#'\"{}\[\],]+\s*：")


def _yaml_problem(path: Path, source: str, exc: yaml.MarkedYAMLError) -> str:
    mark = exc.problem_mark or exc.context_mark
    problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
    chinese = _translate(problem)
    if mark is None:
        return text.YAML_ERROR.format(where=path, problem=chinese)
    # A full-width colon makes `key：value` one plain scalar running on into the next lines, so
    # PyYAML notices only where the scalar ends: look back for the line that has it.
    lines = source.splitlines()
    first = exc.context_mark.line if exc.context_mark is not None else mark.line
    for number in range(min(mark.line, len(lines) - 1), max(min(first, mark.line) - 3, -1), -1):
        if _FULLWIDTH_KEY.match(lines[number]):
            where = f"{path} 第{number + 1}行"
            return text.YAML_ERROR.format(where=where, problem=text.YAML_FULLWIDTH_COLON.format(line=number + 1))
    where = f"{path} 第{mark.line + 1}行第{mark.column + 1}列"
    return text.YAML_ERROR.format(where=where, problem=chinese)


def _render_validation(path: Path, data: Any, lines: dict, exc: ValidationError) -> list[str]:
    messages: list[str] = []
    errors = exc.errors(include_url=False)
    for index, error in enumerate(errors):
        if len(messages) >= MAX_MESSAGES:
            return [*messages[:MAX_MESSAGES],
                    text.MORE_PROBLEMS.format(count=len(messages) - MAX_MESSAGES + len(errors) - index)]
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, InstanceReferenceError):
            messages.extend(render_findings(path, data, lines, cause.findings))
            continue
        messages.append(f"{_where(path, data, lines, tuple(error['loc']))}：{_message(error)}")
    if len(messages) > MAX_MESSAGES:
        return [*messages[:MAX_MESSAGES], text.MORE_PROBLEMS.format(count=len(messages) - MAX_MESSAGES)]
    return messages


def error_message(error: dict) -> str:
    """One pydantic error in Chinese."""
    return _message(error)


def _message(error: dict) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    given = error.get("input")
    echo = text.INPUT_ECHO.format(value=excerpt(given)) if "input" in error else ""
    if error.get("loc") and error["loc"][-1] == "[key]":
        return _MESSAGES["invalid_key"] + echo
    if kind == "value_error":
        said = re.sub(r"^Value error, ", "", error["msg"])
        if not _CHINESE.search(said):
            return text.GENERIC_INVALID.format(kind=kind) + echo
        scalar = isinstance(given, (str, int, float)) and not (isinstance(given, str) and given in said)
        return visible(said) + (echo if scalar else "")
    if kind == "enum":
        return text.ENUM_EXPECTED.format(choices=visible(str(ctx.get("expected", "")))) + echo
    if kind == "literal_error":
        return text.ENUM_EXPECTED.format(choices=visible(str(ctx.get("expected", "")))) + echo
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        return f"应{'不小于' if kind == 'greater_than_equal' else '大于'} {bound}{echo}"
    if kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        return f"应{'不大于' if kind == 'less_than_equal' else '小于'} {bound}{echo}"
    if kind == "too_short":
        return f"至少需要 {ctx.get('min_length', 1)} 项"
    if kind == "too_long":
        return f"最多 {ctx.get('max_length', '')} 项"
    if kind == "string_pattern_mismatch":
        choices = re.fullmatch(r"\^\(([\w|-]+)\)\$", str(ctx.get("pattern", "")))
        if choices:
            return text.ENUM_EXPECTED.format(choices="、".join(choices.group(1).split("|"))) + echo
        return f"格式不符合要求{echo}：标识只能含字母、数字、汉字、下划线、点和连字符"
    if kind == "string_too_long":
        return f"太长（最多 {ctx.get('max_length', '')} 个字符）"
    if kind in _DATE_ERRORS and isinstance(given, str):
        return date_problem(given) or text.DATE_FORMAT + echo
    if kind in _MESSAGES:
        return _MESSAGES[kind] + ("" if kind == "missing" else echo)
    return text.GENERIC_INVALID.format(kind=kind) + echo


_CHINESE = re.compile("[\u4e00-\u9fff]")
_DATE_ERRORS = {"date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact",
                "date_type", "datetime_parsing", "datetime_from_date_parsing"}


def _where(path: Path, data: Any, lines: dict, loc: tuple) -> str:
    """'file 第N行：班次 c4 → 课程项 open → teachers[0]' for a location inside the data."""
    parts: list[str] = []
    node = data
    walked: tuple = ()
    line = lines.get((), None)
    pending_field: str | None = None
    for key in loc:
        if isinstance(key, int) and isinstance(node, list) and 0 <= key < len(node):
            node = node[key]
            walked = (*walked, key)
            record_id = node.get("id") if isinstance(node, dict) else None
            label = _SECTION_NAMES.get(str(pending_field), pending_field or "")
            if record_id is not None:
                parts[-1:] = [f"{label} {excerpt(str(record_id), quote=False)}"]
            elif isinstance(node, dict):
                parts[-1:] = [f"{label}第{key + 1}项"]
            else:
                parts[-1:] = [f"{pending_field} 第{key + 1}项"]
            pending_field = None
        elif isinstance(key, str) and isinstance(node, dict):
            parts.append(excerpt(key, quote=False))
            pending_field = key
            walked = (*walked, key)
            if key not in node:
                break
            node = node[key]
        else:
            if isinstance(key, int):
                parts[-1] = f"{parts[-1]}[{key}]" if parts else f"[{key}]"
            elif key != "[key]":
                parts.append(excerpt(str(key), quote=False))
            break
        line = lines.get(walked, line)
    named = " → ".join(p for p in parts if p) or "顶层"
    where = f"{path} 第{line}行" if line else f"{path}"
    return f"{where}：{named}"
