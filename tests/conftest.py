"""Fixtures shared by several test modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.domain.loading import load_instance
from scheduler.expand import expand
from scheduler.solve import SolveOptions, solve_expansion

QINGXU = Path(__file__).resolve().parents[1] / "instances" / "qingxu-2023-spring.yaml"


@pytest.fixture(scope="session")
def qingxu_first_plan():
    """The bundled qingxu instance, its expansion and its first plan (phase 1 only, not by
    parts: far from optimal, so that searches have something to improve)."""
    instance = load_instance(QINGXU)
    expansion = expand(instance)
    result = solve_expansion(expansion, SolveOptions(time_limit=0.5, workers=1, seed=0, lns=False,
                                                     decompose=False))
    assert result.has_plan
    return instance, expansion, {a.session_id: a for a in result.assignments}
