"""The YAML reader: the data of a one-document YAML file, built from the parser's events
without recursion, with the line of every part and the duplicate keys.

Nesting, alias expansion and numbers are bounded, so no input can exhaust the stack, the
memory or the time. Dates and clock times stay text (the model says what is wrong with them).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from scheduler import text
from scheduler.domain.messages import excerpt

MAX_NODES = 1_000_000  # keys and values, aliases counted expanded: `generate --size L` has 190,000
MAX_DEPTH = 64  # an instance nests about 8 deep
MAX_INT_DIGITS = 18  # stays inside the solver's 64-bit integers

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


class ReadProblem(Exception):
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


class Lines:
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


def event_stream(source: str):
    """The parser's events of a text, from libyaml where it is installed."""
    return _EVENT_SOURCE(source) if _EVENT_SOURCE is not None else _PythonEvents(source)


def build(events) -> tuple[Any, Lines, list[str]]:
    """The data of a one-document YAML event stream, with the lines of its parts and the
    duplicate keys."""
    builder = _Builder()
    root: Any = None
    root_line: int | None = None
    documents = 0
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
            builder.nodes += 1
            if event.anchor is not None:
                builder.anchors[event.anchor] = (value, 1, line)
        elif kind in starts:
            builder.open(event, kind is yaml.MappingStartEvent)
            continue
        elif kind in ends:
            value, mark = builder.close()
            line = mark.line + 1
        elif kind is alias_event:
            value, line = builder.alias(event)
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise ReadProblem(mark, text.YAML_MULTIPLE_DOCUMENTS)
            continue
        elif kind is yaml.StreamEndEvent:
            return root, Lines(root, root_line, builder.tables), builder.duplicates
        else:
            continue
        if builder.nodes > MAX_NODES:
            raise ReadProblem(mark, text.YAML_TOO_MANY_NODES.format(limit=f"{MAX_NODES:,}"))
        if not builder.stack:
            root, root_line = value, line
            continue
        builder.attach(value, line, mark)


class _Builder:
    """The open mappings and lists of a build, its anchors, and the nodes counted so far."""

    def __init__(self) -> None:
        self.stack: list[_Frame] = []
        self.tables: dict[int, Any] = {}
        self.anchors: dict[str, tuple[Any, int, int]] = {}  # name → (value, nodes it expands to, line)
        self.nodes = 0
        self.duplicates: list[str] = []

    def open(self, event, is_map: bool) -> None:
        """A mapping or list starts."""
        stack, mark = self.stack, event.start_mark
        if stack and stack[-1].is_map and not stack[-1].has_key:
            raise ReadProblem(mark, text.YAML_COMPLEX_KEY)
        if len(stack) >= MAX_DEPTH:
            raise ReadProblem(mark, text.YAML_TOO_DEEP.format(limit=MAX_DEPTH))
        if event.tag not in _PLAIN_TAGS and event.tag != (_MAP if is_map else _SEQ):
            raise ReadProblem(mark, text.YAML_BAD_TAG.format(tag=excerpt(event.tag)))
        if event.anchor is not None:
            self.anchors.pop(event.anchor, None)
        frame = _Frame(is_map, event.anchor, self.nodes, mark)
        self.tables[id(frame.value)] = frame.lines
        stack.append(frame)
        self.nodes += 1

    def close(self) -> tuple[Any, Any]:
        """The mapping or list that ends (with its merges), and the mark where it started."""
        frame = self.stack.pop()
        value = _merged(frame, self.tables) if frame.merges else frame.value
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (value, self.nodes - frame.first_node, frame.mark.line + 1)
        return value, frame.mark

    def alias(self, event) -> tuple[Any, int]:
        """The value an alias names, counted as the nodes it expands to, and its anchor's line."""
        name = event.anchor
        if name not in self.anchors:
            problem = (text.YAML_RECURSIVE_ALIAS if any(f.anchor == name for f in self.stack)
                       else text.YAML_UNDEFINED_ALIAS)
            raise ReadProblem(event.start_mark, problem.format(name=excerpt(name, quote=False)))
        value, size, line = self.anchors[name]
        self.nodes += size
        return value, line

    def attach(self, value: Any, line: int, mark) -> None:
        """A finished value goes into the open list, or is the key or value of the open mapping."""
        parent = self.stack[-1]
        if not parent.is_map:
            parent.value.append(value)
            parent.lines.append(line)
        elif not parent.has_key:
            if value is _MERGE_KEY:
                parent.merging = True
            elif not isinstance(value, (str, int, float, bool, type(None))):
                raise ReadProblem(mark, text.YAML_COMPLEX_KEY)
            parent.key, parent.key_line, parent.has_key = value, line, True
        elif parent.merging:
            parent.merges.append((value, mark))
            parent.merging = parent.has_key = False
        else:
            key = parent.key
            if value is _MERGE_KEY:
                value = "<<"
            if key in parent.value:
                self.duplicates.append(f"第{parent.key_line}行：" + text.YAML_DUPLICATE_KEY.format(key=excerpt(key)))
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
                raise ReadProblem(mark, text.YAML_BAD_MERGE)
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
    raise ReadProblem(event.start_mark, text.YAML_BAD_TAG.format(tag=excerpt(tag)))


def _int(value: str, mark) -> int:
    digits = value.replace("_", "")
    sign = -1 if digits[:1] == "-" else 1
    digits = digits.lstrip("+-")
    if len(digits) > MAX_INT_DIGITS + 2:
        raise ReadProblem(mark, text.YAML_NUMBER_TOO_BIG.format(value=excerpt(value, quote=False),
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
        raise ReadProblem(mark, text.YAML_BAD_TAG.format(tag="!!int")) from None
    if number >= 10 ** MAX_INT_DIGITS:
        raise ReadProblem(mark, text.YAML_NUMBER_TOO_BIG.format(value=excerpt(value, quote=False),
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
        raise ReadProblem(mark, text.YAML_BAD_TAG.format(tag="!!float")) from None
