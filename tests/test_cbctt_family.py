"""The generated CB-CTT family: each instance parses back, its witness keeps every hard rule, and
the same seed gives the same instance."""

from benchmarks.cbctt.ctt import parse_ctt
from benchmarks.cbctt.family import format_ctt, generate
from benchmarks.cbctt.scorer import score


def test_a_generated_instance_parses_back_and_its_witness_is_feasible():
    for seed in (3, 4, 5):
        problem, witness = generate(seed, f"g{seed}")
        again = parse_ctt(format_ctt(problem))
        assert again == problem
        scored = score(problem, witness)
        assert scored.hard == 0, scored.describe()
        assert len(witness) == sum(course.lectures for course in problem.courses)
        in_curricula = {course for curriculum in problem.curricula for course in curriculum.courses}
        assert in_curricula == {course.id for course in problem.courses}


def test_the_same_seed_gives_the_same_instance_and_another_seed_another():
    first, _ = generate(7, "g")
    second, _ = generate(7, "g")
    other, _ = generate(8, "g")
    assert format_ctt(first) == format_ctt(second)
    assert format_ctt(first) != format_ctt(other)
