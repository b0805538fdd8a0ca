"""Phase 1 by parts (scheduler/solve/decompose.py): components of classes joined by joint
sessions, the lower bound from each component alone, the sweep that solves each component
again next to the others, and teachers and venues chosen again at fixed times."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import item, klass, make
from hypothesis import HealthCheck, given, settings
from ortools.sat.python import cp_model
from test_property import instances

from scheduler.check import score_plan, validate_plan
from scheduler.domain.loading import load_instance
from scheduler.expand import expand
from scheduler.rules import SOFT_RULE_IDS
from scheduler.solve import SolveOptions, solve_expansion, to_plan
from scheduler.solve.budget import Budget
from scheduler.solve.decompose import component_bounds, components, sweep, times_fixed
from scheduler.solve.model import build_model
from scheduler.solve.result import Result

MON, FRI = "2024-03-04", "2024-03-08"
QINGXU = Path(__file__).resolve().parents[1] / "instances" / "qingxu-2023-spring.yaml"


def only(**weights: int) -> dict[str, int]:
    return {**{rule_id: 0 for rule_id in SOFT_RULE_IDS}, **weights}


def _odd_classes():
    """Three classes of three one-block sessions each at a site of two blocks a day: each has
    at least one isolated block, so the optimum is 3 × weight 2 = 6. c1 and c2 share a joint
    session (one component); c3 is alone."""
    return make(klass("c1", MON, FRI, item("a", sessions=2), item("j", joint_with=["c2"]), trainees=20),
                klass("c2", MON, FRI, item("b", sessions=2), trainees=20),
                klass("c3", MON, FRI, item("c", sessions=3), trainees=20),
                weights=only(class_isolated=2))


def _penalty(instance, expansion, plan, leave_out: str = "") -> int:
    result = Result("FEASIBLE", 0, 0, 0.0, 0.0, [plan[s.id] for s in expansion.sessions])
    return sum(p.penalty for p in score_plan(instance, to_plan(expansion, result)) if p.rule != leave_out)


def test_classes_joined_by_a_joint_session_are_one_component():
    expansion = expand(_odd_classes())
    parts = components(expansion)
    assert sorted(sorted({c for s in part for c in s.class_ids}) for part in parts) == [["c1", "c2"], ["c3"]]
    assert sorted(s.id for part in parts for s in part) == sorted(s.id for s in expansion.sessions)


def test_the_components_bound_is_the_optimum_where_parity_decides():
    """Each class occupies an odd number of blocks: the bound counts one isolated block per
    class (2 × 3 = 6), and the whole model's optimum is the same."""
    instance = _odd_classes()
    expansion = expand(instance)
    total, complete = component_bounds(expansion, Budget(30, repeatable=True))
    assert complete and total == 6
    ctx = build_model(expansion)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(ctx.model) == cp_model.OPTIMAL
    assert round(solver.objective_value) == 6


def test_a_component_bound_sees_what_only_its_integer_plans_show():
    """One item of two sessions at a site of two blocks a day: on two days they are two
    isolated blocks (2 × 2), on one day the item is a day short (5), so the optimum is 4;
    solved to optimality, the component's bound reaches it."""
    instance = make(klass("c1", MON, FRI, item("a", sessions=2)),
                    weights=only(class_isolated=2, item_spread=5))
    expansion = expand(instance)
    total, _ = component_bounds(expansion, Budget(30, repeatable=True))
    assert total == 4


def test_a_by_parts_run_meets_its_bound_and_the_checker_agrees():
    instance = _odd_classes()
    expansion = expand(instance)
    result = solve_expansion(expansion, SolveOptions(time_limit=10, workers=1, seed=0))
    assert result.status == "OPTIMAL" and result.objective == result.bound == 6
    assert result.stats.parts_bound == 6 and result.stats.parts_bounded
    assert result.stats.lns_iterations == 0  # proven: no search after the parts
    plan = to_plan(expansion, result)
    assert validate_plan(instance, plan) == []
    assert sum(p.penalty for p in score_plan(instance, plan)) == 6


def test_the_bound_never_exceeds_a_plan_of_the_bundled_county():
    instance = load_instance(QINGXU)
    expansion = expand(instance)
    total, complete = component_bounds(expansion, Budget(60, repeatable=True))
    result = solve_expansion(expansion, SolveOptions(time_limit=5, workers=1, seed=0, decompose=False))
    assert complete and 0 < total <= result.objective


def test_with_two_workers_the_bound_comes_from_its_own_process():
    instance = _odd_classes()
    expansion = expand(instance)
    result = solve_expansion(expansion, SolveOptions(time_limit=10, workers=2, seed=0))
    assert result.stats.parts_bound == 6 and result.objective == 6 and result.status == "OPTIMAL"


@pytest.fixture(scope="module")
def first_plan(qingxu_first_plan):
    return qingxu_first_plan


def test_the_sweep_never_makes_a_plan_worse_but_in_the_balance(first_plan):
    instance, expansion, plan = first_plan
    swept = dict(plan)
    steps = []
    done = sweep(expansion, swept, Budget(20, repeatable=True), step=lambda current: steps.append(1))
    assert done > 0 and len(steps) == done
    result = Result("FEASIBLE", 0, 0, 0.0, 0.0, [swept[s.id] for s in expansion.sessions])
    assert validate_plan(instance, to_plan(expansion, result)) == []
    before = _penalty(instance, expansion, plan, "fulltime_balance")
    after = _penalty(instance, expansion, swept, "fulltime_balance")
    assert after < before


def test_times_fixed_holds_each_session_to_its_planned_slot(first_plan):
    _, expansion, plan = first_plan
    timed = times_fixed(expansion, plan)
    for session, held in zip(timed.sessions, expansion.sessions):
        assert session.slots == [held.slots[plan[held.id].slot_position]]
        assert set(plan[held.id].teachers) <= {c.id for c in session.teachers}


def test_a_one_worker_run_by_parts_repeats_and_its_plan_passes_the_checker():
    instance = load_instance(QINGXU)
    expansion = expand(instance)
    options = SolveOptions(time_limit=3, workers=1, seed=2)
    first, second = (solve_expansion(expansion, options) for _ in range(2))
    assert first.assignments == second.assignments and first.objective == second.objective
    assert first.stats.parts_swept > 0 and first.bound >= first.stats.parts_bound > 0
    plan = to_plan(expansion, first)
    assert validate_plan(instance, plan) == []
    assert sum(p.penalty for p in score_plan(instance, plan)) == first.objective


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_the_components_bound_never_exceeds_the_whole_models_optimum(instance):
    """The bound is only worth anything if it is one: on generated counties (joint sessions,
    ordering, daily limits, shared teachers), it never exceeds the optimum of the whole model."""
    expansion = expand(instance)
    ctx = build_model(expansion)
    if not ctx.model.has_objective():
        return
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 20
    if solver.solve(ctx.model) != cp_model.OPTIMAL:
        return
    total, complete = component_bounds(expansion, Budget(20, repeatable=True))
    assert complete
    assert total + ctx.model.proto.objective.offset <= round(solver.objective_value)
