"""Property: for generated small instances, every plan the solver returns passes the checker,
and an instance the solver calls infeasible really has no plan for the greedy either."""

from __future__ import annotations

import datetime as dt

from builders import BASE, make
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.check import validate_plan
from scheduler.expand import expand
from scheduler.solve import SolveOptions, solve_expansion, to_plan
from scheduler.solve.greedy import greedy_plan

TOPICS = ["A", "B"]
TERM_START = dt.date(2024, 3, 4)


@st.composite
def instances(draw):
    teachers = []
    for n in range(draw(st.integers(1, 4))):
        teachers.append({
            "id": f"t{n}", "name": f"教师{n}", "kind": draw(st.sampled_from(["fulltime", "cadre", "expert"])),
            "township": "qy", "topics": draw(st.lists(st.sampled_from(TOPICS), min_size=1, max_size=2, unique=True)),
            "max_per_day": draw(st.one_of(st.none(), st.integers(1, 2))),
            "unavailable": draw(st.lists(st.builds(lambda d: {"weekdays": [d]}, st.integers(1, 5)), max_size=1)),
        })
    classes = []
    for c in range(draw(st.integers(1, 3))):
        first = draw(st.integers(0, 3))
        last = draw(st.integers(first, 4))
        items = []
        for i in range(draw(st.integers(1, 3))):
            items.append({"id": f"i{i}", "topic": draw(st.sampled_from(TOPICS)), "title": f"课{i}",
                          "sessions": draw(st.integers(1, 2)),
                          "mode": draw(st.sampled_from(["lecture", "online", "interactive"]))})
        if len(items) > 1 and draw(st.booleans()):
            items[0]["first"] = True
        if len(items) > 2 and draw(st.booleans()):
            items[2]["after"] = ["i1"]
        classes.append({"id": f"c{c}", "name": f"班{c}", "site": "county",
                        "trainees": draw(st.integers(10, 60)),
                        "start": (TERM_START + dt.timedelta(days=first)).isoformat(),
                        "end": (TERM_START + dt.timedelta(days=last)).isoformat(),
                        "curriculum": items})
    if len(classes) > 1 and draw(st.booleans()):
        classes[0]["curriculum"][0]["joint_with"] = [classes[1]["id"]]
    return make(*classes, teachers=teachers, venues=BASE["venues"])


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_every_plan_passes_the_checker(instance):
    expansion = expand(instance)
    result = solve_expansion(expansion, SolveOptions(time_limit=5, workers=1))
    assert result.status in ("OPTIMAL", "FEASIBLE", "INFEASIBLE")
    if result.has_plan:
        assert validate_plan(instance, to_plan(expansion, result)) == []
    else:
        placements = greedy_plan(expansion)
        assert len(placements) < len(expansion.sessions)
