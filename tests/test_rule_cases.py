"""Each hard rule the expansion enforces by construction, both faces: on a tiny instance where
the rule binds, the solver's plan keeps it; the same plan broken in just that way is caught by
the independent checker under that rule alone.

tests/test_solve_rules.py holds the rules posted as constraints (there the rule is left out of
the model instead); tests/test_rule_faces.py holds the two lists equal to the registry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from builders import item, klass, make

from scheduler.check import validate_plan
from scheduler.domain import Instance
from scheduler.domain.plan import Plan
from scheduler.expand import expand
from scheduler.solve import SolveOptions, solve_expansion, to_plan

ONE_BLOCK = [{"id": "county", "name": "县委党校", "tier": "county", "township": "qy",
              "blocks": [{"name": "上午", "start": "08:30", "end": "11:30"}]}]
MON, TUE, WED = "2024-03-04", "2024-03-05", "2024-03-06"
SIZED_ROOMS = [{"id": "small", "name": "小教室", "kind": "classroom", "site": "county", "capacity": 40},
               {"id": "big", "name": "大教室", "kind": "classroom", "site": "county", "capacity": 45}]


@dataclass(frozen=True)
class Case:
    instance: Callable[[], Instance]
    kept: Callable[[Plan], bool]  # what the solver's plan shows of the rule
    broken: Callable[[Plan], Plan]  # the plan with just this rule broken


def first_session(plan: Plan, **changes) -> Plan:
    """The plan with its first session changed."""
    sessions = [plan.sessions[0].model_copy(update=changes), *plan.sessions[1:]]
    return plan.model_copy(update={"sessions": sessions})


CASES: dict[str, Case] = {
    # one session to place: the plan has it once; without it the plan is incomplete
    "session_once": Case(
        lambda: make(klass("c1", TUE, TUE, item("a")), sites=ONE_BLOCK),
        lambda plan: [s.id for s in plan.sessions] == ["c1/a/1"],
        lambda plan: plan.model_copy(update={"sessions": []})),
    # a one-day class in a five-day term: only Tuesday is inside its dates
    "class_window": Case(
        lambda: make(klass("c1", TUE, TUE, item("a")), sites=ONE_BLOCK),
        lambda plan: plan.sessions[0].date == dt.date.fromisoformat(TUE),
        lambda plan: first_session(plan, date=dt.date.fromisoformat(WED))),
    # a two-day class whose first day is a blackout of its school
    "site_calendar": Case(
        lambda: make(klass("c1", MON, TUE, item("a")), sites=ONE_BLOCK,
                     blackouts=[{"name": "停课", "when": {"dates": [MON]}}]),
        lambda plan: plan.sessions[0].date == dt.date.fromisoformat(TUE),
        lambda plan: first_session(plan, date=dt.date.fromisoformat(MON))),
    # topic B, which only 李老师 (t2) teaches
    "teacher_qualified": Case(
        lambda: make(klass("c1", TUE, TUE, item("a", topic="B")), sites=ONE_BLOCK,
                     teachers__t1={"topics": ["A"]}),
        lambda plan: plan.sessions[0].teachers == ["t2"],
        lambda plan: first_session(plan, teachers=["t1"])),
    # 45 trainees: only the room of 45 seats holds them
    "venue_capacity": Case(
        lambda: make(klass("c1", TUE, TUE, item("a"), trainees=45), sites=ONE_BLOCK, venues=SIZED_ROOMS),
        lambda plan: plan.sessions[0].venue == "big",
        lambda plan: first_session(plan, venue="small")),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_the_plan_keeps_the_rule_and_the_checker_catches_a_break(rule_id):
    case = CASES[rule_id]
    instance = case.instance()
    expansion = expand(instance)
    result = solve_expansion(expansion, SolveOptions(time_limit=10, workers=1, seed=0))
    assert result.has_plan, f"{rule_id}: the instance should have a plan"
    plan = to_plan(expansion, result)
    assert validate_plan(instance, plan) == []
    assert case.kept(plan), f"{rule_id}: the plan should show the rule binding"

    violations = validate_plan(instance, case.broken(plan))
    assert {v.rule for v in violations} == {rule_id}
