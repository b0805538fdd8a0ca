"""Problems in input files said in Chinese: where (file, line, record by its id, field) and
what, for pydantic's errors, PyYAML's syntax errors and the cross-record findings; and the
short, printable rendering of any input value a message echoes.
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

import yaml
from pydantic import ValidationError

from scheduler import text
from scheduler.domain.findings import Finding, InstanceReferenceError
from scheduler.domain.values import date_problem


class LineMap(Protocol):
    """Where each path of the data starts in its file (yaml_reader.Lines; empty for JSON)."""

    def get(self, path: tuple, default: int | None = None, /) -> int | None: ...

MAX_MESSAGES = 200  # problems listed; a file wrong everywhere says how many more
EXCERPT_CHARS = 60


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


def render_findings(path: Path | str, data: Any, lines: LineMap, findings: list[Finding]) -> list[str]:
    return [f"{_where(Path(path), data, lines, f.path)}：{visible(f.message)}" for f in findings]


def validation_messages(path: Path, data: Any, lines: LineMap, exc: ValidationError) -> list[str]:
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


def _message(error: Mapping[str, Any]) -> str:
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


def _where(path: Path, data: Any, lines: LineMap, loc: tuple) -> str:
    """'file 第N行：班次 c4 → 课程项 open → teachers[0]' for a location inside the data."""
    locate = getattr(lines, "locate", None)
    if locate is not None:  # a workbook: its places name the sheet, row and column themselves
        return f"{path} {locate(loc)}".rstrip()
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


def translate_yaml_problem(problem: str) -> str:
    for pattern, chinese in _YAML_PROBLEMS_RE:
        found = pattern.search(problem)
        if found:
            return chinese.replace("{char}", visible(found.group(1))) if found.groups() else chinese
    return text.YAML_UNKNOWN_PROBLEM.format(problem=excerpt(problem, quote=False))


_FULLWIDTH_KEY = re.compile(r"^\s*(?:-\s+)?[^\s:#'\"{}\[\],]+\s*：")


def yaml_problem(path: Path, source: str, exc: yaml.MarkedYAMLError) -> str:
    mark = exc.problem_mark or exc.context_mark
    problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
    chinese = translate_yaml_problem(problem)
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
