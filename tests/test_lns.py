"""The engine's own neighbourhood search (scheduler/solve/lns.py).

A neighbourhood is a small model: its free sessions, and every session that shares a class, a
candidate teacher or a candidate venue with them held in place. These tests check what makes
that sound: the small model is closed over classes and teachers, its penalty differs from the
whole plan's by a constant, and a search never returns a worse or invalid plan.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from ortools.sat.python import cp_model

from scheduler.check import score_plan, validate_plan
from scheduler.domain.loading import load_instance
from scheduler.expand import expand
from scheduler.solve import SolveOptions, solve_expansion, to_plan
from scheduler.solve.budget import Budget
from scheduler.solve.lns import (
    BALANCE,
    LnsStats,
    Neighbourhoods,
    build_model,
    county_balance,
    improve,
    neighbourhood,
    plan_loads,
)
from scheduler.solve.result import Assignment, Result
from scheduler.solve.variables import held_copy, plan_values

QINGXU = Path(__file__).resolve().parents[1] / "instances" / "qingxu-2023-spring.yaml"


@pytest.fixture(scope="module")
def start(qingxu_first_plan):
    return qingxu_first_plan


def _penalty(instance, expansion, plan: dict[str, Assignment]) -> int:
    """The independent checker's total penalty of a plan."""
    result = Result("FEASIBLE", 0, 0, 0.0, 0.0, [plan[s.id] for s in expansion.sessions])
    return sum(p.penalty for p in score_plan(instance, to_plan(expansion, result)))


def _small_penalty(expansion, plan, free) -> int:
    ctx = build_model(neighbourhood(expansion, plan, free), skip_rules=frozenset({BALANCE}))
    scale = county_balance(ctx, expansion, plan)
    solver = cp_model.CpSolver()
    assert solver.solve(held_copy(ctx, plan_values(ctx, plan))) == cp_model.OPTIMAL
    return round(solver.objective_value) // scale


@pytest.mark.parametrize("kind", Neighbourhoods.KINDS)
def test_a_neighbourhood_holds_every_session_of_its_classes_and_candidate_teachers(start, kind):
    _, expansion, plan = start
    free = Neighbourhoods(expansion, random.Random(3)).choose(kind, 25, plan)
    small = neighbourhood(expansion, plan, free)
    kept = {s.id: s for s in small.sessions}
    assert free and free <= set(kept)
    for session_id in free:
        for class_id in expansion.by_id[session_id].class_ids:
            assert {s.id for s in expansion.sessions_by_class[class_id]} <= set(kept)
    for teacher_id in small.whole_teachers:
        assert {a.session_id for a in plan.values() if teacher_id in a.teachers} <= set(kept)
    for session_id, session in kept.items():
        if session_id in free:
            assert session is expansion.by_id[session_id]  # all its options
        else:
            held = plan[session_id]
            assert session.slots == [expansion.by_id[session_id].slots[held.slot_position]]
            assert [c.id for c in session.teachers] == list(held.teachers)
    assert [s.id for s in small.sessions] == [s.id for s in expansion.sessions if s.id in kept]


def test_the_small_models_penalty_moves_with_the_whole_plans(start):
    """Move free sessions to other valid places: the small model's exact penalty changes by
    exactly as much as the checker's penalty of the whole plan, the county's balance included."""
    instance, expansion, plan = start
    chooser = Neighbourhoods(expansion, random.Random(5))
    compared = balance_moved = 0
    for n, kind in enumerate(Neighbourhoods.KINDS * 2):
        free = chooser.choose(kind, 20, plan)
        ctx = build_model(neighbourhood(expansion, plan, free), skip_rules=frozenset({BALANCE}))
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = n
        solver.parameters.max_time_in_seconds = 60  # a feasibility check, not a timing one
        # Any other valid placement of the free sessions will do: ask for a random one.
        ctx.model.clear_objective()
        assert solver.solve(ctx.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        moved = dict(plan)
        for sv in ctx.sessions:
            if sv.session.id in free:
                moved[sv.session.id] = Assignment(
                    sv.session.id, next(t for t, x in enumerate(sv.x) if solver.boolean_value(x)),
                    tuple(p for p, y in sv.y.items() if solver.boolean_value(y)),
                    next((v for v, r in sv.r.items() if solver.boolean_value(r)), None))
        if moved == plan:
            continue
        result = Result("FEASIBLE", 0, 0, 0.0, 0.0, [moved[s.id] for s in expansion.sessions])
        assert validate_plan(instance, to_plan(expansion, result)) == []
        whole = _penalty(instance, expansion, moved) - _penalty(instance, expansion, plan)
        balance = [p.penalty for p in score_plan(instance, to_plan(expansion, result)) if p.rule == BALANCE]
        before = [p.penalty for p in score_plan(instance, to_plan(expansion, Result(
            "FEASIBLE", 0, 0, 0.0, 0.0, [plan[s.id] for s in expansion.sessions]))) if p.rule == BALANCE]
        small = _small_penalty(expansion, moved, free) - _small_penalty(expansion, plan, free)
        assert whole == small
        balance_moved += sum(balance) != sum(before)
        compared += 1
    assert compared >= 4 and balance_moved  # some moves changed the balance, and it was counted


def test_the_search_improves_a_first_plan_and_claims_no_more_than_it_gained(start):
    instance, expansion, plan = start
    before = _penalty(instance, expansion, plan)
    stats = LnsStats()
    better, claimed = improve(expansion, plan, before,
                              Budget(3.0, repeatable=True), seed=1, stats=stats)
    after = _penalty(instance, expansion, better)
    result = Result("FEASIBLE", 0, 0, 0.0, 0.0, [better[s.id] for s in expansion.sessions])
    assert validate_plan(instance, to_plan(expansion, result)) == []
    assert stats.improvements > 0 and after < before
    assert after <= claimed == before - stats.gained


def test_the_search_repeats_exactly_with_a_deterministic_budget(start):
    _, expansion, plan = start
    runs = [improve(expansion, plan, 10_000, Budget(1.0, repeatable=True), seed=7)
            for _ in range(2)]
    assert runs[0] == runs[1]


def test_a_one_worker_solve_with_the_search_repeats_and_its_plan_passes_the_checker():
    instance = load_instance(QINGXU)
    expansion = expand(instance)
    options = SolveOptions(time_limit=4, workers=1, seed=2, decompose=False)
    first, second = (solve_expansion(expansion, options) for _ in range(2))
    assert first.assignments == second.assignments and first.objective == second.objective
    assert first.stats.lns_iterations > 0
    plan = to_plan(expansion, first)
    assert validate_plan(instance, plan) == []
    assert sum(p.penalty for p in score_plan(instance, plan)) == first.objective


def test_two_workers_run_the_search_next_to_cp_sat_within_the_time_limit():
    instance = load_instance(QINGXU)
    expansion = expand(instance)
    # The limit is wall seconds for the whole run (measured in benchmarks/RESULTS.md, not here).
    result = solve_expansion(expansion, SolveOptions(time_limit=8, workers=2, seed=2, decompose=False))
    assert result.stats.lns_iterations > 0
    plan = to_plan(expansion, result)
    assert validate_plan(instance, plan) == []
    assert sum(p.penalty for p in score_plan(instance, plan)) == result.objective


def test_the_loads_neighbourhood_frees_what_could_move_between_the_most_and_least_loaded(start):
    _, expansion, plan = start
    chooser = Neighbourhoods(expansion, random.Random(11))
    assert "loads" in chooser.kinds
    loads = plan_loads(expansion, plan, chooser.fulltime)
    order = sorted(loads, key=loads.get)
    busiest, idlest = set(order[-Neighbourhoods.EXTREMES:]), set(order[:Neighbourhoods.EXTREMES])
    for _ in range(5):
        free = chooser.choose("loads", 15, plan)
        assert 0 < len(free) <= 15
        held_by_busy = {sid for sid in free if busiest & set(plan[sid].teachers)}
        idle_may = {sid for sid in free if idlest & {c.id for c in expansion.by_id[sid].teachers}}
        assert held_by_busy or idle_may


def test_the_search_narrows_the_full_time_balance(start):
    instance, expansion, plan = start
    spread = {}
    for name, current in (("before", plan), ("after", improve(expansion, plan, 10_000, Budget(3.0, repeatable=True),
                                                               seed=1)[0])):
        result = Result("FEASIBLE", 0, 0, 0.0, 0.0, [current[s.id] for s in expansion.sessions])
        spread[name] = sum(p.penalty for p in score_plan(instance, to_plan(expansion, result)) if p.rule == BALANCE)
    assert spread["after"] < spread["before"]
