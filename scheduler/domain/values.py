"""The value types of an instance's fields: ids, names, notes, the enumerations with their
Chinese synonyms, days, clock times, date ranges and time rules.

Field names are English (they are the file format); values such as names and titles are
usually Chinese. Enumerations accept the English value or a Chinese synonym.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    model_validator,
)

from scheduler import text

ID_PATTERN = r"^[\w][\w.\-]*$"
Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        max_length=64,
        description="标识：字母、数字、汉字、下划线、点或连字符，不含空格和斜杠",
    ),
]

MAX_PEOPLE = 100_000  # trainees, seats: keeps every sum far inside the solver's integers

MAIN_TOPICS = ("政治理论", "党建实务", "乡村振兴", "技能素养")


def _synonyms(enum_cls: type[StrEnum], table: dict[str, str]):
    """An enum field type that also accepts Chinese synonyms, with a schema listing both."""

    values = {member.value for member in enum_cls}
    choices = "、".join(
        member.value + "".join(f"（{'、'.join(names)}）" for names in
                               [[name for name, target in table.items() if target is member]] if names)
        for member in enum_cls)

    def normalize(value: Any) -> Any:
        word = value.strip() if isinstance(value, str) else value
        if isinstance(word, str) and word in table:
            return table[word]
        if isinstance(word, str) and word in values:
            return word
        raise ValueError(text.ENUM_EXPECTED.format(choices=choices))

    accepted = [member.value for member in enum_cls] + list(table)
    return Annotated[
        enum_cls,
        BeforeValidator(normalize),
        WithJsonSchema({"type": "string", "enum": accepted}),
    ]


class Tier(StrEnum):
    COUNTY = "county"
    TOWNSHIP = "township"
    VILLAGE = "village"


class TeacherKind(StrEnum):
    FULLTIME = "fulltime"
    CADRE = "cadre"
    EXPERT = "expert"
    PARTTIME = "parttime"


class Mode(StrEnum):
    LECTURE = "lecture"
    FIELD = "field"
    INTERACTIVE = "interactive"
    ONLINE = "online"


class VenueKind(StrEnum):
    CLASSROOM = "classroom"
    HALL = "hall"
    FIELD = "field"


class TopicKind(StrEnum):
    THEORY = "theory"
    PRACTICE = "practice"
    GENERAL = "general"


class Period(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"
    TERM = "term"


TierField = _synonyms(
    Tier, {"县": Tier.COUNTY, "县级": Tier.COUNTY, "县委党校": Tier.COUNTY,
           "乡镇": Tier.TOWNSHIP, "乡镇党校": Tier.TOWNSHIP, "街道": Tier.TOWNSHIP,
           "村": Tier.VILLAGE, "农民夜校": Tier.VILLAGE}
)
TeacherKindField = _synonyms(
    TeacherKind, {"专职": TeacherKind.FULLTIME, "专职教师": TeacherKind.FULLTIME,
                  "领导干部": TeacherKind.CADRE, "土专家": TeacherKind.EXPERT,
                  "田秀才": TeacherKind.EXPERT, "兼职": TeacherKind.PARTTIME,
                  "其他": TeacherKind.PARTTIME}
)
ModeField = _synonyms(
    Mode, {"讲授": Mode.LECTURE, "课堂": Mode.LECTURE, "现场教学": Mode.FIELD,
           "现场": Mode.FIELD, "互动": Mode.INTERACTIVE, "研讨": Mode.INTERACTIVE,
           "线上": Mode.ONLINE}
)
VenueKindField = _synonyms(
    VenueKind, {"教室": VenueKind.CLASSROOM, "活动室": VenueKind.CLASSROOM,
                "报告厅": VenueKind.HALL, "礼堂": VenueKind.HALL,
                "现场教学点": VenueKind.FIELD}
)
TopicKindField = _synonyms(
    TopicKind, {"理论": TopicKind.THEORY, "理论类": TopicKind.THEORY, "实践": TopicKind.PRACTICE,
                "实践类": TopicKind.PRACTICE, "实用技术": TopicKind.PRACTICE, "一般": TopicKind.GENERAL}
)
PeriodField = _synonyms(
    Period, {"每月": Period.MONTH, "月": Period.MONTH, "每季度": Period.QUARTER,
             "季度": Period.QUARTER, "每半年": Period.HALF_YEAR, "半年": Period.HALF_YEAR,
             "每年": Period.YEAR, "年": Period.YEAR, "学期": Period.TERM}
)

_TIME_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _parse_clock(value: Any) -> Any:
    """"HH:MM" text only: pydantic would read 830 as seconds, in UTC."""
    if isinstance(value, str):
        match = _TIME_RE.match(value.strip())
        if match:
            return dt.time(int(match.group(1)), int(match.group(2)))
    elif isinstance(value, dt.time) and value.tzinfo is None:
        return value
    raise ValueError(text.TIME_FORMAT)


_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def date_problem(value: str) -> str | None:
    """Why a YYYY-MM-DD text names no day (2026-11-31), in Chinese; None otherwise."""
    match = _DATE_RE.match(value.strip())
    if not match:
        return None
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return text.DATE_BAD_MONTH.format(text=value.strip(), month=month)
    try:
        dt.date(year, month, day)
    except ValueError:
        return text.DATE_NOT_EXIST.format(text=value.strip(), month=month, day=day)
    return None


def _parse_day(value: Any) -> Any:
    """A date as YYYY-MM-DD text (or a date): no timestamps, no numbers read as seconds."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        match = _DATE_RE.match(value.strip())
        if match:
            problem = date_problem(value)
            if problem:
                raise ValueError(problem)
            return dt.date(*(int(part) for part in match.groups()))
    raise ValueError(text.DATE_FORMAT)


Day = Annotated[
    dt.date,
    BeforeValidator(_parse_day),
    WithJsonSchema({"type": "string", "format": "date"}),
]

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _shown(chars: set[str]) -> str:
    return "、".join(f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}" for c in sorted(chars))


def _single_line(value: str) -> str:
    """Names and titles go into calendars, tables and terminals: one line, no control characters."""
    if _CONTROL.search(value) is None:
        return value
    raise ValueError(text.LINE_BREAKS.format(chars=_shown(set(_CONTROL.findall(value)))))


def _no_controls(value: str) -> str:
    """Notes may run over lines, but carry no other control characters."""
    if _CONTROL.search(value) is None:
        return value
    found = set(_CONTROL.findall(value)) - {"\t", "\n"}
    if found:
        raise ValueError(text.CONTROL_CHARACTERS.format(chars=_shown(found)))
    return value


Name = Annotated[str, AfterValidator(_single_line)]
Note = Annotated[str, AfterValidator(_no_controls)]
Phone = Annotated[str, AfterValidator(_single_line), Field(max_length=40)]


Clock = Annotated[
    dt.time,
    BeforeValidator(_parse_clock),
    PlainSerializer(lambda value: value.strftime("%H:%M"), return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^([01]?\d|2[0-3]):[0-5]\d$"}),
]


class Record(BaseModel):
    """An input record: unknown fields refused, frozen once read."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class DateRange(Record):
    """A closed range of dates. In YAML: `2023-04-20..2023-05-10`, a single date, or a mapping."""

    start: Day = Field(description="第一天")
    end: Day = Field(description="最后一天（含）")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, dt.date):
            return {"start": value, "end": value}
        if isinstance(value, str):
            parts = value.split("..")
            if len(parts) == 1:
                return {"start": parts[0].strip(), "end": parts[0].strip()}
            if len(parts) == 2:
                return {"start": parts[0].strip(), "end": parts[1].strip()}
            raise ValueError("日期范围应写成 YYYY-MM-DD..YYYY-MM-DD")
        if not isinstance(value, dict):
            raise ValueError("日期范围应写成 YYYY-MM-DD..YYYY-MM-DD")
        return value

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.end < self.start:
            raise ValueError(f"日期范围 {self.start}..{self.end} 的结束早于开始")
        return self

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


DateRangeField = Annotated[
    DateRange,
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "description": "YYYY-MM-DD 或 YYYY-MM-DD..YYYY-MM-DD"},
                {"type": "object", "properties": {"start": {"type": "string", "format": "date"},
                                                  "end": {"type": "string", "format": "date"}},
                 "required": ["start", "end"]},
            ]
        }
    ),
]


class TimeRule(Record):
    """A set of time slots: every slot matching all the criteria given (an omitted one matches all)."""

    dates: list[DateRangeField] | None = Field(None, description="日期或日期范围")
    weekdays: list[Annotated[int, Field(ge=1, le=7)]] | None = Field(
        None, description="星期几（1=周一 … 7=周日）"
    )
    blocks: list[Name] | None = Field(None, description="时段名称，例如 上午、下午、晚上")
    note: Note | None = Field(None, description="说明，例如 农忙、党的创新理论学习日")

    def matches(self, day: dt.date, block_name: str) -> bool:
        if self.dates is not None and not any(r.contains(day) for r in self.dates):
            return False
        if self.weekdays is not None and day.isoweekday() not in self.weekdays:
            return False
        if self.blocks is not None and block_name not in self.blocks:
            return False
        return True
