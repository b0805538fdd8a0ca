"""The soft rules, scored by the independent checker from the instance and plan alone.

For every soft rule: a small instance (tests/builders.py plus a few more townships, sites,
venues and teachers), one hand-written plan that does not bend the rule and one that bends it
a known number of times. Every plan here also passes all hard checks, so the counts are those
of plans the solver could return. Weights come from the instance's `weights` to show that
overrides apply; a weight of 0 removes the rule's line.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
from builders import BASE, item, klass, make
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.check import SOFT_CHECKS, Case, CheckContext, score_plan, validate_plan
from scheduler.cli import main
from scheduler.domain import Instance, Mode, Penalty, Plan, load_instance, load_plan
from scheduler.rules import SOFT_RULE_IDS, SOFT_RULES

DATA = Path(__file__).parent / "data"
MON, TUE, WED, THU, FRI = (f"2024-03-0{d}" for d in range(4, 9))

# Two more townships, each with a night school of three blocks and one room; more teachers.
TOWNSHIPS = [*BASE["townships"], {"id": "dy", "name": "东于镇"}, {"id": "wd", "name": "王答乡"}]
THREE_BLOCKS = [{"name": "上午", "start": "08:30", "end": "11:30"},
                {"name": "下午", "start": "14:30", "end": "17:30"},
                {"name": "晚上", "start": "19:00", "end": "21:00"}]
SITES = [*BASE["sites"],
         {"id": "dy_school", "name": "东于镇党校", "tier": "township", "township": "dy",
          "blocks": THREE_BLOCKS},
         {"id": "wd_school", "name": "王答乡农民夜校", "tier": "village", "township": "wd",
          "blocks": THREE_BLOCKS}]
VENUES = [*BASE["venues"],
          {"id": "hall", "name": "报告厅", "kind": "hall", "site": "county", "capacity": 200},
          {"id": "small", "name": "小教室", "kind": "classroom", "site": "county", "capacity": 20,
           "overflow": 15},
          {"id": "field_qy", "name": "清源镇示范园", "kind": "field", "township": "qy",
           "capacity": 100},
          {"id": "field_dy", "name": "东于镇葡萄园", "kind": "field", "township": "dy",
           "capacity": 100},
          {"id": "dy_room", "name": "东于镇党校教室", "kind": "classroom", "site": "dy_school",
           "capacity": 60},
          {"id": "wd_room", "name": "王答乡活动室", "kind": "classroom", "site": "wd_school",
           "capacity": 60}]
TOPICS = [{"id": "A", "name": "政治理论", "kind": "theory"},
          {"id": "B", "name": "种植技术", "kind": "practice"},
          {"id": "G", "name": "综合素养"}]
TEACHERS = [*({**t, "topics": ["A", "B", "G"]} for t in BASE["teachers"]),
            {"id": "t3", "name": "赵老师", "kind": "fulltime", "township": "dy", "topics": ["A", "B", "G"]},
            {"id": "e1", "name": "周专家", "kind": "expert", "township": "qy", "topics": ["A", "B", "G"]},
            {"id": "p1", "name": "吴兼职", "kind": "parttime", "township": "qy", "topics": ["A", "B", "G"]},
            {"id": "k1", "name": "郑书记", "kind": "cadre", "township": "qy", "topics": ["A", "B", "G"]},
            {"id": "k2", "name": "钱主任", "kind": "cadre", "township": "dy", "topics": ["A", "B", "G"]}]


def sections(**changes) -> dict:
    """The sections above, less those that `changes` replace."""
    found = {"townships": TOWNSHIPS, "sites": SITES, "venues": VENUES, "topics": TOPICS,
             "teachers": TEACHERS}
    return {k: v for k, v in copy.deepcopy(found).items() if k not in changes}


def county(*classes: dict, **changes) -> Instance:
    """The builders' base instance with the sections above; `changes` as in builders.make."""
    return make(*classes, **sections(**changes), **changes)


def county_data(*classes: dict, **changes) -> dict:
    """The raw data of `county(*classes, **changes)`, for files (no `section__id` keys)."""
    return {**copy.deepcopy(BASE), **sections(**changes), "classes": list(classes), **changes}


def at_site(term_class: dict, site: str) -> dict:
    return {**term_class, "site": site}


def week_class(class_id: str, *items: dict, **extra) -> dict:
    """A class from Monday to Friday of the test term."""
    return {**klass(class_id, MON, FRI, *items), **extra}


def session(instance: Instance, sid: str, day: str, *blocks: str, teachers: tuple[str, ...] = ("t1",),
            venue: str | None = "r1") -> dict:
    """A plan entry for session `sid` on `day` taking the named consecutive blocks of its site."""
    class_id, item_id, _ = sid.split("/")
    term_class = instance.term_class(class_id)
    curriculum_item = term_class.item(item_id)
    site = instance.site(term_class.site)
    first, last = site.block(blocks[0]), site.block(blocks[-1])
    return {"id": sid, "classes": [class_id, *curriculum_item.joint_with],
            "topic": curriculum_item.topic, "title": curriculum_item.title,
            "mode": curriculum_item.mode.value, "date": day,
            "start": first.start.strftime("%H:%M"), "end": last.end.strftime("%H:%M"),
            "blocks": list(blocks), "teachers": list(teachers),
            "venue": None if curriculum_item.mode is Mode.ONLINE else venue, "site": site.id}


def plan_of(instance: Instance, *sessions: dict, objective: int = 0) -> Plan:
    return Plan.model_validate({"instance": instance.name, "status": "FEASIBLE",
                                "objective": objective, "bound": 0, "solve_seconds": 0.0,
                                "sessions": list(sessions)})


def line(instance: Instance, plan: Plan, rule: str) -> Penalty | None:
    """The rule's penalty line, after making sure the plan breaks no hard rule."""
    assert validate_plan(instance, plan) == []
    return next((p for p in score_plan(instance, plan) if p.rule == rule), None)


def assert_scored(instance: Instance, plan: Plan, rule: str, violations: int) -> Penalty:
    found = line(instance, plan, rule)
    assert found is not None
    weight = instance.weights[rule]
    assert (found.weight, found.violations, found.penalty) == (weight, violations, weight * violations)
    assert bool(found.worst) == (violations > 0)
    return found


# --- the registry ---------------------------------------------------------------------------

def test_soft_checks_cover_the_soft_rules_in_order():
    assert tuple(SOFT_CHECKS) == SOFT_RULE_IDS


def test_score_plan_has_a_line_per_weighted_rule_in_rule_order():
    instance = county(week_class("c1", item("a")))
    plan = plan_of(instance, session(instance, "c1/a/1", MON, "上午"))
    assert [p.rule for p in score_plan(instance, plan)] == [
        r.id for r in SOFT_RULES if r.weight > 0]
    assert all(p.weight == r.weight for p, r in zip(score_plan(instance, plan),
                                                    (r for r in SOFT_RULES if r.weight > 0)))


@pytest.mark.parametrize("rule", SOFT_RULE_IDS)
def test_weight_zero_removes_the_line_and_a_weight_adds_it(rule):
    instance = county(week_class("c1", item("a")), weights={rule: 0})
    plan = plan_of(instance, session(instance, "c1/a/1", MON, "上午"))
    assert rule not in {p.rule for p in score_plan(instance, plan)}
    instance = county(week_class("c1", item("a")), weights={rule: 4})
    assert next(p for p in score_plan(instance, plan) if p.rule == rule).weight == 4


def test_worst_names_up_to_three_cases_largest_first_then_by_message():
    # soft_capacity: sessions missing 10, 10, 5 and 10 seats
    instance = county(week_class("c1", item("a", sessions=3)),
                      week_class("c2", item("a"), trainees=25), weights={"soft_capacity": 1})
    plan = plan_of(instance,
                   session(instance, "c1/a/1", MON, "上午", venue="small"),
                   session(instance, "c1/a/2", TUE, "上午", venue="small"),
                   session(instance, "c1/a/3", WED, "上午", venue="small"),
                   session(instance, "c2/a/1", MON, "下午", venue="small", teachers=("t2",)))
    found = assert_scored(instance, plan, "soft_capacity", 35)
    assert len(found.worst) == 3
    assert all("缺 10 个座位" in message for message in found.worst)
    assert [m.split("课次 ")[1][:6] for m in found.worst] == ["c1/a/1", "c1/a/2", "c1/a/3"]


# --- one test per soft rule -----------------------------------------------------------------

def travel_county(**changes) -> Instance:
    """Classes in three townships: c1 at the county school (qy), c2 in dy, c3 in wd."""
    return county(week_class("c1", item("a", sessions=2)),
                  at_site(week_class("c2", item("a", teacher_count=2)), "dy_school"),
                  at_site(week_class("c3", item("a")), "wd_school"),
                  travel=[{"between": ["qy", "dy"], "minutes": 25},
                          {"between": ["wd", "qy"], "minutes": 40}], **changes)


def test_travel_places():
    instance = travel_county(weights={"travel_places": 7})
    apart = plan_of(instance,
                    session(instance, "c1/a/1", MON, "上午"),
                    session(instance, "c1/a/2", TUE, "上午", teachers=("t2",)),
                    session(instance, "c2/a/1", TUE, "下午", teachers=("t1", "t3"), venue="dy_room"),
                    session(instance, "c3/a/1", WED, "晚上", teachers=("t3",), venue="wd_room"))
    assert_scored(instance, apart, "travel_places", 0)
    busy = plan_of(instance,
                   session(instance, "c1/a/1", MON, "上午"),
                   session(instance, "c1/a/2", TUE, "上午", teachers=("t2",)),
                   session(instance, "c2/a/1", MON, "下午", teachers=("t1", "t2"), venue="dy_room"),
                   session(instance, "c3/a/1", MON, "晚上", teachers=("t1",), venue="wd_room"))
    # t1 on Monday: 3 townships = 2; t2: dy on Monday, qy on Tuesday = 0
    found = assert_scored(instance, busy, "travel_places", 2)
    assert found.worst == ["王老师(t1) 2024-03-04 在3个乡镇授课：清源镇、东于镇、王答乡"]
    busy.sessions[1].teachers = ["t3"]  # t3 teaches in qy on Tuesday only
    assert_scored(instance, busy, "travel_places", 2)
    busy.sessions[2].teachers = ["t2", "t3"]  # t1 leaves dy: qy and wd on Monday = 1
    assert_scored(instance, busy, "travel_places", 1)


def test_travel_minutes():
    instance = travel_county(weights={"travel_minutes": 2})
    home = plan_of(instance,
                   session(instance, "c1/a/1", MON, "上午"),
                   session(instance, "c1/a/2", TUE, "上午", teachers=("e1",)),
                   session(instance, "c2/a/1", MON, "下午", teachers=("t3", "k2"), venue="dy_room"),
                   session(instance, "c3/a/1", MON, "晚上", teachers=("t3",), venue="wd_room"))
    # t3 from dy to wd: no travel time listed, so 0
    assert_scored(instance, home, "travel_minutes", 0)
    home.sessions[2].teachers = ["t3", "p1"]  # p1 lives in qy: 25 minutes to dy = 3
    assert_scored(instance, home, "travel_minutes", 3)
    away = plan_of(instance,
                   session(instance, "c1/a/1", MON, "上午", teachers=("t3",)),
                   session(instance, "c1/a/2", TUE, "上午"),
                   session(instance, "c2/a/1", MON, "下午", teachers=("t1", "t2"), venue="dy_room"),
                   session(instance, "c3/a/1", WED, "晚上", teachers=("t1",), venue="wd_room"))
    # t3 (dy) at the county school: 3; t1 and t2 (qy) to dy: 3 + 3; t1 to wd: 40 minutes = 4
    found = assert_scored(instance, away, "travel_minutes", 13)
    assert found.worst[0] == "王老师(t1) 2024-03-06 从家所在的清源镇(qy)到王答乡(wd)上课 c3/a/1，路程 40 分钟"


def test_travel_counts_the_site_township_even_for_a_field_venue_elsewhere():
    """A field session of the county school at a field venue in dy is in qy (the site's township)."""
    instance = county(week_class("c1", item("a"), item("f", mode="field")),
                      travel=[{"between": ["qy", "dy"], "minutes": 25}],
                      weights={"travel_places": 5, "travel_minutes": 1})
    plan = plan_of(instance, session(instance, "c1/a/1", MON, "上午"),
                   session(instance, "c1/f/1", MON, "下午", venue="field_dy"))
    assert_scored(instance, plan, "travel_places", 0)
    assert_scored(instance, plan, "travel_minutes", 0)


def isolated_county() -> Instance:
    """c1 and c2 at the three-block dy school (c2's j joins c1); c3 at the county school (its
    `far` joins c1, but is held at another site than c1's)."""
    return county(
        at_site(week_class("c1", item("a", sessions=4), item("two", length=2)), "dy_school"),
        at_site(week_class("c2", item("j", joint_with=["c1"]), item("k")), "dy_school"),
        week_class("c3", item("k"), item("far", joint_with=["c1"])),
        weights={"class_isolated": 3})


def test_class_isolated():
    instance = isolated_county()
    dy = {"venue": "dy_room"}
    compact = plan_of(instance,
                      session(instance, "c1/a/1", MON, "上午", **dy),
                      session(instance, "c1/a/2", MON, "下午", **dy),
                      session(instance, "c1/two/1", TUE, "下午", "晚上", **dy),
                      session(instance, "c1/a/3", WED, "上午", **dy),
                      session(instance, "c2/j/1", WED, "下午", **dy),  # joint: c1 attends
                      session(instance, "c2/k/1", WED, "晚上", teachers=("t2",), **dy),
                      session(instance, "c1/a/4", TUE, "上午", **dy),
                      session(instance, "c3/k/1", THU, "上午", teachers=("t2",)),
                      session(instance, "c3/far/1", THU, "下午", teachers=("t2",), venue="hall"))
    assert_scored(instance, compact, "class_isolated", 0)
    compact.sessions[6].date = dt.date(2024, 3, 7)
    # c1/a/4 alone on Thursday morning: c3's joint session that afternoon is at the county school
    found = assert_scored(instance, compact, "class_isolated", 1)
    assert found.worst == ["c1班(c1) 2024-03-07 的上午前后相邻时段都没有课"]
    scattered = plan_of(instance,
                        session(instance, "c1/a/1", MON, "上午", **dy),
                        session(instance, "c1/a/2", MON, "晚上", **dy),
                        session(instance, "c1/two/1", TUE, "上午", "下午", **dy),
                        session(instance, "c1/a/3", WED, "下午", **dy),
                        session(instance, "c1/a/4", THU, "上午", **dy),
                        session(instance, "c2/k/1", FRI, "下午", teachers=("t2",), **dy),
                        session(instance, "c2/j/1", FRI, "晚上", **dy),
                        session(instance, "c3/k/1", THU, "上午", teachers=("t2",)),
                        session(instance, "c3/far/1", THU, "下午", teachers=("t2",), venue="hall"))
    # c1: Monday 上午 and 晚上, Wednesday 下午, Thursday 上午, Friday 晚上 (the joint session)
    found = assert_scored(instance, scattered, "class_isolated", 5)
    assert found.worst[0] == "c1班(c1) 2024-03-04 的上午、晚上前后相邻时段都没有课"


def test_class_isolated_exempts_single_block_sites():
    single = [{**SITES[1], "blocks": THREE_BLOCKS[:1]}]
    instance = county(at_site(week_class("c1", item("a", sessions=2)), "dy_school"),
                      sites=[*copy.deepcopy(SITES[:1]), *single, copy.deepcopy(SITES[2])],
                      weights={"class_isolated": 3})
    plan = plan_of(instance, session(instance, "c1/a/1", MON, "上午", venue="dy_room"),
                   session(instance, "c1/a/2", WED, "上午", venue="dy_room"))
    assert_scored(instance, plan, "class_isolated", 0)


def test_class_empty_day():
    instance = county(week_class("c1", item("a", sessions=3)), weights={"class_empty_day": 4})
    every_day = plan_of(instance, session(instance, "c1/a/1", MON, "上午"),
                        session(instance, "c1/a/2", TUE, "下午"),
                        session(instance, "c1/a/3", WED, "上午"))
    assert_scored(instance, every_day, "class_empty_day", 0)
    gaps = plan_of(instance, session(instance, "c1/a/1", MON, "上午"),
                   session(instance, "c1/a/2", WED, "下午"),
                   session(instance, "c1/a/3", FRI, "上午"))
    found = assert_scored(instance, gaps, "class_empty_day", 2)  # Tuesday and Thursday
    assert found.worst == ["c1班(c1) 在首末上课日 2024-03-04..2024-03-08 之间有 2 个上课日没有课："
                           "2024-03-05、2024-03-07"]


@pytest.mark.parametrize("end, weekdays, expected", [
    ("2024-03-17", [1, 2, 3, 4, 5], 3),  # 14 days: counts Tuesday to Thursday
    ("2024-03-18", [1, 2, 3, 4, 5], 0),  # 15 days: exempt
    ("2024-03-17", [1, 2, 4, 5], 2),  # the site does not teach on Wednesdays
])
def test_class_empty_day_span_and_site_days(end, weekdays, expected):
    term = {**BASE["term"], "end": "2024-03-29"}
    sites = copy.deepcopy(SITES)
    sites[0]["weekdays"] = weekdays
    instance = county(klass("c1", MON, end, item("a", sessions=2)), term=term, sites=sites,
                      weights={"class_empty_day": 1})
    plan = plan_of(instance, session(instance, "c1/a/1", MON, "上午"),
                   session(instance, "c1/a/2", FRI, "上午"))
    assert_scored(instance, plan, "class_empty_day", expected)


def test_item_spread():
    instance = county(week_class("c1", item("a", sessions=3), item("b", sessions=2, min_days=1),
                                 item("c", sessions=2, min_days=2), item("one")),
                      weights={"item_spread": 3})
    spread = plan_of(instance, session(instance, "c1/a/1", MON, "上午"),
                     session(instance, "c1/a/2", TUE, "上午"),
                     session(instance, "c1/a/3", WED, "上午"),
                     session(instance, "c1/b/1", THU, "上午"),
                     session(instance, "c1/b/2", THU, "下午"),
                     session(instance, "c1/c/1", MON, "下午"),
                     session(instance, "c1/c/2", TUE, "下午"),
                     session(instance, "c1/one/1", FRI, "上午"))
    assert_scored(instance, spread, "item_spread", 0)
    bunched = plan_of(instance, session(instance, "c1/a/1", MON, "上午"),
                      session(instance, "c1/a/2", MON, "下午"),
                      session(instance, "c1/a/3", TUE, "上午"),
                      session(instance, "c1/b/1", THU, "上午"),
                      session(instance, "c1/b/2", THU, "下午"),
                      session(instance, "c1/c/1", WED, "上午"),
                      session(instance, "c1/c/2", WED, "下午"),
                      session(instance, "c1/one/1", FRI, "上午"))
    found = assert_scored(instance, bunched, "item_spread", 2)  # a: 2 of 3 days, c: 1 of 2
    assert "c1班(c1) 的《课程a》（a）3 次课只分布在 2 天，应至少 3 天" in found.worst


def test_topic_repeat():
    instance = county(
        at_site(week_class("c1", item("a", sessions=3), item("b"), item("d", "G", sessions=3)),
                "dy_school"),
        at_site(week_class("c2", item("j", joint_with=["c1"])), "dy_school"),
        weights={"topic_repeat": 4})
    dy = {"venue": "dy_room"}
    varied = plan_of(instance, session(instance, "c1/a/1", MON, "上午", **dy),
                     session(instance, "c1/d/1", MON, "下午", **dy),
                     session(instance, "c1/a/2", MON, "晚上", **dy),
                     session(instance, "c1/b/1", TUE, "上午", **dy),
                     session(instance, "c1/d/2", TUE, "晚上", **dy),
                     session(instance, "c2/j/1", WED, "上午", **dy),
                     session(instance, "c1/d/3", WED, "下午", **dy),
                     session(instance, "c1/a/3", THU, "上午", **dy))
    assert_scored(instance, varied, "topic_repeat", 0)
    repeated = plan_of(instance, session(instance, "c1/a/1", MON, "上午", **dy),
                       session(instance, "c1/a/2", MON, "下午", **dy),
                       session(instance, "c1/b/1", MON, "晚上", **dy),
                       session(instance, "c1/d/1", TUE, "上午", **dy),
                       session(instance, "c1/d/2", TUE, "晚上", **dy),
                       session(instance, "c1/a/3", WED, "上午", **dy),
                       session(instance, "c2/j/1", WED, "下午", **dy),
                       session(instance, "c1/d/3", THU, "上午", **dy))
    # Monday a/1 → a/2 → b/1 (all topic A): 2; Tuesday has a gap between the G sessions;
    # Wednesday a/3 → the joint j/1 (topic A, attended by c1): 1
    found = assert_scored(instance, repeated, "topic_repeat", 3)
    assert found.worst[0] == "c1班(c1) 2024-03-04 连排同一专题 政治理论(A)：c1/a/1 与 c1/a/2"
    assert found.worst[2] == "c1班(c1) 2024-03-06 连排同一专题 政治理论(A)：c1/a/3 与 c2/j/1"


def test_teacher_mode_fit():
    instance = county(week_class("c1", item("theory", "A", sessions=3),
                                 item("practice", "B", sessions=2),
                                 item("field", "A", mode="field", sessions=2),
                                 item("general", "G")),
                      weights={"teacher_mode_fit": 5})
    fitting = plan_of(instance,
                      session(instance, "c1/theory/1", MON, "上午", teachers=("t1",)),
                      session(instance, "c1/theory/2", MON, "下午", teachers=("k1",)),
                      session(instance, "c1/theory/3", TUE, "上午", teachers=("t2",)),
                      session(instance, "c1/practice/1", TUE, "下午", teachers=("e1",)),
                      session(instance, "c1/practice/2", WED, "上午", teachers=("e1",)),
                      # a field session on a theory topic: the field clause wants an expert
                      session(instance, "c1/field/1", WED, "下午", teachers=("e1",), venue="field_qy"),
                      session(instance, "c1/field/2", THU, "上午", teachers=("e1",), venue="field_qy"),
                      session(instance, "c1/general/1", THU, "下午", teachers=("p1",)))
    assert_scored(instance, fitting, "teacher_mode_fit", 0)
    misfit = plan_of(instance,
                     session(instance, "c1/theory/1", MON, "上午", teachers=("e1",)),
                     session(instance, "c1/theory/2", MON, "下午", teachers=("p1",)),
                     session(instance, "c1/theory/3", TUE, "上午", teachers=("k1",)),
                     session(instance, "c1/practice/1", TUE, "下午", teachers=("t1",)),
                     session(instance, "c1/practice/2", WED, "上午", teachers=("e1",)),
                     session(instance, "c1/field/1", WED, "下午", teachers=("k1",), venue="field_qy"),
                     session(instance, "c1/field/2", THU, "上午", teachers=("e1",), venue="field_qy"),
                     session(instance, "c1/general/1", THU, "下午", teachers=("e1",)))
    # theory by the expert and the part-timer, practice by t1, field by the cadre
    found = assert_scored(instance, misfit, "teacher_mode_fit", 4)
    assert found.worst[0] == ("吴兼职(p1)是兼职教师，讲授理论类专题 政治理论(A) 的课次 c1/theory/2"
                              "（宜由专职教师或领导干部讲授）")
    misfit.sessions[5].teachers = ["e1"]
    misfit.sessions[5].date = dt.date(2024, 3, 8)
    assert_scored(instance, misfit, "teacher_mode_fit", 3)


def test_fulltime_balance():
    instance = county(week_class("c1", item("a", sessions=4)), weights={"fulltime_balance": 3})
    even = plan_of(instance, session(instance, "c1/a/1", MON, "上午", teachers=("t1",)),
                   session(instance, "c1/a/2", MON, "下午", teachers=("t2",)),
                   session(instance, "c1/a/3", TUE, "上午", teachers=("t3",)),
                   session(instance, "c1/a/4", TUE, "下午", teachers=("k1",)))
    assert_scored(instance, even, "fulltime_balance", 0)
    uneven = plan_of(instance, session(instance, "c1/a/1", MON, "上午", teachers=("t1",)),
                     session(instance, "c1/a/2", MON, "下午", teachers=("t1",)),
                     session(instance, "c1/a/3", TUE, "上午", teachers=("t1",)),
                     session(instance, "c1/a/4", TUE, "下午", teachers=("t2",)))
    found = assert_scored(instance, uneven, "fulltime_balance", 3)  # t3 has none
    assert found.worst == ["专职教师课次最多的是 王老师(t1)（3 次），最少的是 赵老师(t3)（0 次），相差 3 次"]


def test_fulltime_balance_needs_two_fulltime_teachers():
    teachers = [TEACHERS[0], TEACHERS[3]]  # t1 and an expert
    instance = county(week_class("c1", item("a", sessions=2)), teachers=copy.deepcopy(teachers),
                      weights={"fulltime_balance": 3})
    plan = plan_of(instance, session(instance, "c1/a/1", MON, "上午"),
                   session(instance, "c1/a/2", MON, "下午"))
    assert_scored(instance, plan, "fulltime_balance", 0)


def test_teacher_preference():
    picky = {"avoids": [{"weekdays": [1], "note": "农忙"}], "prefers": [{"blocks": ["上午"]}]}
    instance = county(week_class("c1", item("a", sessions=4), item("long", length=2)),
                      teachers__t1=picky, weights={"teacher_preference": 1})
    pleased = plan_of(instance, session(instance, "c1/a/1", TUE, "上午"),
                      session(instance, "c1/a/2", WED, "上午"),
                      session(instance, "c1/a/3", MON, "下午", teachers=("t2",)),
                      session(instance, "c1/a/4", MON, "上午", teachers=("t2",)),
                      session(instance, "c1/long/1", THU, "上午", "下午"))  # one block preferred
    assert_scored(instance, pleased, "teacher_preference", 0)
    displeased = plan_of(instance, session(instance, "c1/a/1", MON, "下午"),  # avoided, not preferred
                         session(instance, "c1/a/2", TUE, "下午"),  # not preferred
                         session(instance, "c1/a/3", MON, "上午"),  # avoided
                         session(instance, "c1/a/4", WED, "上午", teachers=("t2",)),
                         session(instance, "c1/long/1", THU, "上午", "下午"))
    found = assert_scored(instance, displeased, "teacher_preference", 4)
    assert found.worst[0] == ("王老师(t1) 的课次 c1/a/1（2024-03-04 下午）落在不希望上课的时间（农忙），"
                              "不在希望上课的时间内")


def test_class_venue_preference():
    instance = county(week_class("c1", item("a", sessions=2), item("web", mode="online"),
                                 preferred_venues=["r1"], trainees=20),
                      week_class("c2", item("j", joint_with=["c3"]), trainees=20),
                      week_class("c3", item("b"), preferred_venues=["r2", "hall"], trainees=20),
                      weights={"class_venue_preference": 3})
    preferred = plan_of(instance, session(instance, "c1/a/1", MON, "上午", venue="r1"),
                        session(instance, "c1/a/2", TUE, "上午", venue="r1"),
                        session(instance, "c1/web/1", WED, "上午"),
                        session(instance, "c2/j/1", MON, "上午", venue="hall", teachers=("t2",)),
                        session(instance, "c3/b/1", TUE, "下午", venue="r2", teachers=("t2",)))
    assert_scored(instance, preferred, "class_venue_preference", 0)
    elsewhere = plan_of(instance, session(instance, "c1/a/1", MON, "上午", venue="r1"),
                        session(instance, "c1/a/2", TUE, "上午", venue="r2"),
                        session(instance, "c1/web/1", WED, "上午"),
                        session(instance, "c2/j/1", MON, "上午", venue="r2", teachers=("t2",)),
                        session(instance, "c3/b/1", TUE, "下午", venue="r1", teachers=("t2",)))
    # c1/a/2 (c1 prefers r1) and c3/b/1 (c3 prefers r2 or the hall): 2; c2/j/1 is in r2
    assert_scored(instance, elsewhere, "class_venue_preference", 2)
    elsewhere.sessions[3].date = dt.date(2024, 3, 6)
    elsewhere.sessions[3].venue = "r1"  # the joint session now bends c3's preference
    assert_scored(instance, elsewhere, "class_venue_preference", 3)


def test_class_room_stability():
    instance = county(week_class("c1", item("a", sessions=2), item("f", mode="field"), trainees=20),
                      at_site(week_class("c2", item("j", joint_with=["c1"]), trainees=20), "dy_school"),
                      week_class("c3", item("j", joint_with=["c1"]), trainees=20),
                      weights={"class_room_stability": 2})
    settled = plan_of(instance, session(instance, "c1/a/1", MON, "上午", venue="r1"),
                      session(instance, "c1/a/2", MON, "下午", venue="r1"),
                      session(instance, "c1/f/1", TUE, "上午", venue="field_qy"),
                      session(instance, "c2/j/1", WED, "上午", venue="dy_room"),  # another site
                      session(instance, "c3/j/1", THU, "上午", venue="r1"))
    assert_scored(instance, settled, "class_room_stability", 0)
    wandering = plan_of(instance, session(instance, "c1/a/1", MON, "上午", venue="r1"),
                        session(instance, "c1/a/2", MON, "下午", venue="r2"),
                        session(instance, "c1/f/1", TUE, "上午", venue="field_qy"),
                        session(instance, "c2/j/1", WED, "上午", venue="dy_room"),
                        session(instance, "c3/j/1", THU, "上午", venue="hall"))
    found = assert_scored(instance, wandering, "class_room_stability", 2)  # r1, r2, hall for c1
    assert found.worst == ["c1班(c1) 在本校用了 3 个教室和报告厅：报告厅(hall)、第一教室(r1)、第二教室(r2)"]


def test_item_room_stability_is_off_by_default():
    classes = [week_class("c1", item("a", sessions=3), item("web", mode="online", sessions=2))]
    instance = county(*classes)
    plan = plan_of(instance, session(instance, "c1/a/1", MON, "上午", venue="r1"),
                   session(instance, "c1/a/2", TUE, "上午", venue="r2"),
                   session(instance, "c1/a/3", WED, "上午", venue="r1"),
                   session(instance, "c1/web/1", THU, "上午"),
                   session(instance, "c1/web/2", FRI, "上午"))
    assert line(instance, plan, "item_room_stability") is None
    instance = county(*classes, weights={"item_room_stability": 2})
    found = assert_scored(instance, plan, "item_room_stability", 1)  # a: r1 and r2; web: none
    assert found.worst == ["c1班(c1) 的《课程a》（a）用了 2 个场地：第一教室(r1)、第二教室(r2)"]
    plan.sessions[1].venue = "r1"
    assert_scored(instance, plan, "item_room_stability", 0)


def test_soft_capacity():
    instance = county(week_class("c1", item("a", sessions=2)),
                      week_class("c2", item("j", joint_with=["c3"]), trainees=3),
                      week_class("c3", item("b"), trainees=2),
                      weights={"soft_capacity": 2})
    roomy = plan_of(instance, session(instance, "c1/a/1", MON, "上午", venue="r1"),
                    session(instance, "c1/a/2", TUE, "上午", venue="r2"),
                    session(instance, "c2/j/1", MON, "上午", venue="small", teachers=("t2",)),
                    session(instance, "c3/b/1", TUE, "上午", venue="small", teachers=("t2",)))
    assert_scored(instance, roomy, "soft_capacity", 0)  # 3 + 2 and 2 trainees for 20 seats
    crowded = plan_of(instance, session(instance, "c1/a/1", MON, "上午", venue="small"),
                      session(instance, "c1/a/2", TUE, "上午", venue="small"),
                      session(instance, "c2/j/1", MON, "下午", venue="small", teachers=("t2",)),
                      session(instance, "c3/b/1", TUE, "下午", venue="small", teachers=("t2",)))
    found = assert_scored(instance, crowded, "soft_capacity", 20)  # 30 trainees for 20 seats, twice
    assert found.worst[0] == ("场地 小教室(small) 容纳 20 人，课次 c1/a/1（c1班(c1)）听课 30 人，"
                              "缺 10 个座位")


# --- robustness -----------------------------------------------------------------------------

def checked_instance() -> Instance:
    return load_instance(DATA / "check" / "instance.yaml")


def checked_plan_data() -> dict:
    return json.loads((DATA / "check" / "plan.json").read_text(encoding="utf-8"))


def test_cases_are_positive_and_scores_deterministic_on_bundled_plans():
    for name in ("jiaocheng-2022", "qingxu-2023-spring"):
        root = Path(__file__).parent.parent
        instance = load_instance(root / "instances" / f"{name}.yaml")
        plan = load_plan(root / "tests" / "data" / "baselines" / f"{name}.json")
        context = CheckContext(instance, plan)
        for check in SOFT_CHECKS.values():
            cases = check(context)
            assert all(isinstance(c, Case) and c.amount > 0 and c.message and "\n" not in c.message
                       for c in cases)
        assert score_plan(instance, plan) == score_plan(instance, plan)


def test_garbage_plan_is_scored_not_raised():
    base = checked_plan_data()["sessions"][0]
    garbage = [
        {**base, "id": "", "teachers": [], "venue": None},
        {**base, "id": "c1/open/1", "start": "25:00", "end": "xx", "teachers": ["t99", "t01"],
         "venue": "nowhere", "date": "1999-01-01"},
        {**base, "id": "c1/theory/1", "start": "12:00", "end": "13:00", "blocks": [],
         "teachers": ["t99", "t99"], "venue": "nowhere", "mode": "field"},
        {**base, "id": "c4/skills/1", "date": "2030-02-12", "teachers": ["t04"], "venue": "hall"},
    ]
    instance = checked_instance()
    plan = Plan.model_validate({**checked_plan_data(), "sessions": garbage})
    penalties = score_plan(instance, plan)
    assert [p.rule for p in penalties] == [r.id for r in SOFT_RULES if instance.weight(r.id) > 0]
    assert all(p.penalty == p.weight * p.violations >= 0 for p in penalties)


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_edited_plans_never_crash_the_scorer(data):
    sessions = []
    for original in checked_plan_data()["sessions"]:
        entry = dict(original)
        if data.draw(st.booleans()):
            day = dt.date.fromisoformat(entry["date"]) + dt.timedelta(days=data.draw(st.integers(-40, 40)))
            entry["date"] = day.isoformat()
        if data.draw(st.booleans()):
            entry["start"], entry["end"] = data.draw(st.sampled_from(
                [("08:30", "17:30"), ("19:00", "21:00"), ("12:00", "12:30"), ("x", "08:30")]))
        if data.draw(st.booleans()):
            entry["teachers"] = data.draw(st.lists(st.sampled_from(
                ["t01", "t02", "t03", "t04", "t99", ""]), max_size=3))
        if data.draw(st.booleans()):
            entry["venue"] = data.draw(st.sampled_from([None, "room1", "hall", "field_qy", "v?"]))
        if data.draw(st.booleans()):
            sessions.append(entry)
    instance = checked_instance()
    plan = Plan.model_validate({**checked_plan_data(), "sessions": sessions})
    penalties = score_plan(instance, plan)
    assert penalties == score_plan(instance, plan)
    assert all(p.violations >= 0 and len(p.worst) <= 3 for p in penalties)


# --- the command line -----------------------------------------------------------------------

def write_plan(tmp_path: Path, data: dict, plan: Plan, **fields) -> tuple[Path, Path]:
    instance_path = tmp_path / "instance.json"
    instance_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(plan.model_copy(update=fields).model_dump_json(), encoding="utf-8")
    return instance_path, plan_path


def validate_cli(instance_path: Path, plan_path: Path):
    return CliRunner().invoke(main, ["validate", str(instance_path), str(plan_path)])


def soft_county() -> tuple[dict, Instance, Plan]:
    """A valid plan with a known total: soft_capacity 10 missing seats × 2, all else off."""
    weights = {rule: 0 for rule in SOFT_RULE_IDS} | {"soft_capacity": 2}
    data = county_data(week_class("c1", item("a")), weights=weights)
    instance = Instance.model_validate(data)
    plan = plan_of(instance, session(instance, "c1/a/1", MON, "上午", venue="small"))
    return data, instance, plan


def test_validate_prints_the_penalty_breakdown_and_accepts_a_matching_objective(tmp_path):
    data, instance, plan = soft_county()
    penalties = score_plan(instance, plan)
    result = validate_cli(*write_plan(tmp_path, data, plan, objective=20, penalties=penalties))
    assert result.exit_code == 0, result.output
    assert "最严重的情况" in result.output and "场地略小（按缺座计）" in result.output
    assert "缺 10 个座位" in result.output
    assert "软约束罚分合计：20" in result.output
    assert "校验通过" in result.output


def test_validate_fails_when_the_objective_disagrees(tmp_path):
    data, _, plan = soft_county()
    result = validate_cli(*write_plan(tmp_path, data, plan, objective=7))
    assert result.exit_code == 1
    assert "软约束罚分重新计算为 20，与计划文件记录的目标值 7 不一致" in result.output
    assert "校验通过" not in result.output


def test_validate_names_the_rules_whose_recorded_penalty_differs(tmp_path):
    data, _, plan = soft_county()
    recorded = [Penalty(rule="soft_capacity", weight=2, violations=4, penalty=8)]
    result = validate_cli(*write_plan(tmp_path, data, plan, objective=8, penalties=recorded))
    assert result.exit_code == 1
    assert "场地略小（按缺座计）：计划文件记录 权重 2×4 次 = 8，重新计算 权重 2×10 次 = 20" in result.output


def test_validate_holds_a_plan_without_penalties_to_the_total(tmp_path):
    data, _, plan = soft_county()
    result = validate_cli(*write_plan(tmp_path, data, plan, objective=0, penalties=[]))
    assert result.exit_code == 1, result.output
    assert "软约束罚分重新计算为 20，与计划文件记录的目标值 0 不一致" in result.output
