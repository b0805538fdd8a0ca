"""Times first, venues after (scheduler/solve/staged.py) and the times-only model it rests on:
the venue counts and the lower bound of missing seats that times alone decide, the run's
plans (checked by the independent checker), its bound, and its fallback to the whole model
when no venue choice fits the times."""

from __future__ import annotations

from pathlib import Path

from builders import item, klass, make
from ortools.sat.python import cp_model

from scheduler.check import score_plan, validate_plan
from scheduler.domain.loading import load_instance
from scheduler.expand import expand
from scheduler.rules import SOFT_RULE_IDS
from scheduler.solve import SolveOptions, solve_expansion, to_plan
from scheduler.solve.model import build_model
from scheduler.solve.variables import read_assignment, read_assignments

MON = "2024-03-04"
QINGXU = Path(__file__).resolve().parents[1] / "instances" / "qingxu-2023-spring.yaml"
TIMES_FIRST = SolveOptions(time_limit=10, workers=1, seed=0, times_first=True)


def only(**weights: int) -> dict[str, int]:
    return {**{rule_id: 0 for rule_id in SOFT_RULE_IDS}, **weights}


def room(venue_id: str, capacity: int = 50, **extra) -> dict:
    return {"id": venue_id, "name": f"教室{venue_id}", "kind": "classroom", "site": "county",
            "capacity": capacity, **extra}


def _one_morning(audiences: tuple[int, ...], rooms: dict[str, int]):
    """One class per audience size, each with one session that must be on Monday morning, its
    own teacher, and rooms of these sizes that let any of them in (missing seats cost 1)."""
    no_afternoon = [{"blocks": ["下午"]}]
    return make(*(klass(f"c{n}", MON, MON, item(f"i{n}", unavailable=no_afternoon), trainees=size)
                  for n, size in enumerate(audiences)),
                venues=[room(venue_id, seats, overflow=max(audiences)) for venue_id, seats in rooms.items()],
                teachers=[{"id": f"t{n}", "name": f"老师{n}", "kind": "fulltime",
                           "township": "qy", "topics": ["A", "B"]} for n in range(len(audiences))],
                weights=only(soft_capacity=1))


def _solve_times_only(instance):
    ctx = build_model(expand(instance), venues=False)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10
    status = solver.solve(ctx.model)
    return ctx, solver, status


def test_the_times_only_model_has_no_venue_variables_and_keeps_the_venue_counts():
    # One room, two classes of one Monday session each: they cannot share a block.
    instance = make(klass("c1", MON, MON, item("a")), klass("c2", MON, MON, item("b")),
                    venues=[room("r1")], weights=only())
    ctx, solver, status = _solve_times_only(instance)
    assert status == cp_model.OPTIMAL
    assert all(not sv.r for sv in ctx.sessions)
    blocks = [read_assignment(sv, solver).slot_position for sv in ctx.sessions]
    assert sorted(blocks) == [0, 1]


def test_the_times_only_bound_of_missing_seats_is_exact_for_two_sessions_in_one_block():
    # Rooms of 30 and 50 seats (any overflow allowed), classes of 60 and 40 in the one Monday
    # morning: 60 in the 50 room and 40 in the 30 room miss 10 + 10 seats, the best choice.
    no_afternoon = [{"blocks": ["下午"]}]
    instance = make(klass("big", MON, MON, item("a", unavailable=no_afternoon), trainees=60),
                    klass("mid", MON, MON, item("b", unavailable=no_afternoon), trainees=40),
                    venues=[room("r30", 30, overflow=40), room("r50", 50, overflow=40)],
                    weights=only(soft_capacity=1))
    ctx, solver, status = _solve_times_only(instance)
    assert status == cp_model.OPTIMAL and round(solver.objective_value) == 20
    result = solve_expansion(expand(instance), TIMES_FIRST)
    assert result.objective == 20 and result.soft_violations["soft_capacity"] == 20
    assert result.bound == 20 and result.status == "OPTIMAL"


def test_the_times_only_bound_never_exceeds_the_missing_seats_of_a_plan():
    # Three classes in one morning, rooms of 20, 35 and 50 seats: whatever the venues, the
    # plan misses at least what the times-only model counts.
    instance = _one_morning((45, 40, 30), {"r20": 20, "r35": 35, "r50": 50})
    _, solver, status = _solve_times_only(instance)
    result = solve_expansion(expand(instance), SolveOptions(time_limit=10, workers=1, seed=0))
    # Best: 45 in 50, 40 in 35 (5), 30 in 20 (10) = 15; the times-only bound is 15 too.
    assert result.objective == 15
    assert status == cp_model.OPTIMAL and round(solver.objective_value) == 15
    assert status == cp_model.OPTIMAL and round(solver.objective_value) == 15


def test_a_times_first_run_on_the_bundled_county_passes_the_checker():
    instance = load_instance(QINGXU)
    expansion = expand(instance)
    result = solve_expansion(expansion, TIMES_FIRST)
    assert result.has_plan and result.stats.strategy == "times_first"
    plan = to_plan(expansion, result)
    assert validate_plan(instance, plan) == []
    assert sum(p.penalty for p in score_plan(instance, plan)) == result.objective
    assert result.bound is not None and result.bound <= result.objective


def test_times_that_no_venue_choice_fits_are_left_for_the_whole_model():
    # Two rooms, r2 closed in the afternoon; both teachers prefer the afternoon. The times-only
    # model counts two rooms in every block and puts both sessions in the afternoon, where no
    # venue choice fits them; the run goes on with the whole model from its first plan, and
    # one session stays in the morning.
    afternoon = [{"blocks": ["下午"]}]
    teachers = [{"id": t, "name": f"{t}老师", "kind": "fulltime", "township": "qy",
                 "topics": ["A", "B"], "prefers": afternoon} for t in ("t1", "t2")]
    instance = make(klass("c1", MON, MON, item("a", teachers=["t1"])),
                    klass("c2", MON, MON, item("b", teachers=["t2"])),
                    venues=[room("r1"), room("r2", unavailable=afternoon)], teachers=teachers,
                    weights=only(teacher_preference=2))
    expansion = expand(instance)
    result = solve_expansion(expansion, TIMES_FIRST)
    assert result.stats.venues_unfit == 1
    plan = to_plan(expansion, result)
    assert validate_plan(instance, plan) == []
    assert result.objective == 2 == sum(p.penalty for p in score_plan(instance, plan))


def test_the_times_only_bound_counts_each_audience_between_two_venue_sizes():
    # Rooms of 30, 30 and 100 seats; classes of 75, 65 and 31 in the one Monday morning. Best:
    # 75 in the 100 room, 65 (35 missing) and 31 (1 missing) in the 30 rooms: 36. A bound that
    # counted only the seats up to the smallest audience above 30 would say 2.
    instance = _one_morning((75, 65, 31), {"r30": 30, "r30b": 30, "r100": 100})
    _, solver, status = _solve_times_only(instance)
    assert status == cp_model.OPTIMAL and round(solver.objective_value) == 36
    result = solve_expansion(expand(instance), TIMES_FIRST)
    assert result.objective == 36 and result.bound == 36


def test_sessions_at_one_home_venue_in_one_block_cost_a_second_venue():
    # Two classes of one session each on one Monday, two rooms. With both items at home in r1,
    # the homes model keeps them in different blocks (0); held together in the morning, one of
    # them must sit elsewhere: 1 (item_room_stability's weight).
    from scheduler.solve.staged import with_homes

    instance = make(klass("c1", MON, MON, item("a")), klass("c2", MON, MON, item("b")),
                    venues=[room("r1"), room("r2")], weights=only(item_room_stability=1))
    times = build_model(expand(instance), venues=False)
    homed = with_homes(times, {("c1", "a"): "r1", ("c2", "b"): "r1"})
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(homed.model) == cp_model.OPTIMAL and solver.objective_value == 0
    assert len({read_assignment(sv, solver).slot_position for sv in homed.sessions}) == 2
    for sv in homed.sessions:
        homed.model.add(sv.x[0] == 1)
    assert solver.solve(homed.model) == cp_model.OPTIMAL and solver.objective_value == 1
    # The times model itself is untouched: both in the morning cost nothing there.
    for sv in times.sessions:
        times.model.add(sv.x[0] == 1)
    assert solver.solve(times.model) == cp_model.OPTIMAL and solver.objective_value == 0


def test_venues_for_fixed_times_keep_an_item_in_one_venue():
    # Two rooms alike. Class a (30) has sessions in the morning and the afternoon, class b (40)
    # one in the afternoon. Block by block, a would take r1 in the morning and, b (larger)
    # having r1 in the afternoon, r2 there: two venues. An item at a time, b goes first to r1
    # and a takes r2, free at both of its sessions.
    from scheduler.solve.staged import greedy_venues

    instance = make(klass("a", MON, MON, item("x", sessions=2), trainees=30),
                    klass("b", MON, MON, item("y"), trainees=40),
                    venues=[room("r1"), room("r2")],
                    teachers=[{"id": t, "name": f"{t}老师", "kind": "fulltime", "township": "qy",
                               "topics": ["A"]} for t in ("t1", "t2")],
                    weights=only(item_room_stability=1))
    expansion = expand(instance)
    whole, times = build_model(expansion), build_model(expansion, venues=False)
    b_session = next(sv for sv in times.sessions if sv.session.owner.id == "b")
    times.model.add(b_session.x[1] == 1)  # b in the afternoon
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(times.model) == cp_model.OPTIMAL
    chosen = greedy_venues(whole, {a.session_id: a for a in read_assignments(times, solver)}, {})
    a_venues = {chosen[sv.session.id] for sv in times.sessions if sv.session.owner.id == "a"}
    assert a_venues == {"r2"} and chosen[b_session.session.id] == "r1"


def test_the_times_search_in_slices_starts_from_the_first_plans_true_penalties():
    """The times model is a relaxation of the whole one, and the search in slices starts from
    the first plan's times with their least soft terms: what it reports is never above the
    first complete plan's objective, and both of its searches had slices. (Started from the
    first plan's raw soft terms, a generated CB-CTT-like instance's times model read about three
    times the plan's cost, and its LP subsolvers' turns left CP-SAT no time to bring it down.)"""
    from benchmarks.cbctt.family import generate
    from benchmarks.cbctt.importer import to_instance

    problem, _ = generate(1, "g")
    expansion = expand(to_instance(problem))
    options = SolveOptions(time_limit=3, workers=1, seed=0, deterministic=True, interleave=True, lns=False,
                           times_first=True, times_slices=True)
    result = solve_expansion(expansion, options)
    stats = result.stats
    assert "lp×" in stats.times_slices and "lean×" in stats.times_slices
    assert stats.first_objective is not None and stats.times_objective is not None
    assert stats.times_objective <= stats.first_objective
    assert result.objective <= stats.first_objective


def test_the_slices_go_to_the_search_that_gained_more_per_second():
    from scheduler.solve.portfolio import Arm, choose

    lp, lean = Arm("lp", lean=False), Arm("lean", lean=True)
    assert choose([lp, lean], None) is lp  # each has one slice first
    lp.rate = 2.0
    assert choose([lp, lean], lp) is lean
    lean.rate = 5.0
    assert choose([lp, lean], lean) is lean
    lean.rate = 0.0
    assert choose([lp, lean], lean) is lp
    lp.rate = 0.0
    assert choose([lp, lean], lp) is lean  # neither gained: the other one
