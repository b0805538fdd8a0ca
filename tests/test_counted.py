"""Interchangeable sessions counted together in the times-only model (solve/counted.py): which
sessions are grouped, that the counted model has the same plans and optimum as the one with a
slot choice per session, and that its plans map back to the group's sessions."""

from __future__ import annotations

import pytest
from builders import item, klass, make
from ortools.sat.python import cp_model

from scheduler.check import score_plan, validate_plan
from scheduler.expand import expand
from scheduler.rules import SOFT_RULE_IDS
from scheduler.solve import SolveOptions, solve_expansion, to_plan
from scheduler.solve.counted import counted
from scheduler.solve.greedy import Placement
from scheduler.solve.hints import hint_choices
from scheduler.solve.model import build_model
from scheduler.solve.variables import plan_values, read_assignments

MON, WED, FRI = "2024-03-04", "2024-03-06", "2024-03-08"


def only(**weights: int) -> dict[str, int]:
    return {**{rule_id: 0 for rule_id in SOFT_RULE_IDS}, **weights}


def _optimum(expansion):
    ctx = build_model(expansion, venues=False)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 20
    status = solver.solve(ctx.model)
    assert status == cp_model.OPTIMAL
    return ctx, solver


def test_an_items_sessions_with_one_required_teacher_are_counted_as_one():
    teachers = [{"id": t, "name": f"{t}老师", "kind": "fulltime", "township": "qy", "topics": topics}
                for t, topics in (("t1", ["A"]), ("t2", ["B"]), ("t3", ["B"]))]
    instance = make(klass("c1", MON, FRI, item("a", sessions=3, teachers=["t1"]),
                          item("b", topic="B", sessions=2)),  # b: t2 or t3, so not counted
                    teachers=teachers, weights=only())
    expansion = expand(instance)
    grouped = counted(expansion)
    a_ids = tuple(s.id for s in expansion.sessions if s.item.id == "a")
    assert len(a_ids) == 3
    assert grouped.members == {a_ids[0]: a_ids}
    assert [(s.item.id, s.count) for s in grouped.sessions] == [("a", 3), ("b", 1), ("b", 1)]


@pytest.mark.parametrize("change", [
    {"teacher": {"max_per_day": 2}},  # a daily limit counts per session and day
    {"teacher": {"avoids": [{"weekdays": [1]}]}},  # a preference weighs each session
    {"item": {"first": True}},  # ordering relates single sessions
])
def test_sessions_that_a_rule_weighs_one_by_one_are_not_counted(change):
    teachers = [{"id": "t1", "name": "王老师", "kind": "fulltime", "township": "qy", "topics": ["A", "B"],
                 **change.get("teacher", {})}]
    instance = make(klass("c1", MON, FRI, item("a", sessions=3, teachers=["t1"], **change.get("item", {})),
                          item("b", topic="B", teachers=["t1"])),
                    teachers=teachers, weights=only())
    grouped = counted(expand(instance))
    assert grouped.members == {}
    assert all(s.count == 1 for s in grouped.sessions)


@pytest.mark.parametrize("weights", [
    only(class_isolated=1),
    only(item_spread=1, class_isolated=1),
    only(teacher_mode_fit=3, item_spread=1),  # an expert teaching theory: twice, not once
])
def test_the_counted_times_model_has_the_same_optimum(weights):
    teachers = [{"id": "t1", "name": "王老师", "kind": "expert", "township": "qy", "topics": ["A", "B"]},
                {"id": "t2", "name": "李老师", "kind": "fulltime", "township": "qy", "topics": ["A", "B"]}]
    instance = make(klass("c1", MON, WED, item("a", sessions=2, teachers=["t1"], min_days=2),
                          item("b", topic="B", sessions=3, teachers=["t2"])),
                    klass("c2", MON, MON, item("c", teachers=["t2"])),
                    teachers=teachers, weights=weights,
                    topics=[{"id": "A", "name": "政治理论", "kind": "theory"}, {"id": "B", "name": "党建实务"}])
    expansion = expand(instance)
    grouped = counted(expansion)
    assert {s.item.id: s.count for s in grouped.sessions if s.count > 1} == {"a": 2, "b": 3}
    _, single = _optimum(expansion)
    _, together = _optimum(grouped)
    assert together.objective_value == single.objective_value


def test_the_parity_cut_counts_every_session_of_a_counted_one():
    # Two sessions of one item fill Monday: no isolated block. Counted as one session, a parity
    # cut that saw one block (odd) would demand one.
    instance = make(klass("c1", MON, MON, item("a", sessions=2, teachers=["t1"])),
                    weights=only(class_isolated=1))
    grouped = counted(expand(instance))
    assert [s.count for s in grouped.sessions] == [2]
    _, solver = _optimum(grouped)
    assert solver.objective_value == 0


def test_a_counted_session_keeps_off_every_slot_its_teacher_is_busy():
    # Busy Monday to Thursday (eight blocks): both sessions must be on Friday.
    teachers = [{"id": "t1", "name": "王老师", "kind": "fulltime", "township": "qy", "topics": ["A"],
                 "unavailable": [{"dates": ["2024-03-04..2024-03-07"]}]}]
    instance = make(klass("c1", MON, FRI, item("a", sessions=2, teachers=["t1"])),
                    teachers=teachers, weights=only())
    grouped = counted(expand(instance))
    ctx, solver = _optimum(grouped)
    days = {grouped.sessions[0].slots[a.slot_position].date.isoformat()
            for a in read_assignments(ctx, solver)}
    assert days == {FRI}


def test_a_counted_plan_goes_to_the_groups_sessions_in_time_order_and_back():
    instance = make(klass("c1", MON, FRI, item("a", sessions=3, teachers=["t1"])), weights=only())
    expansion = expand(instance)
    grouped = counted(expansion)
    ctx = build_model(grouped, venues=False)
    chosen = [7, 2, 4]  # slot positions, not in order
    (sv,) = ctx.sessions
    for t, x in enumerate(sv.x):
        ctx.model.add(x == int(t in chosen))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(ctx.model) == cp_model.OPTIMAL
    plan = read_assignments(ctx, solver)
    assert [a.session_id for a in plan] == [s.id for s in expansion.sessions]
    assert [a.slot_position for a in plan] == [2, 4, 7]
    assert all(a.teachers == ("t1",) for a in plan)
    # Back: the plan's values set the counted session's literals at exactly those slots.
    value = plan_values(ctx, {a.session_id: a for a in plan})
    assert [value(x) for x in sv.x] == [int(t in chosen) for t in range(len(sv.x))]
    # A hint from a placement of the group's sessions sets the same literals.
    hinted = build_model(grouped, venues=False)
    hint_choices(hinted, {a.session_id: Placement(a.slot_position, a.teachers, None) for a in plan})
    hints = dict(zip(hinted.model.proto.solution_hint.vars, hinted.model.proto.solution_hint.values))
    assert [hints[x.index] for x in hinted.sessions[0].x] == [int(t in chosen) for t in range(len(sv.x))]


def test_times_first_with_counted_sessions_writes_a_plan_the_checker_accepts():
    instance = make(klass("c1", MON, FRI, item("a", sessions=3, teachers=["t1"]),
                          item("b", topic="B", sessions=2, teachers=["t2"])),
                    klass("c2", MON, WED, item("c", sessions=2, teachers=["t1"])),
                    weights=only(item_spread=5, class_isolated=2, item_room_stability=1))
    expansion = expand(instance)
    result = solve_expansion(expansion, SolveOptions(time_limit=10, workers=1, seed=0, times_first=True))
    assert result.status in ("OPTIMAL", "FEASIBLE")
    assert result.stats.counted_sessions == 3  # a, b and c, each counted as one
    plan = to_plan(expansion, result)
    assert len(plan.sessions) == 7
    assert validate_plan(instance, plan) == []
    assert sum(p.penalty for p in score_plan(instance, plan)) == result.objective
