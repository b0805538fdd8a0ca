"""Reading instance and plan files, and turning every problem into a message a user can act on.

Every message names the file, the line where the YAML has one, the record (by its id) and the
field, in Chinese. Nothing here raises anything but `InputError` for bad input.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from scheduler.domain.instance import Finding, Instance, InstanceReferenceError
from scheduler.domain.plan import Plan


ModelT = TypeVar("ModelT", bound=BaseModel)


class InputError(Exception):
    """Bad input: a missing file, broken YAML or JSON, or data that breaks the format."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages))


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader (libyaml's when installed: 10× faster on a large county) without YAML 1.1
    base-60 numbers, so 14:30 stays the text "14:30"."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
    list("-+0123456789"),
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."),
)

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
}


def load_instance(path: str | Path) -> Instance:
    """Read and validate an instance file; raise InputError with every problem found."""
    return load_yaml_model(path, Instance, fields="（name、term、sites …）")


def load_yaml_model(path: str | Path, model: type[ModelT], what: str = "", fields: str = "") -> ModelT:
    """Read a YAML file of a model (an instance, a what-if change file) and validate it."""
    path = Path(path)
    data, lines = _read_yaml(path)
    if not isinstance(data, dict):
        raise InputError([f"{path}：{what}文件顶层应为映射{fields}，而不是 {type(data).__name__}"])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(_render_validation(path, data, lines, exc)) from None


def load_plan(path: str | Path) -> Plan:
    path = Path(path)
    text = _read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError([f"{path} 第{exc.lineno}行：JSON 格式错误：{exc.msg}"]) from None
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        raise InputError(_render_validation(path, data, {}, exc)) from None


def render_findings(path: Path | str, data: Any, lines: dict, findings: list[Finding]) -> list[str]:
    return [f"{_where(Path(path), data, lines, f.path)}：{f.message}" for f in findings]


def instance_lines(path: str | Path) -> tuple[Any, dict]:
    """The raw data and the path → line map of an instance file (for locating findings)."""
    return _read_yaml(Path(path))


def _read_text(path: Path) -> str:
    if not path.exists():
        raise InputError([f"{path}：文件不存在"])
    if path.is_dir():
        raise InputError([f"{path}：这是一个目录，不是文件"])
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError([f"{path}：文件不是 UTF-8 编码"]) from None
    except OSError as exc:
        raise InputError([f"{path}：无法读取（{exc.strerror}）"]) from None


def _read_yaml(path: Path) -> tuple[Any, dict[tuple, int]]:
    text = _read_text(path)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" 第{mark.line + 1}行第{mark.column + 1}列" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError([f"{path}{where}：YAML 格式错误：{problem}"]) from None
    lines: dict[tuple, int] = {}
    duplicates: list[str] = []
    if node is not None:
        _map_lines(node, (), lines, duplicates)
    if duplicates:
        raise InputError([f"{path} {d}" for d in duplicates])
    return data, lines


def _map_lines(node: yaml.Node, path: tuple, lines: dict, duplicates: list[str]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                duplicates.append(f"第{key_node.start_mark.line + 1}行：字段 {key!r} 重复出现")
            seen.add(key)
            _map_lines(value_node, (*path, key), lines, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _map_lines(item, (*path, index), lines, duplicates)


def _render_validation(path: Path, data: Any, lines: dict, exc: ValidationError) -> list[str]:
    messages: list[str] = []
    for error in exc.errors():
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, InstanceReferenceError):
            messages.extend(render_findings(path, data, lines, cause.findings))
            continue
        messages.append(f"{_where(path, data, lines, tuple(error['loc']))}：{_message(error)}")
    return messages


def error_message(error: dict) -> str:
    """One pydantic error in Chinese."""
    return _message(error)


def _message(error: dict) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "value_error":
        return re.sub(r"^Value error, ", "", error["msg"])
    if kind == "enum":
        return f"应为以下之一：{ctx.get('expected', '')}（输入为 {error.get('input')!r}）"
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        return f"应{'不小于' if kind == 'greater_than_equal' else '大于'} {bound}（输入为 {error.get('input')!r}）"
    if kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        return f"应{'不大于' if kind == 'less_than_equal' else '小于'} {bound}（输入为 {error.get('input')!r}）"
    if kind == "too_short":
        return f"至少需要 {ctx.get('min_length')} 项"
    if kind == "too_long":
        return f"最多 {ctx.get('max_length')} 项"
    if kind == "string_pattern_mismatch":
        return f"格式不符合要求（输入为 {error.get('input')!r}；标识只能含字母、数字、汉字、下划线、点和连字符）"
    if kind == "string_too_long":
        return f"太长（最多 {ctx.get('max_length')} 个字符）"
    if kind in _MESSAGES:
        text = _MESSAGES[kind]
        if kind != "missing" and "input" in error:
            text += f"（输入为 {error['input']!r}）"
        return text
    return error["msg"]


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
                parts[-1:] = [f"{label} {record_id}"]
            elif isinstance(node, dict):
                parts[-1:] = [f"{label}第{key + 1}项"]
            else:
                parts[-1:] = [f"{pending_field} 第{key + 1}项"]
            pending_field = None
        elif isinstance(key, str) and isinstance(node, dict):
            parts.append(key)
            pending_field = key
            walked = (*walked, key)
            if key not in node:
                break
            node = node[key]
        else:
            if isinstance(key, int):
                parts[-1] = f"{parts[-1]}[{key}]" if parts else f"[{key}]"
            break
        line = lines.get(walked, line)
    text = " → ".join(p for p in parts if p) or "顶层"
    where = f"{path} 第{line}行" if line else f"{path}"
    return f"{where}：{text}"
