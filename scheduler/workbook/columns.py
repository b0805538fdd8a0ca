"""The workbook's sheets and columns: Chinese headers, the notes on them, what each cell holds,
and which field of the instance format each column states (a test holds that every field has one).

Kinds of cell: text, note (may run over lines), id, int, bool, date, dates (dates and date
ranges), time, weekdays, choice (an enumeration, by its Chinese label), ref (a record of another
sheet, by name), item (a curriculum item of the row's class, by id or title), rule (a soft rule).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from scheduler.rules import POLICY_RULE_IDS, RULES, SOFT_RULES
from scheduler.workbook.messages import MODES

# Enumerations: value → the label written in cells (the model accepts each label as a synonym).
CHOICES: dict[str, dict[str, str]] = {
    "tier": {"county": "县委党校", "township": "乡镇党校", "village": "农民夜校"},
    "teacher_kind": {"fulltime": "专职教师", "cadre": "领导干部", "expert": "土专家", "parttime": "兼职"},
    "mode": dict(MODES),
    "venue_kind": {"classroom": "教室", "hall": "报告厅", "field": "现场教学点"},
    "topic_kind": {"theory": "理论类", "practice": "实践类", "general": "一般"},
    "period": {"month": "每月", "quarter": "每季度", "half_year": "每半年", "year": "每年", "term": "学期"},
    "holiday_source": {"chinese-calendar": "chinese-calendar", "none": "none"},
    "bool": {"true": "是", "false": "否"},
    # The 时间限制 sheet: whose time, and which of their lists the row goes to.
    "owner": {"teachers": "教师", "venues": "场地", "items": "课程"},
    "use": {"unavailable": "不可用", "prefers": "希望", "avoids": "不希望"},
    "rule": {rule.id: rule.name for rule in SOFT_RULES},
    "policy": {rule_id: RULES[rule_id].name for rule_id in POLICY_RULE_IDS},
    "level": {"hard": "必须", "soft": "尽量", "off": "不考核"},
}


@dataclass(frozen=True)
class Column:
    header: str
    key: str  # the row's key for the assembler: the model field, or a sheet's own key
    kind: str
    note: str
    required: bool = False
    many: bool = False  # a list in one cell
    choices: str | None = None  # for kind choice: a key of CHOICES
    ref: str | None = None  # for kind ref: the sheet key referred to
    covers: tuple[str, ...] = ()  # "Model.field" of the instance format this column states
    width: int = 14


@dataclass(frozen=True)
class Sheet:
    title: str
    key: str
    purpose: str
    columns: tuple[Column, ...]
    required: bool = True

    @cached_property
    def by_key(self) -> dict[str, Column]:
        return {column.key: column for column in self.columns}

    @cached_property
    def refs(self) -> frozenset[str]:
        return frozenset(column.key for column in self.columns if column.kind == "ref")

    def column(self, key: str) -> Column:
        return self.by_key[key]


def _id(model: str, what: str) -> Column:
    return Column("编号", "id", "id", f"{what}的编号：字母、数字、汉字、-、_；可不填，按名称自动生成",
                  covers=(f"{model}.id",), width=16)


def _name(model: str, header: str, note: str, field: str = "name") -> Column:
    return Column(header, field, "text", note, required=True, covers=(f"{model}.{field}",), width=24)


def _rule_columns(model: str) -> tuple[Column, ...]:
    """The columns of one time rule (dates, weekdays, blocks, note), shared by two sheets."""
    return (
        Column("日期", "dates", "dates", "日期或日期范围，可填多个：2026-11-16、2026-12-01至2026-12-05；空为不限",
               many=True, covers=(f"{model}.dates", "DateRange.start", "DateRange.end"), width=26),
        Column("星期", "weekdays", "weekdays", "星期几，可填多个：周一、周三；空为不限", many=True,
               covers=(f"{model}.weekdays",)),
        Column("时段", "blocks", "text", "时段名称，可填多个：上午、下午、晚上；空为不限", many=True,
               covers=(f"{model}.blocks",)),
        Column("说明", "note", "note", "说明，例如 农忙、党的创新理论学习日", covers=(f"{model}.note",), width=20),
    )


SHEETS: tuple[Sheet, ...] = (
    Sheet("学期", "term", "学期名称和起止日期（只填第 2 行一行）", (
        Column("实例名称", "instance", "id", "实例名称，也是默认的计划文件名；可不填，按学期名称生成",
               covers=("Instance.name",), width=22),
        _name("Term", "学期名称", "学期名称，例如 清徐县2023年春季学期"),
        Column("开始日期", "start", "date", "学期第一天", required=True, covers=("Term.start",)),
        Column("结束日期", "end", "date", "学期最后一天（含）", required=True, covers=("Term.end",)),
        Column("时区", "timezone", "text", "时区，默认 Asia/Shanghai", covers=("Term.timezone",), width=16),
        Column("节假日来源", "holiday_source", "choice",
               "chinese-calendar（默认：自动扣除法定节假日，覆盖 2004–2026 年）或 none（只按“节假日”工作表）",
               choices="holiday_source", covers=("Term.holiday_source",), width=18),
        Column("调休上班日", "workdays", "dates", "调休上班日，或强制上课的日期，可填多个", many=True,
               covers=("Term.workdays",), width=24),
        Column("联系方式", "contact", "text",
               "学校联系方式，印在授课通知单上，例如 县委党校教务科 0358-1234567；可不填",
               covers=("Instance.contact",), width=30),
        Column("落款", "sender", "text", "调课通知的落款；空为县委党校的名称", covers=("Instance.sender",), width=20),
    )),
    Sheet("节假日", "holidays", "法定节假日以外的放假日（或库未覆盖年份的节假日）", (
        Column("名称", "name", "text", "名称，例如 春节；可不填", covers=("Holiday.name", "Term.holidays")),
        Column("开始日期", "start", "date", "放假第一天", required=True, covers=("Holiday.dates",)),
        Column("结束日期", "end", "date", "放假最后一天（含）；只放一天可不填"),
    ), required=False),
    Sheet("乡镇", "townships", "全县的乡镇、街道", (
        _id("Township", "乡镇"),
        _name("Township", "名称", "乡镇或街道名称"),
    )),
    Sheet("学校", "sites", "上课的学校：县委党校、乡镇党校、农民夜校", (
        _id("Site", "学校"),
        _name("Site", "名称", "学校名称"),
        Column("层级", "tier", "choice", "县委党校 / 乡镇党校 / 农民夜校", required=True, choices="tier",
               covers=("Site.tier",)),
        Column("所在乡镇", "township", "ref", "学校所在的乡镇（“乡镇”工作表中的名称）", required=True,
               ref="townships", covers=("Site.township",)),
        Column("上课星期", "weekdays", "weekdays", "哪几天上课，例如 周一、周二、周三；空为周一至周五", many=True,
               covers=("Site.weekdays",), width=20),
        Column("节假日停课", "observe_holidays", "bool", "法定节假日是否停课（调休上班日照常上课）；空为“是”",
               choices="bool", covers=("Site.observe_holidays",)),
        Column("地址", "address", "text", "地址，可不填", covers=("Site.address",), width=24),
    )),
    Sheet("时段", "blocks", "每所学校的上课时段，一行一个，按时间先后", (
        Column("学校", "site", "ref", "学校名称", required=True, ref="sites", covers=("Site.blocks",), width=24),
        _name("Block", "时段名称", "例如 上午、下午、晚上"),
        Column("开始时间", "start", "time", "开始时间，例如 8:30", required=True, covers=("Block.start",)),
        Column("结束时间", "end", "time", "结束时间，例如 11:30", required=True, covers=("Block.end",)),
        Column("学时", "hours", "int", "本时段折算几个学时；空为“政策标准”中的每时段学时", covers=("Block.hours",),
               width=8),
    )),
    Sheet("场地", "venues", "教室、报告厅、现场教学点", (
        _id("Venue", "场地"),
        _name("Venue", "名称", "场地名称"),
        Column("类型", "kind", "choice", "教室 / 报告厅 / 现场教学点", required=True, choices="venue_kind",
               covers=("Venue.kind",)),
        Column("所属学校", "site", "ref", "所属学校（教室、报告厅必填）", ref="sites", covers=("Venue.site",),
               width=24),
        Column("所在乡镇", "township", "ref", "所在乡镇（现场教学点必填，除非填了所属学校）", ref="townships",
               covers=("Venue.township",)),
        Column("容纳人数", "capacity", "int", "最多坐多少人", required=True, covers=("Venue.capacity",)),
        Column("允许超员", "overflow", "int", "允许超出容量的人数（按缺座计罚分）；空为 0",
               covers=("Venue.overflow",)),
        Column("地址", "address", "text", "地址，可不填", covers=("Venue.address",), width=24),
        Column("承接专题", "topics", "ref", "现场教学点只承接这些专题，可填多个；空为不限", many=True, ref="topics",
               covers=("Venue.topics",), width=24),
        Column("承接主题类别", "themes", "text", "现场教学点只承接这些主题类别，例如 红色文化、党性教育；空为不限",
               many=True, covers=("Venue.themes",), width=24),
    ), required=False),
    Sheet("专题", "topics", "课程专题（四大主题课和特色课）", (
        _id("Topic", "专题"),
        _name("Topic", "名称", "专题名称，例如 党建实务"),
        Column("四大主题课", "main", "bool", "是否为四大主题课之一；空为“否”", choices="bool", covers=("Topic.main",)),
        Column("类别", "kind", "choice", "理论类（宜由专职教师、领导干部讲）/ 实践类（宜由土专家讲）/ 一般；空为一般",
               choices="topic_kind", covers=("Topic.kind",)),
        Column("主题类别", "themes", "text", "主题类别，可填多个，例如 红色文化（现场教学点按此承接）", many=True,
               covers=("Topic.themes",), width=20),
    )),
    Sheet("教师", "teachers", "全县师资库：专职教师、领导干部、土专家、兼职教师", (
        _id("Teacher", "教师"),
        _name("Teacher", "姓名", "教师姓名"),
        Column("类别", "kind", "choice", "专职教师 / 领导干部 / 土专家 / 兼职", required=True,
               choices="teacher_kind", covers=("Teacher.kind",)),
        Column("所在乡镇", "township", "ref", "家住或工作所在的乡镇", required=True, ref="townships",
               covers=("Teacher.township",)),
        Column("可授专题", "topics", "ref", "能讲授的专题，可填多个：党建实务、乡村振兴", required=True, many=True,
               ref="topics", covers=("Teacher.topics",), width=28),
        Column("授课层级", "tiers", "choice", "只在这些层级授课，可填多个；空为全部", many=True, choices="tier",
               covers=("Teacher.tiers",), width=18),
        Column("授课乡镇", "townships", "ref", "只到这些乡镇授课，可填多个；空为全部", many=True, ref="townships",
               covers=("Teacher.townships",), width=20),
        Column("每天最多", "max_per_day", "int", "每天最多几节；空为不限", covers=("Teacher.max_per_day",)),
        Column("每周最多", "max_per_week", "int", "每周最多几节；空为不限", covers=("Teacher.max_per_week",)),
        Column("职务", "role", "text", "职务，例如 书记（课程可要求由此职务的教师讲授）", covers=("Teacher.role",)),
        Column("电话", "phone", "text", "联系电话（印在调课通知的名单上）；可不填", covers=("Teacher.phone",),
               width=16),
    )),
    Sheet("授课任务", "obligations", "教师必须完成的授课任务，例如书记每半年讲一次党课", (
        Column("教师", "teacher", "ref", "教师姓名", required=True, ref="teachers", covers=("Teacher.obligations",)),
        Column("至少次数", "min_sessions", "int", "每个周期至少上几次课；空为 1", covers=("Obligation.min_sessions",)),
        Column("周期", "period", "choice", "每月 / 每季度 / 每半年 / 每年 / 学期", required=True, choices="period",
               covers=("Obligation.period",)),
        Column("专题", "topic", "ref", "限定专题（例如 党建实务）；空为不限", ref="topics",
               covers=("Obligation.topic",)),
        Column("说明", "note", "note", "说明，可不填", covers=("Obligation.note",), width=24),
    ), required=False),
    Sheet("班次", "classes", "本学期的培训班次", (
        _id("TermClass", "班次"),
        _name("TermClass", "名称", "班次名称", ),
        Column("学校", "site", "ref", "在哪所学校上课", required=True, ref="sites", covers=("TermClass.site",),
               width=24),
        Column("学员人数", "trainees", "int", "学员人数", required=True, covers=("TermClass.trainees",)),
        Column("开始日期", "start", "date", "开班日期", required=True, covers=("TermClass.start",)),
        Column("结束日期", "end", "date", "结业日期（含）", required=True, covers=("TermClass.end",)),
        Column("4+N", "four_plus_n", "bool", "是否为“4+N”课程（必须包含四大主题课）；空为“否”", choices="bool",
               covers=("TermClass.four_plus_n",), width=8),
        Column("首选场地", "preferred_venues", "ref", "希望使用的场地，可填多个（软约束）", many=True, ref="venues",
               covers=("TermClass.preferred_venues",), width=24),
        Column("至少学时", "min_hours", "int", "本班至少几个学时；空为不限", covers=("TermClass.min_hours",), width=10),
        Column("至多学时", "max_hours", "int", "本班至多几个学时；空为不限", covers=("TermClass.max_hours",), width=10),
        Column("班主任", "head_teacher", "text", "班主任姓名（课程调整时收到调课通知）；可不填",
               covers=("TermClass.head_teacher",)),
        Column("班主任电话", "head_teacher_phone", "text", "班主任联系电话；可不填",
               covers=("TermClass.head_teacher_phone",), width=16),
    )),
    Sheet("课程", "curriculum", "每个班次开设的课程，一行一项", (
        Column("班次", "class", "ref", "哪个班次的课程", required=True, ref="classes",
               covers=("TermClass.curriculum",), width=26),
        Column("编号", "id", "id", "课程编号（本班内不重复）；可不填，按课题生成", covers=("CurriculumItem.id",)),
        Column("专题", "topic", "ref", "专题名称", required=True, ref="topics", covers=("CurriculumItem.topic",)),
        _name("CurriculumItem", "课题", "课题，例如 学习贯彻党的二十大精神", field="title"),
        Column("授课方式", "mode", "choice", "讲授 / 现场教学 / 互动 / 线上；空为讲授", choices="mode",
               covers=("CurriculumItem.mode",)),
        Column("教学方法", "method", "text", "教学方法，例如 案例、情景模拟、研讨（按“政策标准”计入互动式教学）",
               covers=("CurriculumItem.method",)),
        Column("要求教师类别", "teacher_kind", "choice", "须由这类教师讲授（至少一位）；空为不限",
               choices="teacher_kind",
               covers=("CurriculumItem.teacher_kind",), width=12),
        Column("要求教师职务", "teacher_role", "text", "须由担任此职务的教师讲授（至少一位），例如 书记；空为不限",
               covers=("CurriculumItem.teacher_role",), width=12),
        Column("课次", "sessions", "int", "共几次课；空为 1", covers=("CurriculumItem.sessions",), width=8),
        Column("每次时段数", "length", "int", "每次课占几个连续时段（现场教学一整天为 2）；空为 1",
               covers=("CurriculumItem.length",), width=10),
        Column("指定教师", "teachers", "ref", "指定授课教师，可填多个；空为由程序安排", many=True, ref="teachers",
               covers=("CurriculumItem.teachers",), width=20),
        Column("B角", "backup", "ref", "备选教师（B角），可填多个：指定教师缺席时优先由他们接替", many=True,
               ref="teachers", covers=("CurriculumItem.backup",), width=20),
        Column("教师人数", "teacher_count", "int", "每次课几位教师（双人教学为 2）；空为按指定教师",
               covers=("CurriculumItem.teacher_count",), width=10),
        Column("限用场地", "venues", "ref", "只能使用这些场地，可填多个；空为按授课方式自动选择", many=True,
               ref="venues", covers=("CurriculumItem.venues",), width=20),
        Column("合班班次", "joint_with", "ref", "一起上课的其他班次，可填多个（合班课）", many=True, ref="classes",
               covers=("CurriculumItem.joint_with",), width=24),
        Column("第一次课", "first", "bool", "本班第一次课（如开班式）；空为“否”", choices="bool",
               covers=("CurriculumItem.first",), width=10),
        Column("最后一次课", "last", "bool", "本班最后一次课（如结业式）；空为“否”", choices="bool",
               covers=("CurriculumItem.last",), width=10),
        Column("排在之后", "after", "item", "须在本班这些课程全部结束之后（填课程编号或课题），可填多个", many=True,
               covers=("CurriculumItem.after",), width=16),
        Column("至少分布天数", "min_days", "int", "课次至少分布在几天；空为等于课次数（软约束）",
               covers=("CurriculumItem.min_days",), width=12),
        Column("听课人数", "attendance", "int", "听课人数；空为本班与合班班次学员数之和",
               covers=("CurriculumItem.attendance",), width=10),
    ), required=False),
    Sheet("时间限制", "time_rules", "教师、场地、课程不能（或希望、不希望）上课的时间，一行一条", (
        Column("对象类别", "owner", "choice", "教师 / 场地 / 课程", required=True, choices="owner"),
        Column("对象", "name", "text", "教师姓名、场地名称，或课程所在的班次名称", required=True, width=24),
        Column("课程", "item", "text", "对象类别为课程时：课程编号或课题", width=16),
        Column("限制", "use", "choice", "不可用 / 希望 / 不希望（后两者只用于教师，为软约束）；空为不可用",
               choices="use", covers=("Teacher.unavailable", "Teacher.prefers", "Teacher.avoids",
                                      "Venue.unavailable", "CurriculumItem.unavailable")),
        *_rule_columns("TimeRule"),
    ), required=False),
    Sheet("停课安排", "blackouts", "全县或部分范围停课的时间，例如春耕农忙；范围都不填为全部学校", (
        Column("名称", "name", "text", "名称，例如 春耕农忙", required=True, covers=("Blackout.name", "Blackout.when"),
               width=20),
        *_rule_columns("TimeRule"),
        Column("层级", "tiers", "choice", "只对这些层级停课，可填多个", many=True, choices="tier",
               covers=("Blackout.tiers",)),
        Column("学校", "sites", "ref", "只对这些学校停课，可填多个", many=True, ref="sites",
               covers=("Blackout.sites",)),
        Column("乡镇", "townships", "ref", "只对这些乡镇停课，可填多个", many=True, ref="townships",
               covers=("Blackout.townships",)),
        Column("场地", "venues", "ref", "这些场地停用，可填多个", many=True, ref="venues", covers=("Blackout.venues",)),
        Column("教师", "teachers", "ref", "这些教师不能上课，可填多个", many=True, ref="teachers",
               covers=("Blackout.teachers",)),
        Column("教师类别", "teacher_kinds", "choice", "这些类别的教师不能上课，可填多个", many=True,
               choices="teacher_kind", covers=("Blackout.teacher_kinds",)),
    ), required=False),
    Sheet("路程", "travel", "乡镇之间的路程（单程分钟），没填的按 0", (
        Column("乡镇甲", "a", "ref", "一个乡镇", required=True, ref="townships", covers=("TravelTime.between",)),
        Column("乡镇乙", "b", "ref", "另一个乡镇", required=True, ref="townships"),
        Column("单程分钟", "minutes", "int", "单程几分钟", required=True, covers=("TravelTime.minutes",)),
    ), required=False),
    Sheet("权重", "weights", "软约束的权重（覆盖默认值；0 表示关闭）；不填用默认", (
        Column("软约束", "rule", "choice", "软约束名称", required=True, choices="rule",
               covers=("Instance.weights",), width=30),
        Column("权重", "weight", "int", "权重，0 表示关闭", required=True),
    ), required=False),
    Sheet("政策规则", "policies", "政策规则的考核方式（4+N、互动式教学比例、学时等）；不填为必须满足", (
        Column("规则", "rule", "choice", "政策规则名称", required=True, choices="policy",
               covers=("Instance.policies",), width=30),
        Column("考核方式", "level", "choice", "必须（硬约束）/ 尽量（按权重计罚分）/ 不考核", required=True,
               choices="level", covers=("PolicySetting.level",), width=12),
        Column("罚分权重", "weight", "int", "“尽量”时每次违反的罚分；空为默认", covers=("PolicySetting.weight",),
               width=10),
    ), required=False),
    Sheet("政策标准", "standards", "政策规则的标准（只填第 2 行一行）；不填用默认", (
        Column("互动式教学方法", "interactive_methods", "text",
               "算作互动式教学的教学方法，可填多个：案例、情景模拟、访谈、桌面推演、研讨；填了才考核互动式教学比例",
               many=True, covers=("Instance.standards", "Standards.interactive_methods"), width=30),
        Column("案例教学方法", "case_methods", "text", "算作案例教学的教学方法，可填多个；空为 案例", many=True,
               covers=("Standards.case_methods",), width=16),
        Column("互动式教学比例", "min_interactive_percent", "int", "互动式教学至少占班次学时的百分比；空为 30",
               covers=("Standards.min_interactive_percent",), width=14),
        Column("案例教学比例", "min_case_percent", "int", "案例教学至少占互动式教学学时的百分比；空为 33",
               covers=("Standards.min_case_percent",), width=14),
        Column("每时段学时", "block_hours", "int", "一个时段折算几个学时；空为 3", covers=("Standards.block_hours",),
               width=12),
    ), required=False),
)

SHEET_BY_TITLE = {sheet.title: sheet for sheet in SHEETS}
SHEET_BY_KEY = {sheet.key: sheet for sheet in SHEETS}
GUIDE_SHEET = "说明"
LISTS_SHEET = "下拉选项"  # hidden: the drop-downs' choices

# The record sheets whose rows other sheets refer to by name, and what a record of each is called.
NAMED = {"townships": "乡镇", "sites": "学校", "venues": "场地", "topics": "专题", "teachers": "教师",
         "classes": "班次"}
# The sections of the instance that are lists of records with an id (the model fields).
SECTION_FIELDS = {"townships": "townships", "sites": "sites", "venues": "venues", "topics": "topics",
                  "teachers": "teachers", "classes": "classes"}
