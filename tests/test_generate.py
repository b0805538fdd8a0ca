"""The synthetic generator and the bundled instances: determinism, sizes, round trip, feasibility."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest

from scheduler.check import validate_plan
from scheduler.domain.loading import load_instance
from scheduler.domain.values import Tier
from scheduler.generate import dump_instance, generate, generate_with_plan

INSTANCES = Path(__file__).resolve().parent.parent / "instances"


def session_count(instance) -> int:
    return sum(item.sessions for c in instance.classes for item in c.curriculum)


@pytest.fixture(scope="module")
def small():
    return generate_with_plan("S", 1)


def test_same_seed_same_yaml(small):
    assert dump_instance(generate("S", 1)) == dump_instance(small[0])


def test_different_seed_different_yaml(small):
    assert dump_instance(generate("S", 2)) != dump_instance(small[0])


def test_small_has_the_issue_counts(small):
    instance = small[0]
    tiers = Counter(site.tier for site in instance.sites)
    assert tiers[Tier.COUNTY] == 1
    assert tiers[Tier.TOWNSHIP] == 4
    assert tiers[Tier.VILLAGE] == 20
    assert len(instance.townships) == 4
    assert len(instance.teachers) == 40
    assert 300 <= session_count(instance) <= 500
    assert (instance.term.end - instance.term.start).days + 1 == 8 * 7
    assert instance.term.start.year in (2024, 2025)


def test_small_has_every_kind_of_record(small):
    instance = small[0]
    kinds = {t.kind for t in instance.teachers}
    assert len(kinds) == 4
    items = [item for c in instance.classes for item in c.curriculum]
    assert any(item.joint_with for item in items)
    assert any(item.first for item in items) and any(item.last for item in items)
    assert any(item.after for item in items)
    assert any(item.mode.value == "field" for item in items)
    assert any(c.four_plus_n for c in instance.classes)
    assert any(t.obligations for t in instance.teachers)
    assert any(b.teacher_kinds for b in instance.blackouts)
    assert sum(t.main for t in instance.topics) == 4


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_witness_plan_passes_the_checker(seed):
    instance, plan = generate_with_plan("S", seed)
    assert len(plan.sessions) == session_count(instance)
    assert validate_plan(instance, plan) == []


def test_dumped_yaml_loads_back_equal(small, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(dump_instance(small[0]), encoding="utf-8")
    assert load_instance(path) == small[0]


def test_dump_leaves_out_defaults(small):
    text = dump_instance(small[0])
    assert "timezone:" not in text
    assert "observe_holidays:" not in text
    assert "mode: lecture" not in text
    assert "sessions: 1\n" not in text
    assert "null" not in text


@pytest.fixture(scope="module")
def medium():
    return generate("M", 1)


def test_medium_counts(medium):
    assert len(medium.teachers) == 200
    assert sum(site.tier is Tier.VILLAGE for site in medium.sites) == 120
    assert 2500 <= session_count(medium) <= 3500


# The generator's output, byte for byte: a change here must be deliberate (and re-recorded).
DIGESTS = {
    ("S", 1): "589aae385fb71c1db4e64729aacda0928896f8e41fbcdf53e732f6195cf2a6ec",
    ("S", 2): "e6cf0e6db4efd07b913d51742dff869763366ad023ffafaeec50bb3cc08345de",
}
MEDIUM_DIGEST = "43697a2789df420959b0ec9e330eb28126c20660ec33944c540ab8e0313358d6"


def digest(instance) -> str:
    return hashlib.sha256(dump_instance(instance).encode("utf-8")).hexdigest()


@pytest.mark.parametrize(("size", "seed"), list(DIGESTS))
def test_small_yaml_has_the_stored_digest(size, seed, small):
    instance = small[0] if seed == 1 else generate(size, seed)
    assert digest(instance) == DIGESTS[(size, seed)]


def test_medium_yaml_has_the_stored_digest(medium):
    assert digest(medium) == MEDIUM_DIGEST


def test_unknown_size():
    with pytest.raises(ValueError):
        generate("XL", 1)


@pytest.mark.parametrize("name", ["jiaocheng-2022.yaml", "qingxu-2023-spring.yaml"])
def test_bundled_instances_load(name):
    instance = load_instance(INSTANCES / name)
    assert instance.classes and instance.teachers


def test_jiaocheng_keeps_the_real_year():
    instance = load_instance(INSTANCES / "jiaocheng-2022.yaml")
    rotation = [c for c in instance.classes if c.id.startswith("jc-2022-keji-")]
    assert len(rotation) == 6 and sum(c.trainees for c in rotation) == 364
    others = [c for c in instance.classes if c not in rotation]
    assert len(others) == 12
    assert any(c.trainees == 3000 for c in others)
    biggest = max(v.capacity for v in instance.venues)
    assert all(c.trainees <= biggest for c in instance.classes)


def test_qingxu_has_the_seed_places():
    instance = load_instance(INSTANCES / "qingxu-2023-spring.yaml")
    names = {t.name for t in instance.townships}
    assert {"清源镇", "东于镇", "王答乡", "柳杜乡", "东湖街道", "徐沟镇", "马峪乡"} <= names
    villages = [s for s in instance.sites if s.tier is Tier.VILLAGE]
    assert len(villages) >= 10
    assert len(instance.teachers) >= 40
    secretaries = [t for t in instance.teachers if any(o.period.value == "half_year" for o in t.obligations)]
    assert len(secretaries) == 7
