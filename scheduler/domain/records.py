"""The records of a term plan: the term, townships, sites and their blocks, venues, teachers,
topics, classes with their curricula, blackouts and travel times. Pydantic models, no solver code.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from scheduler.domain.values import (
    MAX_PEOPLE,
    Clock,
    DateRangeField,
    Day,
    Id,
    Mode,
    ModeField,
    Name,
    Note,
    PeriodField,
    Phone,
    Record,
    TeacherKindField,
    TierField,
    TimeRule,
    TopicKind,
    TopicKindField,
    VenueKindField,
)


class Holiday(Record):
    dates: DateRangeField = Field(description="放假日期或范围")
    name: Name = Field("假日", description="名称，例如 春节")


class Term(Record):
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


class Township(Record):
    id: Id
    name: Name = Field(description="乡镇或街道名称")


class Block(Record):
    name: Name = Field(description="时段名称，例如 上午")
    start: Clock = Field(description="开始时间 HH:MM")
    end: Clock = Field(description="结束时间 HH:MM")
    hours: int | None = Field(None, ge=1, le=12, description="本时段折算几个学时（省略为 standards.block_hours）")

    @model_validator(mode="after")
    def _ordered(self) -> Block:
        if self.end <= self.start:
            raise ValueError(f"时段 {self.name} 的结束时间不晚于开始时间")
        return self

    @property
    def daytime(self) -> bool:
        """Field teaching is daytime only: the block ends by 18:00."""
        return self.end <= dt.time(18, 0)


class Site(Record):
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


class Venue(Record):
    id: Id
    name: Name
    kind: VenueKindField = Field(description="classroom 教室 / hall 报告厅 / field 现场教学点")
    site: Id | None = Field(None, description="所属学校（教室、报告厅必填）")
    township: Id | None = Field(None, description="所在乡镇（现场教学点必填，除非给了 site）")
    capacity: int = Field(ge=0, le=MAX_PEOPLE, description="容纳人数")
    overflow: int = Field(0, ge=0, le=MAX_PEOPLE, description="允许超出容量的人数（按缺座计软约束罚分）")
    address: Name | None = None
    unavailable: list[TimeRule] = Field(default_factory=list, description="不可用的时间")
    topics: list[Id] = Field(default_factory=list, description="现场教学点只承接这些专题 id")
    themes: list[Name] = Field(default_factory=list,
                               description="现场教学点只承接这些主题类别（例如 红色文化、党性教育）")


class Obligation(Record):
    min_sessions: int = Field(1, ge=1, le=1000, description="每个周期至少上几次课")
    period: PeriodField = Field(description="周期：month / quarter / half_year / year / term")
    topic: Id | None = Field(None, description="限定专题（例如 党建实务，即书记讲党课）")
    note: Note | None = None


class Teacher(Record):
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
    phone: Phone | None = Field(None, description="联系电话（印在调课通知的名单上）")
    role: Name | None = Field(None, description="职务，例如 书记（课程项可要求 teacher_role）")


class Topic(Record):
    id: Id
    name: Name
    main: bool = Field(False, description="是否为四大主题课之一")
    kind: TopicKindField = Field(
        TopicKind.GENERAL,
        description="theory 理论类（宜由专职教师、领导干部讲）/ practice 实践类（宜由土专家讲）/ general",
    )
    themes: list[Name] = Field(default_factory=list, description="主题类别，例如 红色文化（现场教学点按此承接）")


class CurriculumItem(Record):
    id: Id
    topic: Id
    title: Name
    mode: ModeField = Field(Mode.LECTURE,
                            description="lecture 讲授 / field 现场教学 / interactive 互动 / online 线上")
    sessions: int = Field(1, ge=1, le=200, description="共几次课")
    length: int = Field(1, ge=1, le=4, description="每次课占几个连续时段（现场教学一整天为 2）")
    teachers: list[Id] = Field(default_factory=list, description="指定授课教师 id")
    backup: list[Id] = Field(default_factory=list, description="B角：指定教师缺席时优先接替的教师 id")
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
    method: Name | None = Field(None, description="教学方法，例如 案例、情景模拟"
                                                  "（standards 中列为互动式的计入互动式教学）")
    teacher_kind: TeacherKindField | None = Field(None, description="须由这类教师讲授（至少一位）")
    teacher_role: Name | None = Field(None, description="须由担任此职务的教师讲授（至少一位），例如 书记")

    @model_validator(mode="after")
    def _consistent(self) -> CurriculumItem:
        if self.first and self.last:
            raise ValueError("first 与 last 不能同时为 true")
        if self.teacher_count is not None and len(self.teachers) > self.teacher_count:
            raise ValueError("指定教师人数多于 teacher_count")
        if len(set(self.teachers)) != len(self.teachers):
            raise ValueError("指定教师重复")
        if set(self.backup) & set(self.teachers) or len(set(self.backup)) != len(self.backup):
            raise ValueError("B角（backup）不能重复，也不能是指定教师")
        return self

    @property
    def teachers_needed(self) -> int:
        return self.teacher_count if self.teacher_count is not None else max(1, len(self.teachers))


class TermClass(Record):
    """A class (班次): one cohort with its dates and curriculum."""

    id: Id
    name: Name
    site: Id
    trainees: int = Field(ge=1, le=MAX_PEOPLE, description="学员人数")
    start: Day
    end: Day
    four_plus_n: bool = Field(False, description="“4+N”课程：必须包含四大主题课")
    min_hours: int | None = Field(None, ge=0, le=100_000, description="至少几个学时")
    max_hours: int | None = Field(None, ge=0, le=100_000, description="至多几个学时")
    preferred_venues: list[Id] = Field(default_factory=list, description="首选场地（软约束）")
    head_teacher: Name | None = Field(None, description="班主任姓名（课程调整时收到调课通知）")
    head_teacher_phone: Phone | None = Field(None, description="班主任联系电话")
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


class Blackout(Record):
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


class TravelTime(Record):
    """Travel time between two townships, either direction."""

    between: tuple[Id, Id] = Field(description="两个乡镇 id")
    minutes: int = Field(ge=0, le=24 * 60, description="单程分钟数")
