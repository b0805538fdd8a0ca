"""Every registered rule has all its faces, read from the registry (scheduler.rules): a model
module, a checker, a behaviour case, and for a hard rule an `explain` relaxation group.

A rule added to HARD_RULES or SOFT_RULES without one of them fails here, naming what is missing.
"""

from __future__ import annotations

import importlib

import pytest
import test_rule_cases
import test_solve_rules
import test_solve_soft

from scheduler.check import CHECKS, SOFT_CHECKS
from scheduler.explain.groups import GROUP_KINDS, NOT_RELAXED, rule_of
from scheduler.rules import HARD_RULES, SOFT_RULES

HARD_IDS = [rule.id for rule in HARD_RULES]
SOFT_IDS = [rule.id for rule in SOFT_RULES]
FACES = [("scheduler.solve.rules", "scheduler.check.hard", rule_id) for rule_id in HARD_IDS] + \
        [("scheduler.solve.soft", "scheduler.check.soft", rule_id) for rule_id in SOFT_IDS]


@pytest.mark.parametrize("model_package, check_package, rule_id", FACES)
def test_every_rule_has_a_model_module_and_a_check_module(model_package, check_package, rule_id):
    model = importlib.import_module(f"{model_package}.{rule_id}")
    assert model.RULE_ID == rule_id and callable(model.post)
    check = importlib.import_module(f"{check_package}.{rule_id}")
    assert callable(getattr(check, f"check_{rule_id}"))


def test_the_checker_registries_list_every_rule_in_registry_order():
    assert list(CHECKS) == HARD_IDS
    assert list(SOFT_CHECKS) == SOFT_IDS


def test_every_hard_rule_has_a_behaviour_case():
    """Posted rules: left out of the model, a plan breaks them (test_solve_rules); rules the
    expansion enforces: the plan keeps them and the checker catches a break (test_rule_cases)."""
    posted, constructed = set(test_solve_rules.CASES), set(test_rule_cases.CASES)
    assert not posted & constructed
    missing = [rule_id for rule_id in HARD_IDS if rule_id not in posted | constructed]
    assert not missing, f"hard rules without a behaviour case: {missing}"
    assert posted | constructed == set(HARD_IDS)


def test_every_soft_rule_has_a_behaviour_case():
    missing = [rule_id for rule_id in SOFT_IDS if rule_id not in test_solve_soft.CASES]
    assert not missing, f"soft rules without a behaviour case: {missing}"
    assert set(test_solve_soft.CASES) == set(SOFT_IDS)


def test_every_hard_rule_has_an_explain_relaxation_group():
    relaxed = {rule_of(kind) for kind in GROUP_KINDS}
    assert relaxed <= set(HARD_IDS), f"groups of no registered rule: {sorted(relaxed - set(HARD_IDS))}"
    assert set(NOT_RELAXED) <= set(HARD_IDS) and not set(NOT_RELAXED) & relaxed
    missing = [rule_id for rule_id in HARD_IDS if rule_id not in relaxed and rule_id not in NOT_RELAXED]
    assert not missing, f"hard rules explain cannot relax: {missing}"
    assert len(set(GROUP_KINDS)) == len(GROUP_KINDS)


def test_every_explain_group_kind_has_a_sentence():
    from scheduler.explain.describe import Writer
    writer = object.__new__(Writer)  # the table of sentences needs no instance data
    assert set(writer.sentences()) == set(GROUP_KINDS)
