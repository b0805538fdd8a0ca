"""Each soft rule, solver side: the model prefers the plan that does not bend the rule.

For every soft rule of scheduler.rules.SOFT_RULES: one small instance (tests/builders.py plus a
second township, a three-block township school and a few venues and teachers) in which a
*puller* (another soft rule) pulls the other way. All other soft rules are weighted 0.

* Relaxed: with the rule's weight 0 the solver follows the puller, and its optimal plan bends
  the rule (counted by the independent checker on the same instance with the rule weighted 1).
  So a plan bending the rule exists under the hard rules, and the strict case can fail.
* Strict: with the rule weighted above the puller the solver proves optimal a plan that does
  not bend it, paying the puller a known number of times.

Both times the solver's plan passes every hard check, and the checker's score agrees with the
solver's: violations per rule equal `soft_violations`, the penalties sum to `objective`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from builders import BASE, item, klass, make

from scheduler.check import score_plan, validate_plan
from scheduler.domain import Instance
from scheduler.expand import expand
from scheduler.rules import SOFT_RULE_IDS, SOFT_RULES
from scheduler.solve import SolveOptions, solve_expansion, to_plan
from scheduler.solve.soft import SOFT_RULE_MODULES

MON, TUE, WED = "2024-03-04", "2024-03-05", "2024-03-06"
OPTIONS = SolveOptions(time_limit=10, workers=1, seed=0)

TOWNSHIPS = [*BASE["townships"], {"id": "dy", "name": "东于镇"}]
COUNTY = BASE["sites"][0]
DY_SCHOOL = {"id": "dy_school", "name": "东于镇党校", "tier": "township", "township": "dy",
             "blocks": [{"name": "上午", "start": "08:30", "end": "11:30"},
                        {"name": "下午", "start": "14:30", "end": "17:30"},
                        {"name": "晚上", "start": "19:00", "end": "21:00"}]}
SITES = [COUNTY, DY_SCHOOL]
TOPICS = [{"id": "A", "name": "政治理论", "kind": "theory"},
          {"id": "B", "name": "种植技术", "kind": "practice"}]
AFTERNOON = [{"blocks": ["下午"]}]


def venue(venue_id: str, kind: str = "classroom", capacity: int = 50, **extra) -> dict:
    place = {"township": "qy"} if kind == "field" else {"site": "county"}
    return {"id": venue_id, "name": f"场地{venue_id}", "kind": kind, "capacity": capacity,
            **place, **extra}


def teacher(teacher_id: str, kind: str = "fulltime", township: str = "qy",
            topics: tuple[str, ...] = ("A", "B"), **extra) -> dict:
    return {"id": teacher_id, "name": f"{teacher_id}老师", "kind": kind, "township": township,
            "topics": list(topics), **extra}


def at_dy(term_class: dict) -> dict:
    return {**term_class, "site": "dy_school"}


def only(**weights: int) -> dict[str, int]:
    """Every soft rule weighted 0 except those given."""
    return {**{rule_id: 0 for rule_id in SOFT_RULE_IDS}, **weights}


def instance_of(*classes: dict, **changes) -> Instance:
    defaults = {"townships": TOWNSHIPS, "sites": SITES, "topics": TOPICS}
    return make(*classes, **{**defaults, **changes})


@dataclass(frozen=True)
class Case:
    build: Callable[[dict[str, int]], Instance]  # the instance under the given weights
    puller: str  # the soft rule that pulls towards bending the rule under test
    bent: int  # violations of the rule in the relaxed optimum (rule weight 0)
    strict: int  # the rule's weight in the strict case
    puller_weight: int
    paid: int  # the puller's violations in the strict optimum
    note: str
    relaxed_paid: int = 0  # the puller's violations in the relaxed optimum


# --- the instances ----------------------------------------------------------------------------

def travel_places(weights):
    # c1 at the county school (qy), c2 at the dy school, both on Monday only. The full-time t1
    # can teach both (two townships that Monday); p1 (part-time, dy only) teaching theory is a
    # mode misfit.
    return instance_of(
        klass("c1", MON, MON, item("a")), at_dy(klass("c2", MON, MON, item("b"))),
        venues=[venue("r1"), {**venue("dy_room"), "site": "dy_school"}],
        teachers=[teacher("t1"), teacher("p1", "parttime", "dy", townships=["dy"])],
        weights=weights)


def travel_minutes(weights):
    # One session at the dy school; t1 lives in qy (25 minutes away: 3 units), t3 in dy but
    # would rather not teach on Mondays.
    return instance_of(
        at_dy(klass("c1", MON, MON, item("a"))),
        venues=[{**venue("dy_room"), "site": "dy_school"}],
        teachers=[teacher("t1"), teacher("t3", township="dy", avoids=[{"weekdays": [1]}])],
        travel=[{"between": ["dy", "qy"], "minutes": 25}], weights=weights)


def class_isolated(weights):
    # Two sessions of one item, Monday or Tuesday: on one day they fill it (item_spread 1),
    # on two days each is an isolated block.
    return instance_of(klass("c1", MON, TUE, item("a", sessions=2)), weights=weights)


def class_empty_day(weights):
    # a only on Monday, b on Tuesday or Wednesday; both teachers would rather not teach on
    # Tuesdays, so b on Wednesday leaves Tuesday empty.
    return instance_of(
        klass("c1", MON, WED, item("a", unavailable=[{"weekdays": [2, 3]}]),
              item("b", unavailable=[{"weekdays": [1]}])),
        teachers=[teacher("t1", avoids=[{"weekdays": [2]}]),
                  teacher("t2", avoids=[{"weekdays": [2]}])],
        weights=weights)


def item_spread(weights):
    # As for class_isolated, the other way round.
    return class_isolated(weights)


def topic_repeat(weights):
    # Three sessions fill Monday at the three-block dy school: a and b of topic A (t2 only),
    # c of topic B (t1 only, who prefers the evening). c in the evening puts a and b back to back.
    return instance_of(
        at_dy(klass("c1", MON, MON, item("a"), item("b"), item("c", "B"))),
        venues=[{**venue("dy_room"), "site": "dy_school"}],
        teachers=[teacher("t1", topics=("B",), prefers=[{"blocks": ["晚上"]}]),
                  teacher("t2", topics=("A",))],
        weights=weights)


def teacher_mode_fit(weights):
    # A theory session and a practice session on Monday; the full-time t1 would rather not
    # teach on Mondays, the expert e1 has no wishes (theory by the expert is a misfit).
    return instance_of(
        klass("c1", MON, MON, item("a", "A"), item("b", "B")),
        teachers=[teacher("t1", avoids=[{"weekdays": [1]}]), teacher("e1", "expert")],
        weights=weights)


def fulltime_balance(weights):
    # Two sessions, two full-time teachers; t2 would rather not teach at all.
    return instance_of(
        klass("c1", MON, TUE, item("a", sessions=2)),
        teachers=[teacher("t1"), teacher("t2", avoids=[{"weekdays": [1, 2, 3, 4, 5]}])],
        weights=weights)


def teacher_preference(weights):
    # t1 prefers mornings and avoids afternoons (an afternoon session bends it twice); the class
    # prefers r2, which is free only in the afternoon.
    return instance_of(
        klass("c1", MON, MON, item("a")) | {"preferred_venues": ["r2"]},
        venues=[venue("r1"), venue("r2", unavailable=[{"blocks": ["上午"]}])],
        teachers=[teacher("t1", prefers=[{"blocks": ["上午"]}], avoids=AFTERNOON)],
        weights=weights)


def class_venue_preference(weights):
    # A joint session of c1 (30) and c2 (20), both preferring the small room (20 seats, 30
    # allowed over): elsewhere it bends the rule once per class; there it misses 30 seats.
    # c2's own item is online (no venue).
    return instance_of(
        klass("c1", MON, MON, item("a", joint_with=["c2"])) | {"preferred_venues": ["small"]},
        klass("c2", MON, MON, item("x", mode="online"), trainees=20)
        | {"preferred_venues": ["small"]},
        venues=[venue("r1"), venue("small", capacity=20, overflow=30)],
        weights=weights)


def class_room_stability(weights):
    # Two sessions fill Monday; the class prefers r1, which is closed in the afternoon.
    return instance_of(
        klass("c1", MON, MON, item("a"), item("b")) | {"preferred_venues": ["r1"]},
        venues=[venue("r1", unavailable=AFTERNOON), venue("r2")],
        weights=weights)


def item_room_stability(weights):
    # Two field sessions of one item fill Monday; the class prefers field_qy, which is closed
    # in the afternoon. (Field venues count here, unlike for class_room_stability.)
    return instance_of(
        klass("c1", MON, MON, item("f", mode="field", sessions=2))
        | {"preferred_venues": ["field_qy"]},
        venues=[venue("r1"), venue("field_qy", "field", unavailable=AFTERNOON),
                venue("field_dy", "field")],
        weights=weights)


def soft_capacity(weights):
    # 30 trainees; the class prefers the small room (20 seats, 15 allowed over).
    return instance_of(
        klass("c1", MON, MON, item("a")) | {"preferred_venues": ["small"]},
        venues=[venue("r1"), venue("small", capacity=20, overflow=15)],
        weights=weights)


CASES: dict[str, Case] = {
    "travel_places": Case(travel_places, "teacher_mode_fit", 1, 5, 3, 1,
                          "t1 teaches both (qy and dy on Monday) or p1 teaches c2"),
    "travel_minutes": Case(travel_minutes, "teacher_preference", 3, 2, 1, 1,
                           "t1 travels 25 minutes or t3 teaches on a Monday"),
    "class_isolated": Case(class_isolated, "item_spread", 2, 3, 1, 1,
                           "two days with an isolated block each, or one day"),
    "class_empty_day": Case(class_empty_day, "teacher_preference", 1, 5, 2, 1,
                            "b on Wednesday (Tuesday empty) or on the avoided Tuesday"),
    "item_spread": Case(item_spread, "class_isolated", 1, 5, 1, 2,
                        "both sessions on one day, or two isolated blocks"),
    "topic_repeat": Case(topic_repeat, "teacher_preference", 1, 5, 2, 1,
                         "A, A, B or A, B, A with B outside the preferred evening"),
    "teacher_mode_fit": Case(teacher_mode_fit, "teacher_preference", 1, 3, 2, 1,
                             "theory by the expert, or by t1 on an avoided Monday"),
    "fulltime_balance": Case(fulltime_balance, "teacher_preference", 2, 2, 1, 1,
                             "t1 teaches both (2 - 0), or t2 teaches one unwillingly"),
    "teacher_preference": Case(teacher_preference, "class_venue_preference", 2, 3, 2, 1,
                               "afternoon in r2 (avoided and not preferred), or r1 in the morning"),
    "class_venue_preference": Case(class_venue_preference, "soft_capacity", 2, 20, 1, 30,
                                   "joint session in r1 (two classes), or 30 seats short"),
    "class_room_stability": Case(class_room_stability, "class_venue_preference", 1, 5, 2, 2,
                                 "r1 then r2, or r2 twice (neither preferred)", 1),
    "item_room_stability": Case(item_room_stability, "class_venue_preference", 1, 5, 2, 2,
                                "field_qy then field_dy, or field_dy twice", 1),
    "soft_capacity": Case(soft_capacity, "class_venue_preference", 10, 1, 5, 1,
                          "the small room (10 seats short), or r1 (not preferred)"),
}


# --- helpers ----------------------------------------------------------------------------------

def solve(instance: Instance):
    expansion = expand(instance)
    result = solve_expansion(expansion, OPTIONS)
    assert result.status == "OPTIMAL", result.stats
    plan = to_plan(expansion, result)
    assert validate_plan(instance, plan) == []
    return result, plan


def assert_checker_agrees(instance: Instance, result, plan) -> None:
    """The checker's violations per rule are the solver's, and its penalties sum to the objective."""
    penalties = score_plan(instance, plan)
    assert {p.rule: p.violations for p in penalties} == result.soft_violations
    assert sum(p.penalty for p in penalties) == pytest.approx(result.objective)


def count(case: Case, rule: str, plan) -> int:
    """The rule's violations in the plan, scored on the case's instance with the rule weighted 1."""
    instance = case.build(only(**{rule: 1}))
    assert validate_plan(instance, plan) == []
    return next(p.violations for p in score_plan(instance, plan) if p.rule == rule)


# --- the tests --------------------------------------------------------------------------------

def test_every_soft_rule_has_a_model_module_and_a_case():
    assert len(SOFT_RULES) == 13
    assert set(SOFT_RULE_MODULES) == set(SOFT_RULE_IDS)
    assert all(module.RULE_ID == rule_id for rule_id, module in SOFT_RULE_MODULES.items())
    assert set(CASES) == set(SOFT_RULE_IDS)
    assert all(case.puller != rule_id for rule_id, case in CASES.items())


@pytest.mark.parametrize("rule", SOFT_RULE_IDS)
def test_solver_prefers_the_plan_that_keeps_the_rule(rule):
    case = CASES[rule]

    # Relaxed: the puller alone decides, and its optimum bends the rule.
    relaxed = case.build(only(**{case.puller: case.puller_weight}))
    result, plan = solve(relaxed)
    assert_checker_agrees(relaxed, result, plan)
    assert result.soft_violations == {case.puller: case.relaxed_paid}, case.note
    assert result.objective == pytest.approx(case.puller_weight * case.relaxed_paid)
    assert count(case, rule, plan) == case.bent, case.note

    # Strict: the rule outweighs the puller; the optimum keeps the rule and pays the puller.
    strict = case.build(only(**{rule: case.strict, case.puller: case.puller_weight}))
    result, plan = solve(strict)
    assert_checker_agrees(strict, result, plan)
    assert result.soft_violations == {rule: 0, case.puller: case.paid}, case.note
    assert result.objective == pytest.approx(case.puller_weight * case.paid)
    assert count(case, rule, plan) == 0


# --- known defects ----------------------------------------------------------------------------

def field_session_away_from_home() -> Instance:
    """One field session at the dy school taught by a full-time teacher from qy, 15 minutes
    away: optimum 4 × 2 (travel_minutes) + 3 × 1 (class_isolated) + 2 × 1 (teacher_mode_fit)."""
    return instance_of(
        at_dy(klass("c1", "2024-03-07", "2024-03-08", item("f", mode="field"), trainees=43)),
        venues=[{**venue("fd", "field"), "township": "dy"}],
        teachers=[teacher("t2", topics=("A",)), teacher("t3", topics=("A",))],
        travel=[{"between": ["qy", "dy"], "minutes": 15}],
        weights=only(travel_minutes=4, class_isolated=3, teacher_mode_fit=2))


def test_a_proven_optimum_is_reported_optimal():
    instance = field_session_away_from_home()
    expansion = expand(instance)
    result = solve_expansion(expansion, OPTIONS)
    assert result.stats.phase2_status == "OPTIMAL"
    assert result.objective == 13
    assert result.status == "OPTIMAL"


def test_the_objective_is_the_exact_sum_of_the_checker_penalties():
    instance = field_session_away_from_home()
    expansion = expand(instance)
    result = solve_expansion(expansion, OPTIONS)
    penalties = score_plan(instance, to_plan(expansion, result))
    assert sum(p.penalty for p in penalties) == 13
    assert result.objective == 13


def test_an_items_attendance_decides_the_seats_it_needs():
    """30 trainees, but only 18 attend the elective: the preferred 20-seat room costs nothing."""
    def elective(attendance):
        return instance_of(
            klass("c1", MON, MON, item("a", attendance=attendance)) | {"preferred_venues": ["small"]},
            venues=[venue("r1"), venue("small", capacity=20, overflow=15)],
            weights=only(soft_capacity=1, class_venue_preference=5))

    result, plan = solve(elective(18))
    assert plan.sessions[0].venue == "small" and result.objective == 0
    result, plan = solve(elective(34))  # 14 seats short costs more than leaving the preferred room
    assert plan.sessions[0].venue == "r1" and result.objective == 5
    assert_checker_agrees(elective(34), result, plan)


def test_a_one_session_item_with_min_days_above_one_counts_the_missing_day():
    instance = instance_of(klass("c1", MON, MON, item("a", min_days=2)), weights=only(item_spread=5))
    result, plan = solve(instance)
    assert result.objective == 5 and result.soft_violations == {"item_spread": 1}
    assert_checker_agrees(instance, result, plan)
