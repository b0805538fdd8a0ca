"""Two neighbourhoods at once (solve/lanes.py): never two in flight that share a resource,
every item worked and its answer taken, passes over those not done, errors raised."""

import threading
import time

import pytest

from scheduler.check import validate_plan
from scheduler.solve import to_plan
from scheduler.solve.budget import Budget
from scheduler.solve.decompose import components, sweep
from scheduler.solve.lanes import Lanes, resources
from scheduler.solve.result import Result


def _items():
    # item name -> resources: a/b share "x", c/d share "y", e shares nothing
    return {"a": {"x", "1"}, "b": {"x", "2"}, "c": {"y"}, "d": {"y", "3"}, "e": {"4"}}


def test_two_items_that_share_a_resource_are_never_in_flight_together():
    needs = {name: frozenset(r) for name, r in _items().items()}
    in_flight: set[str] = set()
    clashes: list[tuple[str, str]] = []
    overlapped = threading.Event()
    lock = threading.Lock()

    def work(item, plan, n):
        with lock:
            for other in in_flight:
                if not needs[item].isdisjoint(needs[other]):
                    clashes.append((item, other))
            if in_flight:
                overlapped.set()
            in_flight.add(item)
        time.sleep(0.05)
        with lock:
            in_flight.discard(item)
        return {item: n}, True

    plan: dict = {}
    done = Lanes(plan, needs.__getitem__, 2).run(list(needs), work, lambda: True)
    assert done == 5 and clashes == []
    assert overlapped.is_set()  # two lanes did work at once
    assert set(plan) == set(needs) and sorted(plan.values()) == list(range(5))


def test_items_not_done_come_back_in_a_later_pass_while_more_allows():
    needs = {name: frozenset(r) for name, r in _items().items()}
    seen: list[str] = []

    def work(item, plan, n):
        seen.append(item)
        return {}, item != "c" or seen.count("c") >= 3  # c is done on its third try

    done = Lanes({}, needs.__getitem__, 2).run(list(needs), work, lambda: True)
    assert seen.count("c") == 3 and done == 7
    calls: list[str] = []

    def never_done(item, plan, n):
        calls.append(item)
        return {}, False

    done = Lanes({}, needs.__getitem__, 2).run(list(needs), never_done, lambda: len(calls) < 20)
    assert 20 <= done <= 21 and set(calls) == set(needs)  # passes go on until more() says no


def test_an_error_in_a_lane_is_raised_by_run():
    needs = {name: frozenset(r) for name, r in _items().items()}

    def work(item, plan, n):
        if item == "b":
            raise ValueError("b")
        time.sleep(0.01)
        return {}, True

    with pytest.raises(ValueError):
        Lanes({}, needs.__getitem__, 2).run(list(needs), work, lambda: True)


def test_components_of_qingxu_join_through_teachers_and_venues(qingxu_first_plan):
    _, expansion, _ = qingxu_first_plan
    parts = components(expansion)
    needs = [resources(part) for part in parts]
    assert len(parts) > 1
    # classes never join two components; their teachers and venues may
    assert all(not any(kind == "class" for kind, _ in a & b) for i, a in enumerate(needs) for b in needs[i + 1:])


def test_a_sweep_in_two_lanes_keeps_every_rule_and_never_makes_the_plan_worse(qingxu_first_plan):
    from scheduler.solve.evaluation import exact_penalties
    from scheduler.solve.model import build_model
    from scheduler.solve.variables import plan_values

    instance, expansion, plan = qingxu_first_plan
    swept = dict(plan)
    steps = []
    done = sweep(expansion, swept, Budget(20, repeatable=False), seed=0,
                 skip_rules=frozenset({"fulltime_balance"}), step=lambda current: steps.append(len(current)),
                 lanes=2)
    assert done > 0 and steps and set(steps) == {len(plan)}
    result = Result("FEASIBLE", 0, 0, 0.0, 0.0, [swept[s.id] for s in expansion.sessions])
    assert validate_plan(instance, to_plan(expansion, result)) == []
    ctx = build_model(expansion, frozenset({"fulltime_balance"}))
    before = exact_penalties(ctx, plan_values(ctx, plan))[0]
    after = exact_penalties(ctx, plan_values(ctx, swept))[0]
    assert after < before
