"""A short fixed-seed run of the differential test of the faces (benchmarks/differential.py).

Random small counties through `check`, `solve`, `validate` and `explain`; solved plans broken
one hard rule at a time. Every expectation that fails is a disagreement between faces.
"""

from __future__ import annotations

from benchmarks.differential import MUTATIONS, random_instance, run
from scheduler.domain import Instance
from scheduler.rules import HARD_RULES


def test_generated_instances_load_and_use_joint_sessions_and_limits():
    instances = [random_instance(seed) for seed in range(40)]
    for data in instances:
        Instance.model_validate(data)
    items = [i for d in instances for c in d["classes"] for i in c["curriculum"]]
    teachers = [t for d in instances for t in d["teachers"]]
    assert any(i.get("joint_with") for i in items) and any(i.get("teachers") for i in items)
    assert any(t.get("townships") for t in teachers) and any(t.get("tiers") for t in teachers)
    assert any(t.get("obligations") for t in teachers)
    assert any(c.get("four_plus_n") for d in instances for c in d["classes"])


def test_every_hard_rule_has_a_plan_mutation():
    assert {rule.id for rule in HARD_RULES} <= {rule for rule, _ in MUTATIONS}


def test_faces_agree_on_random_small_counties():
    summary = run(instances=25, seed=17)
    assert summary.exit3 == 0
    assert summary.disagreements == []
    assert summary.verdicts["feasible"] >= 5
    assert sum(summary.caught.values()) == sum(summary.mutations.values()) > 0
