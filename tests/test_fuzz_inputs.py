"""A short, fixed-seed run of the input fuzzer (benchmarks/fuzz_inputs.py): every mutant of a
bundled instance is answered with exit 0, 1 or 2 and, for an error, a Chinese message naming
the file; never a traceback, an internal error or a raw control character."""

from __future__ import annotations

import collections

import pytest

from benchmarks.fuzz_inputs import KINDS, check_in_process, judge, mutants

COUNT = 2 * len(KINDS)  # every kind twice


@pytest.fixture(scope="module")
def answers(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mutants")
    found = []
    for number, (name, kind, content) in enumerate(mutants(COUNT, seed=17)):
        path = folder / f"m{number:03d}-{name}"
        path.write_bytes(content)
        code, output = check_in_process(path)
        found.append((f"#{number} {kind} on {name}", kind, code, judge(code, output, path), output))
    return found


def test_every_mutant_is_answered_in_chinese_without_an_internal_error(answers):
    failures = [f"{label}: {problem}: {output[:300]}" for label, _, _, problem, output in answers if problem]
    assert failures == []


def test_the_run_covers_every_kind_and_reaches_bad_input_and_success(answers):
    kinds = collections.Counter(kind for _, kind, _, _, _ in answers)
    assert set(kinds) == set(KINDS)
    codes = collections.Counter(code for _, _, code, _, _ in answers)
    assert codes[2] > 0 and codes[0] > 0
