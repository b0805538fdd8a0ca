"""The term plan a county school's staff write: pydantic models, no solver code.

Field names are English (they are the file format); values such as names and titles are
usually Chinese. Enumerations accept the English value or a Chinese synonym.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_validator,
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


Clock = Annotated[
    dt.time,
    BeforeValidator(_parse_clock),
    PlainSerializer(lambda value: value.strftime("%H:%M"), return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^([01]?\d|2[0-3]):[0-5]\d$"}),
]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class DateRange(_Record):
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


class TimeRule(_Record):
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


class Holiday(_Record):
    dates: DateRangeField = Field(description="放假日期或范围")
    name: Name = Field("假日", description="名称，例如 春节")


class Term(_Record):
    name: Name = Field(description="学期名称")
    start: Day = Field(description="第一天")
    end: Day = Field(description="最后一天（含）")
    timezone: str = Field("Asia/Shanghai", description="时区（IANA 名称）")
    holiday_source: str = Field(
        "chinese-calendar",
        pattern="^(chinese-calendar|none)$",
        description="法定节假日与调休的来源：chinese-calendar（默认，覆盖 2004–2026 年）或 none",
    )
    holidays: list[Holiday] = Field(
        default_factory=list, description="额外的放假日（或库未覆盖年份的节假日）"
    )
    workdays: list[Day] = Field(
        default_factory=list, description="调休上班日，或强制为工作日的日期（覆盖节假日）"
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"未知时区 {value!r}，例如 Asia/Shanghai") from None
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Term:
        if self.end < self.start:
            raise ValueError(f"学期结束日期 {self.end} 早于开始日期 {self.start}")
        if (self.end - self.start).days > 731:
            raise ValueError("学期不能超过两年")
        return self


class Township(_Record):
    id: Id
    name: Name = Field(description="乡镇或街道名称")


class Block(_Record):
    name: Name = Field(description="时段名称，例如 上午")
    start: Clock = Field(description="开始时间 HH:MM")
    end: Clock = Field(description="结束时间 HH:MM")

    @model_validator(mode="after")
    def _ordered(self) -> Block:
        if self.end <= self.start:
            raise ValueError(f"时段 {self.name} 的结束时间不晚于开始时间")
        return self

    @property
    def daytime(self) -> bool:
        """Field teaching is daytime only: the block ends by 18:00."""
        return self.end <= dt.time(18, 0)


class Site(_Record):
    id: Id
    name: Name
    tier: TierField = Field(description="层级：county 县委党校 / township 乡镇党校 / village 农民夜校")
    township: Id = Field(description="所在乡镇 id")
    blocks: list[Block] = Field(min_length=1, description="上课时段，按时间先后")
    weekdays: list[Annotated[int, Field(ge=1, le=7)]] = Field(
        default_factory=lambda: [1, 2, 3, 4, 5], description="上课的星期几（1=周一 … 7=周日）"
    )
    observe_holidays: bool = Field(True, description="法定节假日不上课；调休上班日照常上课")
    address: Name | None = None

    @model_validator(mode="after")
    def _blocks_ordered(self) -> Site:
        names = [b.name for b in self.blocks]
        if len(set(names)) != len(names):
            raise ValueError("时段名称重复")
        for earlier, later in zip(self.blocks, self.blocks[1:]):
            if later.start < earlier.end:
                raise ValueError(f"时段 {later.name} 与 {earlier.name} 重叠或顺序颠倒")
        return self

    def block(self, name: str) -> Block | None:
        return next((b for b in self.blocks if b.name == name), None)


class Venue(_Record):
    id: Id
    name: Name
    kind: VenueKindField = Field(description="classroom 教室 / hall 报告厅 / field 现场教学点")
    site: Id | None = Field(None, description="所属学校（教室、报告厅必填）")
    township: Id | None = Field(None, description="所在乡镇（现场教学点必填，除非给了 site）")
    capacity: int = Field(ge=0, le=MAX_PEOPLE, description="容纳人数")
    overflow: int = Field(0, ge=0, le=MAX_PEOPLE, description="允许超出容量的人数（按缺座计软约束罚分）")
    address: Name | None = None
    unavailable: list[TimeRule] = Field(default_factory=list, description="不可用的时间")


class Obligation(_Record):
    min_sessions: int = Field(1, ge=1, le=1000, description="每个周期至少上几次课")
    period: PeriodField = Field(description="周期：month / quarter / half_year / year / term")
    topic: Id | None = Field(None, description="限定专题（例如 党建实务，即书记讲党课）")
    note: Note | None = None


class Teacher(_Record):
    id: Id
    name: Name
    kind: TeacherKindField = Field(
        description="fulltime 专职 / cadre 领导干部 / expert 土专家、田秀才 / parttime 其他兼职"
    )
    township: Id = Field(description="家住或工作所在乡镇 id")
    topics: list[Id] = Field(min_length=1, description="能讲授的专题 id")
    tiers: list[TierField] | None = Field(None, description="只在这些层级授课（省略为全部）")
    townships: list[Id] | None = Field(None, description="只到这些乡镇授课（省略为全部）")
    unavailable: list[TimeRule] = Field(default_factory=list, description="不能上课的时间")
    max_per_day: int | None = Field(None, ge=1, le=1000, description="每天最多几节")
    max_per_week: int | None = Field(None, ge=1, le=1000, description="每周最多几节")
    obligations: list[Obligation] = Field(default_factory=list, description="授课任务，例如书记每半年讲一次党课")
    prefers: list[TimeRule] = Field(default_factory=list, description="希望上课的时间（软约束）")
    avoids: list[TimeRule] = Field(default_factory=list, description="不希望上课的时间（软约束）")


class Topic(_Record):
    id: Id
    name: Name
    main: bool = Field(False, description="是否为四大主题课之一")
    kind: TopicKindField = Field(
        TopicKind.GENERAL,
        description="theory 理论类（宜由专职教师、领导干部讲）/ practice 实践类（宜由土专家讲）/ general",
    )


class CurriculumItem(_Record):
    id: Id
    topic: Id
    title: Name
    mode: ModeField = Field(Mode.LECTURE,
                            description="lecture 讲授 / field 现场教学 / interactive 互动 / online 线上")
    sessions: int = Field(1, ge=1, le=200, description="共几次课")
    length: int = Field(1, ge=1, le=4, description="每次课占几个连续时段（现场教学一整天为 2）")
    teachers: list[Id] = Field(default_factory=list, description="指定授课教师 id")
    teacher_count: int | None = Field(None, ge=1, le=4, description="每次课几位教师（双人教学为 2）")
    venues: list[Id] | None = Field(None, description="只能使用这些场地（省略为按方式自动选择）")
    joint_with: list[Id] = Field(default_factory=list, description="一起上课的其他班次 id（合班课）")
    first: bool = Field(False, description="本班第一次课（如入学教育、开班式）")
    last: bool = Field(False, description="本班最后一次课（如结业式）")
    after: list[Id] = Field(default_factory=list, description="须在这些课程项全部结束之后")
    unavailable: list[TimeRule] = Field(default_factory=list, description="本课程项不能安排的时间")
    min_days: int | None = Field(None, ge=1, le=1000, description="课次至少分布在几天（默认等于课次数；软约束）")
    attendance: int | None = Field(None, ge=1, le=MAX_PEOPLE, description="听课人数（默认为本班与合班班次学员数之和；"
                                                           "选修课等只有部分学员听课时填写）")

    @model_validator(mode="after")
    def _consistent(self) -> CurriculumItem:
        if self.first and self.last:
            raise ValueError("first 与 last 不能同时为 true")
        if self.teacher_count is not None and len(self.teachers) > self.teacher_count:
            raise ValueError("指定教师人数多于 teacher_count")
        if len(set(self.teachers)) != len(self.teachers):
            raise ValueError("指定教师重复")
        return self

    @property
    def teachers_needed(self) -> int:
        return self.teacher_count if self.teacher_count is not None else max(1, len(self.teachers))


class TermClass(_Record):
    """A class (班次): one cohort with its dates and curriculum."""

    id: Id
    name: Name
    site: Id
    trainees: int = Field(ge=1, le=MAX_PEOPLE, description="学员人数")
    start: Day
    end: Day
    four_plus_n: bool = Field(False, description="“4+N”课程：必须包含四大主题课")
    preferred_venues: list[Id] = Field(default_factory=list, description="首选场地（软约束）")
    curriculum: list[CurriculumItem] = Field(
        default_factory=list, description="本班开设的课程项（可为空：只上其他班次开设的合班课）")

    @model_validator(mode="after")
    def _ordered(self) -> TermClass:
        if self.end < self.start:
            raise ValueError(f"班次结束日期 {self.end} 早于开始日期 {self.start}")
        ids = [item.id for item in self.curriculum]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"课程项 id 重复：{', '.join(dupes)}")
        return self

    def item(self, item_id: str) -> CurriculumItem | None:
        return next((i for i in self.curriculum if i.id == item_id), None)


class Blackout(_Record):
    """Time taken away from a scope: tiers, sites, townships, venues, teachers or kinds of teacher.

    With no scope at all it applies to every site.
    """

    name: Name = Field(description="名称，例如 春耕农忙")
    when: TimeRule
    tiers: list[TierField] = Field(default_factory=list)
    sites: list[Id] = Field(default_factory=list)
    townships: list[Id] = Field(default_factory=list)
    venues: list[Id] = Field(default_factory=list)
    teachers: list[Id] = Field(default_factory=list)
    teacher_kinds: list[TeacherKindField] = Field(default_factory=list)

    @property
    def everywhere(self) -> bool:
        return not (self.tiers or self.sites or self.townships or self.venues
                    or self.teachers or self.teacher_kinds)


class TravelTime(_Record):
    """Travel time between two townships, either direction."""

    between: tuple[Id, Id] = Field(description="两个乡镇 id")
    minutes: int = Field(ge=0, le=24 * 60, description="单程分钟数")


class Instance(_Record):
    """A whole term plan: the input of `scheduler solve`."""

    name: Id = Field(description="实例名称，也是默认输出文件名")
    term: Term
    townships: list[Township] = Field(min_length=1)
    sites: list[Site] = Field(min_length=1)
    venues: list[Venue] = Field(default_factory=list)
    topics: list[Topic] = Field(min_length=1)
    teachers: list[Teacher] = Field(min_length=1)
    classes: list[TermClass] = Field(min_length=1)
    blackouts: list[Blackout] = Field(default_factory=list)
    travel: list[TravelTime] = Field(default_factory=list, description="乡镇之间的路程（分钟）")
    weights: dict[str, Annotated[int, Field(ge=0, le=1_000_000)]] = Field(
        default_factory=dict, description="软约束权重，覆盖默认值；键为软约束 id，0 表示关闭"
    )

    @model_validator(mode="after")
    def _references(self) -> Instance:
        from scheduler.domain.references import reference_findings

        findings = reference_findings(self)
        if findings:
            raise InstanceReferenceError(findings)
        return self

    # Lookups used everywhere; instances are frozen, so each index is built once.
    @cached_property
    def _indexes(self) -> dict[str, dict]:
        return {
            "sites": _index(self.sites), "teachers": _index(self.teachers),
            "venues": _index(self.venues), "classes": _index(self.classes),
            "topics": _index(self.topics), "townships": _index(self.townships),
            "travel": {frozenset(t.between): t.minutes for t in self.travel},
        }

    def site(self, site_id: str) -> Site:
        return self._indexes["sites"][site_id]

    def teacher(self, teacher_id: str) -> Teacher:
        return self._indexes["teachers"][teacher_id]

    def venue(self, venue_id: str) -> Venue:
        return self._indexes["venues"][venue_id]

    def term_class(self, class_id: str) -> TermClass:
        return self._indexes["classes"][class_id]

    def topic(self, topic_id: str) -> Topic:
        return self._indexes["topics"][topic_id]

    def township(self, township_id: str) -> Township:
        return self._indexes["townships"][township_id]

    def weight(self, rule_id: str) -> int:
        """The weight of a soft rule: the instance's own, or the rule's default."""
        from scheduler.rules import RULES

        return self.weights.get(rule_id, RULES[rule_id].weight)

    def audience(self, item: CurriculumItem | None, class_ids) -> int:
        """How many attend a session of `item` held for `class_ids`: the item's `attendance`
        where given, else the trainees of every (known) class attending."""
        if item is not None and item.attendance is not None:
            return item.attendance
        classes = self._indexes["classes"]
        return sum(classes[c].trainees for c in class_ids if c in classes)

    def travel_minutes(self, a: str, b: str) -> int:
        """Minutes between two townships, either direction; 0 when the same or not listed."""
        if a == b:
            return 0
        return self._indexes["travel"].get(frozenset((a, b)), 0)


def _index(records):
    return {record.id: record for record in records}


class Finding(BaseModel):
    """One problem in an input file, located by a path of keys and list positions."""

    path: tuple[str | int, ...]
    message: str
    severity: str = "error"  # "error" or "warning"


class InstanceReferenceError(ValueError):
    """Cross-record problems (unknown ids, duplicates); carries every finding."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__("; ".join(f.message for f in findings))
