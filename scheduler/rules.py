"""The registry of scheduling rules: one place that names every rule the engine knows.

The solver (`scheduler.solve.rules`) posts constraints for each rule and the independent checker
(`scheduler.check`) verifies each rule from the instance and plan alone; both are keyed by the
ids below, and a test holds the three lists equal.

What each hard rule means, precisely (the contract both faces implement):

* A session of curriculum item `i` of class `c` is held at `c`'s site. It starts at one of
  the site's blocks and occupies `i.length` consecutive blocks of that site on one date; its
  start is the first block's start and its end the last block's end (local time).
* A *teaching block* of a site is a (date, block) with: the date inside the term; the site
  teaching that day (its weekdays, minus statutory holidays and listed days off, plus 调休
  make-up working days, when the site observes holidays); and no blackout applying to the
  site matching it. A blackout applies to a site when it has no scope at all, or lists the
  site, its tier or its township. Blackouts that list teachers or teacher kinds apply to those
  teachers (and ones that list venues to those venues), independently of the site scopes.
* Two sessions overlap when they are on the same date and their [start, end) times intersect.
* A teacher's `tiers` and `townships` limit every session they teach, whether the item names
  them (`teachers: [...]`) or not. An item naming a teacher outside those limits is a
  contradiction in the input: `check` reports it at the item's `teachers[k]` and `solve`
  refuses the instance, as it does any other error `check` finds.
* An obligation's periods are the calendar months, quarters, half-years or years (or the
  whole term) of which at least half the days lie inside the term; each such period,
  clipped to the term, needs at least `min_sessions` of the teacher's sessions (of the
  obligation's topic, when one is given). A calendar period the term touches but covers less
  than half of is not in force this term: `check` warns of it and `solve`'s summary names it
  (scheduler.check.periods holds the one computation of periods).
* A class's dates may reach past the term; its sessions still go on term days only. `check`
  warns of the days outside the term, and reports an error when no day is inside it.
* A field session at a county school may use any field venue; at another school, one in the
  school's township or of the school itself (an item's own `venues` list replaces this).

Policy rules (POLICY_RULE_IDS) are hard by default; an instance's `policies` may make each
one soft (weight × violations joins the objective) or off. Precisely:

* venue_topic: a field session goes to a venue that lists no `topics` and no `themes`, or
  lists the session's topic, or one of the topic's `themes`. Violations: such sessions.
* teacher_role: a session of an item with `teacher_kind` and/or `teacher_role` has at least
  one teacher of that kind holding that role. Violations: sessions without one.
* four_plus_n: a class marked `four_plus_n` attends the four main topics, counting its own
  items and the joint items of other classes that name it in `joint_with`. Violations:
  missing main topics.
* interactive_share: in force when `standards.interactive_methods` lists any. A session
  counts its hours (per block: the block's `hours`, else `standards.block_hours`); it is
  interactive when its item's `method` is listed or its mode is interactive, and case
  teaching when the method is in `standards.case_methods`. Per class (sessions it attends):
  interactive hours ≥ min_interactive_percent % of its hours, and case hours ≥
  min_case_percent % of its interactive hours. Violations: missing hours, rounded up.
* class_hours: a class with `min_hours` / `max_hours` attends that many hours at least / at
  most. Violations: hours short or over.
Each session is placed once, so most of these are fixed by the curriculum; the solver still
decides them through venues, teachers and which blocks (of which hours) sessions take.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    HARD = "hard"
    SOFT = "soft"


@dataclass(frozen=True)
class Rule:
    id: str
    name: str  # what county staff call it
    kind: Kind
    description: str
    weight: int = 0  # default weight of a soft rule (the instance's `weights` override it)
    unit: str = ""  # what one violation counts, for soft rules
    policy: bool = False  # a policy rule: the instance's `policies` make it hard, soft or off


HARD_RULES: tuple[Rule, ...] = (
    Rule("session_once", "每次课恰好安排一次", Kind.HARD,
         "课程表中每个课次出现且只出现一次，课次内容（班次、专题、标题、方式、学校）与实例一致。"),
    Rule("class_window", "课次在班次日期之内", Kind.HARD,
         "课次日期在其所有班次（含合班班次）的起止日期之内。"),
    Rule("site_calendar", "在学校的上课日和上课时段", Kind.HARD,
         "课次占用学校连续的上课时段；避开法定节假日、非上课星期和适用于该学校的停课安排；"
         "也避开该课程项自身的禁排时间。"),
    Rule("teacher_count", "指定教师与教师人数", Kind.HARD,
         "每个课次恰好有课程项要求人数的不同教师，且包含全部指定教师。"),
    Rule("teacher_qualified", "教师只讲授能讲的专题", Kind.HARD,
         "教师的 topics 包含课次专题，且课次所在学校的层级、乡镇在教师的授课范围（tiers、townships）内；"
         "指定教师也不例外。"),
    Rule("teacher_available", "教师只在有空时上课", Kind.HARD,
         "课次占用的时段不落在教师的不可用时间或适用于该教师的停课安排内。"),
    Rule("teacher_no_overlap", "教师同一时段只能上一门课", Kind.HARD,
         "同一教师的两个课次在时间上不重叠，无论在哪一级学校。"),
    Rule("teacher_daily_limit", "教师每天课次上限", Kind.HARD,
         "教师一天的课次数不超过 max_per_day。"),
    Rule("teacher_weekly_limit", "教师每周课次上限", Kind.HARD,
         "教师一周（周一至周日）的课次数不超过 max_per_week。"),
    Rule("teacher_obligation", "授课任务按期完成", Kind.HARD,
         "如书记每半年至少讲一次党课：每个周期内该教师（该专题）的课次数不少于要求；"
         "学期覆盖不到一半天数的周期本学期不考核（check 和 solve 会列出）。"),
    Rule("venue_fit", "场地与授课方式相符", Kind.HARD,
         "线上课不占场地；现场教学在现场教学点（县委党校可用任一现场教学点，其他学校用本乡镇或本校的）"
         "且只在白天（18:00 前结束）；讲授和互动课在本校的"
         "教室或报告厅；课程项限定场地时只用限定的场地；场地不在其不可用时间。"),
    Rule("venue_capacity", "场地容量不小于上课人数", Kind.HARD,
         "场地容量加上允许的超员人数（overflow，默认 0）不小于课次的听课人数（课程项的 attendance，"
         "默认为所有班次学员人数之和）。"),
    Rule("venue_no_overlap", "场地同一时段只能安排一次课", Kind.HARD,
         "同一场地的两个课次在时间上不重叠。"),
    Rule("class_no_overlap", "班次同一时段只能上一门课", Kind.HARD,
         "同一班次（含合班课）的两个课次在时间上不重叠。"),
    Rule("ordering", "课程顺序", Kind.HARD,
         "first 课程项的课次在本班其他课次开始前结束；last 课程项的课次在本班其他课次结束后开始；"
         "after 列出的课程项全部结束后才开始本课程项。"),
    Rule("venue_topic", "现场教学点承接对口专题", Kind.HARD,
         "现场教学点列出 topics 或 themes 时，只承接所列专题或主题类别的现场教学。",
         10, "课次", policy=True),
    Rule("teacher_role", "课程要求的教师类型或职务", Kind.HARD,
         "课程项要求 teacher_kind 或 teacher_role（如书记讲党课）时，课次至少有一位这样的教师。",
         20, "课次", policy=True),
    Rule("four_plus_n", "“4+N”四大主题课", Kind.HARD,
         "标记 four_plus_n 的班次（含参加的合班课）包含全部四大主题课。", 20, "主题课", policy=True),
    Rule("interactive_share", "互动式教学比例", Kind.HARD,
         "列出互动式教学方法时：每个班次互动式教学学时不低于总学时的规定比例，其中案例教学不低于规定比例。",
         5, "学时", policy=True),
    Rule("class_hours", "班次学时", Kind.HARD,
         "班次规定 min_hours / max_hours 时，所上课次折算的学时在此范围内。", 5, "学时", policy=True),
)

# Soft rules. Each counts violations in the unit given; its penalty is weight × violations
# and the plan's objective is the sum of the penalties. Precisely:
#
# * travel_places: per teacher and date, (number of distinct townships of the sites where the
#   teacher teaches that day) − 1.
# * travel_minutes: per session and teacher whose home township differs from the session
#   site's township: ceil(minutes / 10), minutes from the instance's `travel` table (either
#   direction; a pair not listed counts 0).
# * class_isolated: per class, date and block of the class's own site that the class occupies
#   (with its own or joint sessions held at that site) while neither the block just before nor
#   just after on the same date is occupied by the class: 1. Sites with a single block are
#   exempt.
# * class_empty_day: per class whose dates span at most 14 days: each day on which the class's
#   site teaches, strictly between the class's first and last session dates, with no session
#   of the class: 1.
# * item_spread: per curriculum item: max(0, min_days − number of distinct dates of its
#   sessions); min_days defaults to the item's number of sessions.
# * topic_repeat: per class, a session that starts at the block right after the end of
#   another session of the same class on the same date and site, with the same topic: 1.
# * teacher_mode_fit: per session and teacher: 1 when the session is a field session or its
#   topic is of kind practice and the teacher is not an expert; or when the topic is of kind
#   theory and the teacher is an expert or part-time.
# * fulltime_balance: max − min of the session counts of the full-time teachers (0 when
#   fewer than two).
# * teacher_preference: per session and teacher: 1 if any block of the session matches one of
#   the teacher's `avoids` rules; 1 if the teacher has `prefers` rules and no block of the
#   session matches any of them.
# * class_venue_preference: per non-online session and class of it with `preferred_venues`,
#   held elsewhere: 1.
# * class_room_stability: per class: (number of distinct classrooms and halls used by its
#   sessions held at its own site) − 1, at least 0.
# * item_room_stability: per curriculum item: (number of distinct venues its sessions use) − 1,
#   at least 0.
# * soft_capacity: per session in a venue smaller than its audience (the item's `attendance`,
#   else all its classes' trainees; allowed up to the venue's `overflow` seats): the number
#   of missing seats.
SOFT_RULES: tuple[Rule, ...] = (
    Rule("travel_places", "教师一天少跑几个乡镇", Kind.SOFT,
         "同一教师同一天授课的乡镇越少越好：每多一个乡镇计一次。", 5, "多跑的乡镇"),
    Rule("travel_minutes", "教师离家授课路程", Kind.SOFT,
         "教师到家所在乡镇以外授课，按乡镇间路程每 10 分钟计一次。", 1, "10 分钟路程"),
    Rule("class_isolated", "班次课程紧凑（无孤立课）", Kind.SOFT,
         "班次在某时段上课而前后相邻时段都没课，计一次。", 2, "孤立时段"),
    Rule("class_empty_day", "多日班中间不空天", Kind.SOFT,
         "两周以内的班次，在首末上课日之间的上课日没有课，计一次。", 5, "空的上课日"),
    Rule("item_spread", "同一课程分散到不同天", Kind.SOFT,
         "同一课程项的课次所在日期少于 min_days（默认等于课次数），每少一天计一次。", 5, "少的天数"),
    Rule("topic_repeat", "同一专题不连排", Kind.SOFT,
         "班次紧接着的两次课专题相同，计一次。", 1, "连排"),
    Rule("teacher_mode_fit", "教师类型与授课方式相符", Kind.SOFT,
         "现场教学和实践类专题由非土专家讲授、理论类专题由土专家或兼职教师讲授，每课次计一次。", 3, "课次"),
    Rule("fulltime_balance", "专职教师工作量均衡", Kind.SOFT,
         "专职教师课次数的最大值与最小值之差。", 2, "课次差"),
    Rule("teacher_preference", "教师时间偏好", Kind.SOFT,
         "课次落在教师不希望的时间，或教师有希望的时间而课次不在其中，每课次计一次。", 2, "课次"),
    Rule("class_venue_preference", "班次首选场地", Kind.SOFT,
         "班次有首选场地而课次安排在别处，每课次计一次。", 2, "课次"),
    Rule("class_room_stability", "班次固定教室", Kind.SOFT,
         "班次在本校使用的教室和报告厅数减一。", 1, "多用的教室"),
    Rule("item_room_stability", "同一课程固定场地", Kind.SOFT,
         "同一课程项使用的场地数减一。", 0, "多用的场地"),
    Rule("soft_capacity", "场地略小（按缺座计）", Kind.SOFT,
         "场地允许超员（overflow）时，容量不足的座位数。", 1, "缺座"),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in (*HARD_RULES, *SOFT_RULES)}
SOFT_RULE_IDS = tuple(rule.id for rule in SOFT_RULES)
POLICY_RULE_IDS = tuple(rule.id for rule in HARD_RULES if rule.policy)


def rule_name(rule_id: str) -> str:
    return RULES[rule_id].name
