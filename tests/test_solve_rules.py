"""Each hard rule, both faces: the model forbids it, and the checker catches the plan that breaks it.

For rules posted as constraints, each case is an instance that the rule makes impossible: with
the rule the solver proves it infeasible; with the rule left out the solver finds a plan, and
the independent checker rejects that plan under the same rule. Rules enforced by the shape of
the domains (expand) are tested on the expansion.
"""

from __future__ import annotations

import datetime as dt

import pytest
from builders import item, klass, make

from scheduler.check import validate_plan
from scheduler.expand import expand
from scheduler.rules import HARD_RULES
from scheduler.solve import SolveOptions, solve_expansion, to_plan
from scheduler.solve.rules import HARD_RULE_MODULES

ONE_BLOCK = [{"id": "county", "name": "县委党校", "tier": "county", "township": "qy",
              "blocks": [{"name": "上午", "start": "08:30", "end": "11:30"}]}]
DAY = "2024-03-05"


def _solve(instance, skip=frozenset()):
    expansion = expand(instance)
    result = solve_expansion(expansion, SolveOptions(time_limit=10, workers=1, skip_rules=skip))
    return expansion, result


CASES = {
    "teacher_no_overlap": lambda: make(
        klass("c1", DAY, DAY, item("a")), klass("c2", DAY, DAY, item("a")),
        sites=ONE_BLOCK, teachers__t2={"topics": ["B"]}),
    "venue_no_overlap": lambda: make(
        klass("c1", DAY, DAY, item("a")), klass("c2", DAY, DAY, item("a")),
        sites=ONE_BLOCK, venues=[{"id": "r1", "name": "教室", "kind": "classroom",
                                  "site": "county", "capacity": 50}]),
    "class_no_overlap": lambda: make(
        klass("c1", DAY, DAY, item("a"), item("b")), sites=ONE_BLOCK),
    "teacher_available": lambda: make(
        klass("c1", DAY, DAY, item("a", teachers=["t1"])), sites=ONE_BLOCK,
        teachers__t1={"unavailable": [{"dates": [DAY]}]}),
    "teacher_daily_limit": lambda: make(
        klass("c1", DAY, DAY, item("a", sessions=2)),
        teachers__t1={"max_per_day": 1}, teachers__t2={"topics": ["B"]}),
    "teacher_weekly_limit": lambda: make(
        klass("c1", "2024-03-04", "2024-03-06", item("a", sessions=3)),
        teachers__t1={"max_per_week": 2}, teachers__t2={"topics": ["B"]}),
    "teacher_obligation": lambda: make(
        klass("c1", DAY, DAY, item("a")),
        teachers__t1={"obligations": [{"period": "term", "min_sessions": 2, "topic": "A"}]}),
    "teacher_count": lambda: make(
        klass("c1", DAY, DAY, item("a", teacher_count=2)), teachers__t2={"topics": ["B"]}),
    "venue_fit": lambda: make(
        klass("c1", DAY, DAY, item("a")), sites=ONE_BLOCK,
        venues=[{"id": "r1", "name": "教室", "kind": "classroom", "site": "county", "capacity": 50,
                 "unavailable": [{"dates": [DAY]}]}]),
    "ordering": lambda: make(
        klass("c1", DAY, DAY, item("open", first=True, unavailable=[{"blocks": ["上午"]}]),
              item("b"))),
    # the policy rules (tests/test_policy.py has more of each)
    "venue_topic": lambda: make(
        klass("c1", DAY, DAY, item("f", mode="field")), sites=ONE_BLOCK,
        venues=[{"id": "farm", "name": "果园", "kind": "field", "township": "qy", "capacity": 50,
                 "topics": ["B"]}]),
    "teacher_role": lambda: make(klass("c1", DAY, DAY, item("a", teacher_role="书记")), sites=ONE_BLOCK),
    "four_plus_n": lambda: make(
        {**klass("c1", DAY, DAY, item("a")), "four_plus_n": True}, sites=ONE_BLOCK,
        topics=[{"id": "A", "name": "政治理论", "main": True}, {"id": "B", "name": "党建实务", "main": True}]),
    "interactive_share": lambda: make(
        klass("c1", DAY, DAY, item("a")), sites=ONE_BLOCK, standards={"interactive_methods": ["案例"]}),
    "class_hours": lambda: make({**klass("c1", DAY, DAY, item("a")), "min_hours": 4}, sites=ONE_BLOCK),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_model_forbids_and_checker_catches(rule_id):
    instance = CASES[rule_id]()
    _, result = _solve(instance)
    assert result.status == "INFEASIBLE", f"{rule_id}: the model should forbid this"

    expansion, relaxed = _solve(instance, skip=frozenset({rule_id}))
    assert relaxed.has_plan, f"{rule_id}: without the rule a plan should exist"
    violations = validate_plan(instance, to_plan(expansion, relaxed))
    assert {v.rule for v in violations} == {rule_id}


def test_every_hard_rule_has_a_model_module():
    assert set(HARD_RULE_MODULES) == {rule.id for rule in HARD_RULES}


def test_class_window_and_site_calendar_shape_the_slots():
    # 2024-04-04 is 清明节 (a Thursday); 04-06 and 04-07 are a weekend, 04-07 a make-up workday.
    instance = make(
        klass("c1", "2024-04-03", "2024-04-08", item("a")),
        term={"name": "测试", "start": "2024-04-01", "end": "2024-04-12"},
        blackouts=[{"name": "学习日", "when": {"weekdays": [1], "blocks": ["下午"]}}])
    slots = expand(instance).sessions[0].slots
    cells = {(s.date, s.block_names[0]) for s in slots}
    dates = {s.date for s in slots}
    assert min(dates) >= dt.date(2024, 4, 3) and max(dates) <= dt.date(2024, 4, 8)
    assert dt.date(2024, 4, 4) not in dates  # holiday
    assert dt.date(2024, 4, 6) not in dates  # weekend
    assert dt.date(2024, 4, 7) in dates  # 调休 working Sunday
    assert (dt.date(2024, 4, 8), "上午") in cells
    assert (dt.date(2024, 4, 8), "下午") not in cells  # Monday-afternoon blackout


def test_teacher_qualified_and_venue_capacity_shape_the_candidates():
    instance = make(
        klass("c1", DAY, DAY, item("a", topic="B"), trainees=45),
        teachers__t2={"topics": ["A"]},
        venues=[{"id": "small", "name": "小教室", "kind": "classroom", "site": "county", "capacity": 40},
                {"id": "big", "name": "大教室", "kind": "classroom", "site": "county", "capacity": 45}])
    session = expand(instance).sessions[0]
    assert [c.id for c in session.teachers] == ["t1"]
    assert [c.id for c in session.venues] == ["big"]


def test_field_sessions_only_in_daytime_blocks_at_field_sites():
    sites = [{"id": "county", "name": "县委党校", "tier": "county", "township": "qy",
              "blocks": [{"name": "下午", "start": "14:30", "end": "17:30"},
                         {"name": "晚上", "start": "19:00", "end": "21:00"}]}]
    venues = [{"id": "r1", "name": "教室", "kind": "classroom", "site": "county", "capacity": 50},
              {"id": "farm", "name": "基地", "kind": "field", "township": "qy", "capacity": 50}]
    instance = make(klass("c1", DAY, DAY, item("f", mode="field")), sites=sites, venues=venues)
    session = expand(instance).sessions[0]
    assert [s.block_names for s in session.slots] == [("下午",)]
    assert [v.id for v in session.venues] == ["farm"]


def test_same_seed_one_worker_gives_the_same_plan():
    instance = make(klass("c1", "2024-03-04", "2024-03-08", item("a", sessions=3), item("b", sessions=3)),
                    klass("c2", "2024-03-04", "2024-03-08", item("a", sessions=2), item("b", sessions=2)))
    plans = []
    for _ in range(2):
        expansion = expand(instance)
        result = solve_expansion(expansion, SolveOptions(time_limit=5, workers=1, seed=7))
        plans.append(to_plan(expansion, result).model_dump(exclude={"solve_seconds"}))
    assert plans[0] == plans[1]


def test_a_class_without_items_of_its_own_attends_joint_sessions():
    """A curriculum may be empty: the class only attends sessions other classes host (CB-CTT
    curricula made only of shared courses)."""
    from scheduler.lint import lint

    days = ("2024-03-04", "2024-03-05")
    instance = make(klass("c1", *days, item("a", joint_with=["c2"]), item("b"), trainees=10),
                    klass("c2", *days, trainees=10), klass("c3", *days, trainees=10))
    expansion = expand(instance)
    assert [s.class_ids for s in expansion.sessions_by_class["c2"]] == [("c1", "c2")]
    _, result = _solve(instance)
    assert result.status in ("OPTIMAL", "FEASIBLE")
    assert validate_plan(instance, to_plan(expansion, result)) == []
    warnings = [f.message for f in lint(expansion)]
    assert any("c3班 没有任何课" in m for m in warnings) and not any("c2班 没有任何课" in m for m in warnings)
