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
* An obligation's periods are the calendar months, quarters, half-years or years (or the
  whole term) of which at least half the days lie inside the term; each such period,
  clipped to the term, needs at least `min_sessions` of the teacher's sessions (of the
  obligation's topic, when one is given).
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
         "教师的 topics 包含课次专题，且课次所在学校的层级、乡镇在教师的授课范围内。"),
    Rule("teacher_available", "教师只在有空时上课", Kind.HARD,
         "课次占用的时段不落在教师的不可用时间或适用于该教师的停课安排内。"),
    Rule("teacher_no_overlap", "教师同一时段只能上一门课", Kind.HARD,
         "同一教师的两个课次在时间上不重叠，无论在哪一级学校。"),
    Rule("teacher_daily_limit", "教师每天课次上限", Kind.HARD,
         "教师一天的课次数不超过 max_per_day。"),
    Rule("teacher_weekly_limit", "教师每周课次上限", Kind.HARD,
         "教师一周（周一至周日）的课次数不超过 max_per_week。"),
    Rule("teacher_obligation", "授课任务按期完成", Kind.HARD,
         "如书记每半年至少讲一次党课：每个周期内该教师（该专题）的课次数不少于要求。"),
    Rule("venue_fit", "场地与授课方式相符", Kind.HARD,
         "线上课不占场地；现场教学在现场教学点且只在白天（18:00 前结束）；讲授和互动课在本校的"
         "教室或报告厅；课程项限定场地时只用限定的场地；场地不在其不可用时间。"),
    Rule("venue_capacity", "场地容量不小于上课人数", Kind.HARD,
         "场地容量不小于课次所有班次学员人数之和。"),
    Rule("venue_no_overlap", "场地同一时段只能安排一次课", Kind.HARD,
         "同一场地的两个课次在时间上不重叠。"),
    Rule("class_no_overlap", "班次同一时段只能上一门课", Kind.HARD,
         "同一班次（含合班课）的两个课次在时间上不重叠。"),
    Rule("ordering", "课程顺序", Kind.HARD,
         "first 课程项的课次在本班其他课次开始前结束；last 课程项的课次在本班其他课次结束后开始；"
         "after 列出的课程项全部结束后才开始本课程项。"),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in HARD_RULES}


def rule_name(rule_id: str) -> str:
    return RULES[rule_id].name
