"""A one-worker seeded solve gives the same plan, byte for byte, on both bundled counties.

The stored plans are the engine's answer at a fixed deterministic budget: a refactoring must
leave them unchanged; a change to the search that moves them is deliberate and rewrites them
(`python -m tests.test_repeatable_plans`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from scheduler.domain.loading import load_instance
from scheduler.expand import expand
from scheduler.solve import SolveOptions, solve_expansion, to_plan

ROOT = Path(__file__).resolve().parents[1]
STORED = Path(__file__).parent / "data" / "plans"
NAMES = ("qingxu-2023-spring", "jiaocheng-2022")


def seeded_plan(name: str) -> str:
    """The plan of a one-worker run with seed 0 and two deterministic seconds, as JSON text
    without its solve time (the one field that depends on the machine)."""
    expansion = expand(load_instance(ROOT / "instances" / f"{name}.yaml"))
    result = solve_expansion(expansion, SolveOptions(time_limit=2.0, workers=1, seed=0))
    assert result.has_plan and not result.stats.wall_cut
    plan = json.loads(to_plan(expansion, result).model_dump_json())
    plan.pop("solve_seconds")
    return json.dumps(plan, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


@pytest.mark.parametrize("name", NAMES)
def test_a_seeded_one_worker_plan_is_the_stored_one(name):
    assert seeded_plan(name) == (STORED / f"{name}-seed0.json").read_text(encoding="utf-8")


if __name__ == "__main__":  # rewrite the stored plans after a deliberate change to the search
    for name in sys.argv[1:] or NAMES:
        (STORED / f"{name}-seed0.json").write_text(seeded_plan(name), encoding="utf-8")
