"""The independent checker: one valid plan, and for every hard rule a plan that breaks it.

The instance (tests/data/check/instance.yaml) has a county school, a township school and a
night school; plan.json satisfies every hard rule. Each test edits a copy of the plan (and
sometimes of the instance) so that exactly one rule breaks, then looks for that rule's
violation and the names its message must carry.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from scheduler.calendar import CalendarError
from scheduler.check import CHECKS, Violation, validate_plan
from scheduler.check.periods import obligation_periods
from scheduler.domain import Instance, Period, Plan
from scheduler.domain.loading import instance_lines
from scheduler.rules import HARD_RULES

DATA = Path(__file__).parent / "data" / "check"
TIMES = {"上午": ("08:30", "11:30"), "下午": ("14:30", "17:30"), "晚上": ("19:00", "21:00")}


@cache
def _raw_instance() -> dict:
    data, _ = instance_lines(DATA / "instance.yaml")
    return data


@cache
def _base_instance() -> Instance:
    return Instance.model_validate(_raw_instance())


def instance_with(change: Callable[[dict], None] | None = None) -> Instance:
    """The test instance, edited on a copy of its raw data."""
    if change is None:
        return _base_instance()
    data = copy.deepcopy(_raw_instance())
    change(data)
    return Instance.model_validate(data)


def record(data: dict, section: str, record_id: str) -> dict:
    return next(r for r in data[section] if r["id"] == record_id)


def item(data: dict, class_id: str, item_id: str) -> dict:
    return next(i for i in record(data, "classes", class_id)["curriculum"] if i["id"] == item_id)


def plan_with(edits: dict[str, dict] | None = None, *, drop: tuple[str, ...] = (),
              extra: tuple[dict, ...] = ()) -> Plan:
    """The valid plan with some sessions' fields replaced, some dropped, some added."""
    data = json.loads((DATA / "plan.json").read_text(encoding="utf-8"))
    sessions = [s for s in data["sessions"] if s["id"] not in drop]
    for session in sessions:
        session.update((edits or {}).get(session["id"], {}))
    data["sessions"] = sessions + list(extra)
    return Plan.model_validate(data)


def at(day: str, *blocks: str) -> dict:
    """Plan fields for a session on a date taking the named consecutive blocks."""
    return {"date": day, "start": TIMES[blocks[0]][0], "end": TIMES[blocks[-1]][1],
            "blocks": list(blocks)}


def check(plan: Plan, instance: Instance | None = None) -> list[Violation]:
    return validate_plan(instance or _base_instance(), plan)


def only(violations: list[Violation], rule: str, *fragments: str) -> Violation:
    """Assert every violation is of `rule` and one message holds all fragments; return it."""
    assert violations, "expected a violation"
    assert {v.rule for v in violations} == {rule}, [str(v) for v in violations]
    return find(violations, rule, *fragments)


def find(violations: list[Violation], rule: str, *fragments: str) -> Violation:
    for violation in violations:
        if violation.rule == rule and all(f in violation.message for f in fragments):
            return violation
    raise AssertionError(f"no {rule} violation with {fragments}: {[str(v) for v in violations]}")


# --- the registry and the valid plan -------------------------------------------------------

def test_checks_cover_exactly_the_hard_rules():
    assert list(CHECKS) == [rule.id for rule in HARD_RULES]


def test_valid_plan_has_no_violations():
    assert check(plan_with()) == []


def test_violations_are_sorted_by_rule_order_then_message():
    plan = plan_with({"c2/law2/1": {**at("2022-05-25", "晚上")},  # room1 clash with c1/close/1
                      "c1/theory/2": {"teachers": ["t02"]},  # not qualified
                      "c3/skills/1": {"title": "改过的标题"}})  # wrong content
    found = check(plan)
    order = {rule.id: i for i, rule in enumerate(HARD_RULES)}
    assert found == sorted(found, key=lambda v: (order[v.rule], v.message))
    assert [v.rule for v in found] == ["session_once", "teacher_qualified", "venue_no_overlap"]
    shuffled = plan.model_copy(update={"sessions": list(reversed(plan.sessions))})
    assert check(shuffled) == found


def test_violation_carries_rule_name_and_sessions():
    found = check(plan_with(drop=("c3/skills/1",)))
    assert found == [Violation("session_once", found[0].message, ("c3/skills/1",))]
    assert found[0].rule_name == "每次课恰好安排一次"


def test_calendar_error_propagates():
    def move_to_2035(data):
        data["term"].update(start=dt.date(2035, 3, 1), end=dt.date(2035, 6, 30))

    with pytest.raises(CalendarError):
        check(plan_with(), instance_with(move_to_2035))


# --- session_once --------------------------------------------------------------------------

def test_missing_session():
    violation = only(check(plan_with(drop=("c3/skills/1",))), "session_once",
                     "c3/skills/1", "清源镇党员培训班(c3)", "没有排入")
    assert violation.sessions == ("c3/skills/1",)


def test_duplicate_session():
    plan = plan_with()
    copy_of = plan.sessions[-1].model_dump(mode="json")
    only(check(plan_with(extra=(copy_of,))), "session_once", "c4/skills/1", "出现了 2 次")


@pytest.mark.parametrize(("session_id", "hint"), [
    ("c1/open/2", "只有 1 次课"),
    ("c9/open/1", "没有班次 c9"),
    ("c1/nope/1", "没有课程项 nope"),
    ("whatever", "不存在"),
])
def test_unknown_session(session_id, hint):
    stray = {**plan_with().sessions[0].model_dump(mode="json"), "id": session_id,
             **at("2022-06-30", "晚上"), "teachers": ["t77"], "venue": None}
    only(check(plan_with(extra=(stray,))), "session_once", session_id, hint)


@pytest.mark.parametrize(("field", "value", "wanted"), [
    ("title", "开班式", "开班式暨入学教育"),
    ("topic", "politics", "party"),
    ("mode", "讲授", "lecture"),
    ("site", "qy_school", "county"),
    ("classes", ["c1", "c2"], "c1"),
])
def test_session_content_must_match_instance(field, value, wanted):
    only(check(plan_with({"c1/open/1": {field: value}})), "session_once",
         "c1/open/1", field, wanted)


def test_joint_classes_in_any_order():
    assert check(plan_with({"c1/joint/1": {"classes": ["c2", "c1"]}})) == []


# --- class_window --------------------------------------------------------------------------

def test_session_outside_class_dates():
    plan = plan_with({"c2/law2/1": at("2022-05-26", "上午")})
    only(check(plan), "class_window", "c2/law2/1", "2022-05-26", "行政执法队伍培训班(c2)",
         "2022-05-23..2022-05-25")


def test_joint_session_outside_joining_class_dates():
    def c2_starts_later(data):
        record(data, "classes", "c2")["start"] = dt.date(2022, 5, 25)

    only(check(plan_with(), instance_with(c2_starts_later)), "class_window",
         "c1/joint/1", "行政执法队伍培训班(c2)")


# --- site_calendar -------------------------------------------------------------------------

def test_statutory_holiday():
    only(check(plan_with({"c4/skills/1": {"date": "2022-05-03"}})), "site_calendar",
         "c4/skills/1", "2022-05-03", "劳动节", "南青堆村农民夜校(night)")


def test_not_a_teaching_weekday():
    only(check(plan_with({"c4/skills/1": {"date": "2022-05-16"}})), "site_calendar",
         "c4/skills/1", "星期一", "不是学校 南青堆村农民夜校(night) 的上课日")


def test_makeup_working_saturday_is_a_teaching_day():
    def c2_from_may_5(data):
        record(data, "classes", "c2")["start"] = dt.date(2022, 5, 5)

    instance = instance_with(c2_from_may_5)
    assert check(plan_with({"c2/law2/1": at("2022-05-07", "上午")}), instance) == []
    only(check(plan_with({"c2/law2/1": at("2022-05-08", "上午")}), instance), "site_calendar",
         "c2/law2/1", "2022-05-08", "星期日")


def test_site_blackout():
    only(check(plan_with({"c4/skills/1": {"date": "2022-05-24"}})), "site_calendar",
         "c4/skills/1", "春耕农忙", "晚上")


def test_item_unavailable_time():
    def no_mondays(data):
        item(data, "c2", "law2")["unavailable"] = [{"weekdays": [1], "note": "周一例会"}]

    only(check(plan_with({"c2/law2/1": at("2022-05-23", "晚上")}), instance_with(no_mondays)),
         "site_calendar", "c2/law2/1", "行政执法程序", "周一例会")


def test_start_not_a_block_start():
    only(check(plan_with({"c2/law2/1": {"start": "09:00"}})), "site_calendar",
         "c2/law2/1", "09:00", "县委党校(county)")


def test_end_does_not_match_length():
    violation = only(check(plan_with({"c1/field/1": {"end": "11:30"}})), "site_calendar",
                     "c1/field/1", "应为 17:30")
    assert violation.sessions == ("c1/field/1",)


def test_blocks_list_must_name_the_blocks():
    only(check(plan_with({"c2/law2/1": {"blocks": ["下午"]}})), "site_calendar",
         "c2/law2/1", "blocks")


def test_not_enough_blocks_left_in_the_day():
    found = check(plan_with({"c1/field/1": at("2022-05-24", "晚上")}))
    find(found, "site_calendar", "c1/field/1", "连续 2 个时段")


def test_date_outside_term():
    found = check(plan_with({"c4/skills/1": {"date": "2022-07-05"}}))
    find(found, "site_calendar", "c4/skills/1", "不在学期")
    find(found, "class_window", "c4/skills/1")


def test_unreadable_time():
    only(check(plan_with({"c2/law2/1": {"start": "8点半"}})), "site_calendar",
         "c2/law2/1", "8点半")


# --- teacher_count -------------------------------------------------------------------------

def test_no_teacher():
    only(check(plan_with({"c1/joint/1": {"teachers": []}})), "teacher_count",
         "c1/joint/1", "需要 1 位教师", "0 位")


def test_too_many_teachers():
    only(check(plan_with({"c1/joint/1": {"teachers": ["t01", "t07"]}})), "teacher_count",
         "c1/joint/1", "2 位", "王建国(t01)", "孙律师(t07)")


def test_teacher_listed_twice():
    only(check(plan_with({"c1/theory/1": {"teachers": ["t06", "t06"]}})), "teacher_count",
         "c1/theory/1", "陈老师(t06)", "重复")


def test_designated_teacher_missing():
    only(check(plan_with({"c1/open/1": {"teachers": ["t02"]}})), "teacher_count",
         "c1/open/1", "指定教师 王建国(t01)")


# --- teacher_qualified ---------------------------------------------------------------------

def test_teacher_without_the_topic():
    only(check(plan_with({"c1/theory/2": {"teachers": ["t02"]}})), "teacher_qualified",
         "李芳(t02)", "政治理论(politics)", "c1/theory/2")


def test_teacher_outside_their_townships():
    only(check(plan_with({"c3/skills/1": {"teachers": ["t04"]}})), "teacher_qualified",
         "赵土专家(t04)", "东于镇(dy)", "清源镇(qy)", "c3/skills/1")


def test_teacher_outside_their_tiers():
    def village_only(data):
        teacher = record(data, "teachers", "t04")
        teacher["tiers"] = ["village"]
        del teacher["townships"]

    only(check(plan_with({"c3/skills/1": {"teachers": ["t04"]}}), instance_with(village_only)),
         "teacher_qualified", "赵土专家(t04)", "农民夜校", "乡镇党校", "c3/skills/1")


def test_unknown_teacher():
    found = check(plan_with({"c1/close/1": {"teachers": ["t99"]}}))
    only(found, "teacher_qualified", "t99", "c1/close/1", "不存在")


# --- teacher_available ---------------------------------------------------------------------

def test_teacher_unavailable_time():
    only(check(plan_with({"c4/skills/1": {"date": "2022-05-14"}})), "teacher_available",
         "赵土专家(t04)", "2022-05-14", "赶集日", "c4/skills/1")


def test_blackout_of_a_teacher():
    only(check(plan_with({"c4/skills/1": {"date": "2022-05-19"}})), "teacher_available",
         "赵土专家(t04)", "外出考察", "c4/skills/1")


def test_blackout_of_a_kind_of_teacher():
    plan = plan_with({"c3/party/1": at("2022-06-06", "下午"),
                      "c3/skills/1": at("2022-06-06", "上午")})
    only(check(plan), "teacher_available", "张书记(t03)", "党的创新理论学习日", "下午",
         "c3/party/1")


# --- teacher_no_overlap --------------------------------------------------------------------

def test_teacher_double_booked():
    plan = plan_with({"c2/law2/1": {**at("2022-05-23", "上午"), "venue": "room2"}})
    violation = only(check(plan), "teacher_no_overlap")
    assert violation.message == "教师 王建国(t01) 在 2022-05-23 08:30–11:30 同时上 c1/open/1 与 c2/law2/1"
    assert violation.sessions == ("c1/open/1", "c2/law2/1")


def test_teacher_partly_overlapping_sessions():
    # A hand-edited time that is not a block start still occupies the teacher.
    plan = plan_with({"c2/law2/1": {"date": "2022-05-23", "start": "11:00", "end": "12:00",
                                    "blocks": [], "venue": "room2"}})
    found = check(plan)
    find(found, "teacher_no_overlap", "王建国(t01)", "11:00–11:30", "c1/open/1", "c2/law2/1")
    assert {v.rule for v in found} == {"site_calendar", "teacher_no_overlap"}


# --- teacher limits and obligations --------------------------------------------------------

def test_teacher_daily_limit():
    violation = only(check(plan_with({"c1/theory/2": at("2022-05-23", "晚上")})),
                     "teacher_daily_limit", "陈老师(t06)", "2022-05-23", "2 次课", "上限 1")
    assert violation.sessions == ("c1/theory/1", "c1/theory/2")


def test_teacher_weekly_limit():
    only(check(plan_with({"c1/close/1": {"teachers": ["t01"]}})), "teacher_weekly_limit",
         "王建国(t01)", "2022 年第 21 周", "2022-05-23..2022-05-29", "4 次课", "上限 3")


def test_monthly_obligation_missing_in_may():
    def monthly(data):
        record(data, "teachers", "t03")["obligations"][0]["period"] = "month"

    violation = only(check(plan_with(), instance_with(monthly)), "teacher_obligation",
                     "张书记(t03)", "2022年5月", "党建实务(party)", "0 次课", "书记讲党课")
    assert violation.sessions == ()


def test_obligation_needs_enough_sessions():
    def twice(data):
        record(data, "teachers", "t03")["obligations"][0]["min_sessions"] = 2

    violation = only(check(plan_with(), instance_with(twice)), "teacher_obligation",
                     "张书记(t03)", "2022年第2季度", "1 次课", "要求的 2 次")
    assert violation.sessions == ("c3/party/1",)


def test_obligation_without_a_period_mostly_in_the_term_asks_nothing():
    def half_yearly(data):
        record(data, "teachers", "t03")["obligations"][0]["period"] = "half_year"

    plan = plan_with({"c3/party/1": {"teachers": ["t02"]}})  # designated t03 missing, no lesson
    assert {v.rule for v in check(plan, instance_with(half_yearly))} == {"teacher_count"}


def test_obligation_periods():
    start, end = dt.date(2022, 5, 1), dt.date(2022, 6, 30)
    def spans(period):
        return [(p.label, p.start, p.end) for p in obligation_periods(period, start, end)]
    assert spans(Period.MONTH) == [("2022年5月", start, dt.date(2022, 5, 31)),
                                   ("2022年6月", dt.date(2022, 6, 1), end)]
    assert spans(Period.QUARTER) == [("2022年第2季度", start, end)]  # 61 of 91 days
    assert spans(Period.HALF_YEAR) == []  # 61 of 181 days
    assert spans(Period.YEAR) == []
    assert spans(Period.TERM) == [("整个学期", start, end)]
    short = obligation_periods(Period.MONTH, dt.date(2022, 1, 17), dt.date(2022, 3, 15))
    assert [p.label for p in short] == ["2022年2月"]  # January and March: 15 of 31 days
    long = obligation_periods(Period.MONTH, dt.date(2022, 1, 16), dt.date(2022, 3, 16))
    assert [p.label for p in long] == ["2022年1月", "2022年2月", "2022年3月"]  # 16 of 31 days
    autumn = obligation_periods(Period.HALF_YEAR, dt.date(2022, 9, 1), dt.date(2023, 3, 31))
    assert [(p.label, p.start, p.end) for p in autumn] == [
        ("2022年下半年", dt.date(2022, 9, 1), dt.date(2022, 12, 31))]


# --- venue_fit -----------------------------------------------------------------------------

def _online_law(data):
    item(data, "c2", "law2")["mode"] = "online"


def test_online_session_takes_no_venue():
    instance = instance_with(_online_law)
    assert check(plan_with({"c2/law2/1": {"mode": "online", "venue": None}}), instance) == []
    only(check(plan_with({"c2/law2/1": {"mode": "online"}}), instance), "venue_fit",
         "线上课次 c2/law2/1", "第一教室(room1)")


def test_lecture_needs_a_venue():
    only(check(plan_with({"c2/law2/1": {"venue": None}})), "venue_fit",
         "讲授课次 c2/law2/1", "没有安排场地")


def test_unknown_venue():
    only(check(plan_with({"c2/law2/1": {"venue": "room9"}})), "venue_fit", "c2/law2/1", "room9")


def test_lecture_not_in_a_field_venue():
    plan = plan_with({"c2/law2/1": {"venue": "field_dy"}, "c1/field/1": {"venue": "field_qy"}})
    only(check(plan), "venue_fit",
         "c2/law2/1", "成子村现场教学点(field_dy)", "教室或报告厅")


def test_field_teaching_not_in_a_classroom():
    only(check(plan_with({"c1/field/1": {"venue": "room2"}})), "venue_fit",
         "现场教学课次 c1/field/1", "第二教室(room2)", "是教室")


def test_lecture_in_another_schools_room():
    only(check(plan_with({"c2/law2/1": {"venue": "qyroom"}})), "venue_fit",
         "c2/law2/1", "县委党校(county)", "清源镇党群服务中心(qyroom)", "清源镇党校(qy_school)")


def test_item_venue_list():
    only(check(plan_with({"c1/joint/1": {"venue": "room2"}})), "venue_fit",
         "c1/joint/1", "第二教室(room2)", "报告厅(hall)")


def test_county_field_teaching_may_use_any_field_venue():
    assert check(plan_with({"c1/field/1": {"venue": "field_qy"}})) == []


def test_township_field_teaching_stays_in_its_township():
    only(check(plan_with({"c3/skills/1": {"venue": "field_dy"}})), "venue_fit",
         "c3/skills/1", "成子村现场教学点(field_dy)", "东于镇(dy)")


def test_field_teaching_only_by_day():
    only(check(plan_with({"c3/skills/1": at("2022-06-06", "晚上")})), "venue_fit",
         "c3/skills/1", "晚上", "18:00")


def test_venue_unavailable_time():
    only(check(plan_with({"c3/skills/1": at("2022-06-07", "上午")})), "venue_fit",
         "清源镇现场教学点(field_qy)", "2022-06-07", "接待检查", "c3/skills/1")


def test_venue_blackout():
    only(check(plan_with({"c1/joint/1": at("2022-05-23", "晚上")})), "venue_fit",
         "报告厅(hall)", "报告厅检修", "c1/joint/1")


# --- venue_capacity ------------------------------------------------------------------------

def test_venue_too_small():
    violation = only(check(plan_with({"c2/law2/1": {"venue": "room3"}})), "venue_capacity",
                     "小教室(room3)", "30 人", "c2/law2/1", "行政执法队伍培训班(c2)", "听课 60 人")
    assert violation.sessions == ("c2/law2/1",)


def test_joint_session_counts_every_class():
    def small_hall(data):
        record(data, "venues", "hall")["capacity"] = 100

    only(check(plan_with(), instance_with(small_hall)), "venue_capacity",
         "报告厅(hall)", "c1/joint/1", "乡村振兴专题班(c1)", "行政执法队伍培训班(c2)", "110 人")


def test_attendance_replaces_the_classes_trainees():
    def few_attend(data):
        item(data, "c2", "law2")["attendance"] = 25

    def many_attend(data):
        item(data, "c1", "joint")["attendance"] = 500

    assert check(plan_with({"c2/law2/1": {"venue": "room3"}}), instance_with(few_attend)) == []
    only(check(plan_with(), instance_with(many_attend)), "venue_capacity",
         "报告厅(hall)", "c1/joint/1", "听课 500 人")


# --- venue_no_overlap ----------------------------------------------------------------------

def test_venue_double_booked():
    violation = only(check(plan_with({"c2/law2/1": at("2022-05-25", "晚上")})), "venue_no_overlap")
    assert violation.message == "场地 第一教室(room1) 在 2022-05-25 19:00–21:00 同时安排 c1/close/1 与 c2/law2/1"
    assert violation.sessions == ("c1/close/1", "c2/law2/1")


# --- class_no_overlap ----------------------------------------------------------------------

def test_class_double_booked():
    violation = only(check(plan_with({"c1/theory/2": at("2022-05-24", "下午")})), "class_no_overlap")
    assert violation.message == ("班次 乡村振兴专题班(c1) 在 2022-05-24 14:30–17:30 "
                                 "同时上 c1/joint/1 与 c1/theory/2")


def test_class_double_booked_through_a_joint_session():
    plan = plan_with({"c2/law2/1": {**at("2022-05-24", "下午"), "teachers": ["t07"]}})
    violation = only(check(plan), "class_no_overlap", "行政执法队伍培训班(c2)",
                     "c1/joint/1", "c2/law2/1")
    assert violation.sessions == ("c1/joint/1", "c2/law2/1")


# --- ordering ------------------------------------------------------------------------------

def test_first_item_opens_the_class():
    violation = only(check(plan_with({"c1/open/1": at("2022-05-23", "晚上")})), "ordering",
                     "c1/open/1", "第一次课", "乡村振兴专题班(c1)", "c1/theory/1",
                     "2022-05-23 14:30")
    assert violation.sessions == ("c1/open/1", "c1/theory/1")


def test_last_item_closes_the_class():
    only(check(plan_with({"c1/close/1": at("2022-05-24", "晚上")})), "ordering",
         "c1/close/1", "最后一次课", "c1/field/1", "2022-05-25 17:30")


def test_after_waits_for_the_listed_items():
    def joint_after_field(data):
        item(data, "c1", "joint")["after"] = ["field"]

    only(check(plan_with(), instance_with(joint_after_field)), "ordering",
         "c1/joint/1", "《乡村振兴现场教学》(field)", "c1/field/1", "2022-05-25 17:30")


def test_first_item_precedes_joint_sessions_the_class_attends():
    def law_opens_c2(data):
        item(data, "c2", "law2")["first"] = True

    only(check(plan_with(), instance_with(law_opens_c2)), "ordering",
         "c2/law2/1", "行政执法队伍培训班(c2)", "c1/joint/1", "2022-05-24 14:30")
