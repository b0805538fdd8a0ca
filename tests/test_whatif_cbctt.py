"""The CB-CTT what-if benchmark (benchmarks/whatif_cbctt): the scenario file, the disruptions,
the proven minimum of changed lectures and the UD2 trade-off.

The start timetable is the hand-made toy solution tests/data/cbctt/toy-costly.sol (UD2 cost
38, see test_cbctt.py). Minima counted by hand: barring one lecture or removing a period with
one lecture moves that lecture (1); closing room A on day 4 moves Geotec's two lectures there
(2, to room B, free at those periods); Rosa (TecCos) out on day 4 moves TecCos's two lectures
that day (2); the new curriculum SceCosC ArcTec TecCos Geotec conflicts with nothing the start
holds (0: SceCosC and ArcTec never share a period with Geotec, the rest already are curricula).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ortools.sat.python import cp_model

from benchmarks.cbctt.ctt import read_ctt
from benchmarks.cbctt.runner import resolve
from benchmarks.cbctt.scorer import score
from benchmarks.cbctt.solution import Lecture, read_solution
from benchmarks.whatif_cbctt.__main__ import main
from benchmarks.whatif_cbctt.disruption import apply, closed_uses, load
from benchmarks.whatif_cbctt.periods import build_periods
from benchmarks.whatif_cbctt.recover import Settings, changed_lectures, recover
from benchmarks.whatif_cbctt.report import BEGIN, END, HEADING, Row, record
from benchmarks.whatif_cbctt.scenarios import ScenarioError, parse_scenarios, read_scenarios
from scheduler.solve import params

START = Path(__file__).parent / "data" / "cbctt" / "toy-costly.sol"
FAST = Settings(limit=10, step_seconds=0.2, steps=5, seed=0)
MINIMA = {
    "lecture SceCosC 0 0": 1,
    "period 4 0": 1,
    "room A 4": 2,
    "curriculum SceCosC ArcTec TecCos Geotec": 0,
    "teacher Rosa 4": 2,
}


def scenario_file(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "scenarios.txt"
    path.write_text("# toy scenarios\n" + "".join(f"toy {START} {line}\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    path = scenario_file(tmp_path_factory.mktemp("toy"), list(MINIMA))
    return {scenario.describe(): recover(load(scenario), FAST) for scenario in read_scenarios(path)}


@pytest.mark.parametrize("disruption", list(MINIMA))
def test_minimum_is_proven(outcomes, disruption):
    outcome = outcomes[disruption]
    assert outcome.status == "OPTIMAL"
    assert outcome.minimum == MINIMA[disruption]
    assert outcome.bound == outcome.minimum and outcome.proven


@pytest.mark.parametrize("disruption", list(MINIMA))
def test_more_changes_never_cost_more(outcomes, disruption):
    costs = outcomes[disruption].costs
    assert len(costs) == FAST.steps + 1
    assert all(later <= earlier for earlier, later in zip(costs, costs[1:], strict=False))
    assert max(costs) <= costs[0]


def test_recovered_timetables_hold_every_hard_rule(tmp_path):
    """The minimum's timetable: no hard violation (the scorer's and the closed room's) and
    exactly the minimum of changes, recounted from the lectures."""
    for scenario in read_scenarios(scenario_file(tmp_path, list(MINIMA))):
        disrupted = load(scenario)
        built = build_periods(disrupted)
        solver = params.budgeted(5, 0, repeatable=True)
        assert solver.solve(built.model) == cp_model.OPTIMAL
        lectures = built.timetable(solver)
        assert score(disrupted.problem, lectures).hard == 0
        assert closed_uses(disrupted, lectures) == 0
        assert changed_lectures(disrupted.start, lectures) == MINIMA[scenario.describe()]


def test_disruptions_change_the_problem(tmp_path):
    scenarios = read_scenarios(scenario_file(tmp_path, list(MINIMA)))
    problem = read_ctt(resolve("toy"))
    by_kind = {s.kind: s for s in scenarios}
    assert ("SceCosC", 0, 0) in apply(by_kind["lecture"], problem)[0].unavailable
    assert {("ArcTec", 4, 0), ("Geotec", 4, 0)} <= apply(by_kind["period"], problem)[0].unavailable
    assert apply(by_kind["room"], problem)[1] == {("A", 4)}
    added = apply(by_kind["curriculum"], problem)[0].curricula[-1]
    assert added.courses == ("SceCosC", "ArcTec", "TecCos", "Geotec")
    teacher = apply(by_kind["teacher"], problem)[0].unavailable
    assert {("TecCos", 4, p) for p in range(4)} <= teacher


def test_changed_lectures_counts_alike_lectures_once():
    start = [Lecture("a", "R", 0, 0), Lecture("a", "R", 0, 1), Lecture("b", "S", 0, 0)]
    swapped = [Lecture("a", "R", 0, 1), Lecture("a", "R", 0, 0), Lecture("b", "S", 0, 0)]
    assert changed_lectures(start, swapped) == 0
    moved = [Lecture("a", "S", 0, 1), Lecture("a", "R", 0, 0), Lecture("b", "S", 1, 0)]
    assert changed_lectures(start, moved) == 2


@pytest.mark.parametrize(("line", "located"), [
    ("toy x.sol", "s.txt:2: expected"),
    ("toy x.sol holiday 1", "s.txt:2: field 3 (disruption): 'holiday'"),
    ("toy x.sol lecture SceCosC 0", "s.txt:2: field 6: 'lecture' takes 3 parameters"),
    ("toy x.sol period 1 -1", "s.txt:2: field 5 (period): '-1' is not a whole number"),
    ("toy x.sol room A day4", "s.txt:2: field 5 (day)"),
])
def test_parse_errors_are_located(line, located):
    with pytest.raises(ScenarioError) as caught:
        parse_scenarios(f"# comment\n{line}\n", source="s.txt")
    assert located in str(caught.value)


@pytest.mark.parametrize(("line", "located"), [
    ("lecture Nobody 0 0", "field 4 (course): ToyExample has no course 'Nobody'"),
    ("period 5 0", "field 4 (day): 5 is outside 0…4"),
    ("room A 1 ", None),  # a valid line: no error
    ("teacher Rosa 9", "field 5 (day): 9 is outside"),
    ("room Z 1", "field 4 (room): ToyExample has no room 'Z'"),
    ("lecture SceCosC 4 3", "field 4 (course): the start timetable has no lecture of SceCosC"),
    ("curriculum SceCosC SceCosC ArcTec Geotec", "the new curriculum lists a course twice"),
])
def test_parameters_are_checked_against_the_instance(tmp_path, line, located):
    path = scenario_file(tmp_path, [line])
    scenario = read_scenarios(path)[0]
    if located is None:
        load(scenario)
        return
    with pytest.raises(ScenarioError) as caught:
        load(scenario)
    assert f"{path}:2: " in str(caught.value) and located in str(caught.value)


def test_missing_files_are_located(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("toy missing.sol period 0 0\nnowhere x.sol period 0 0\n", encoding="utf-8")
    first, second = read_scenarios(path)
    with pytest.raises(ScenarioError, match=r"s\.txt:1: field 2 \(solution\)"):
        load(first)
    with pytest.raises(ScenarioError, match=r"s\.txt:2: field 1 \(instance\): no instance 'nowhere'"):
        load(second)


def test_command_runs_records_and_rejects_bad_files(tmp_path, capsys):
    results = tmp_path / "RESULTS.md"
    path = scenario_file(tmp_path, ["room A 4"])
    assert main(["--scenarios", str(path), "--steps", "1", "--step-seconds", "0.1",
                 "--results", str(results)]) == 0
    text = results.read_text(encoding="utf-8")
    assert HEADING in text and BEGIN in text and END in text and "| room A 4 " in text
    bad = tmp_path / "bad.txt"
    bad.write_text("toy x.sol lecture SceCosC zero 0\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        main(["--scenarios", str(bad), "--no-record"])
    assert exited.value.code == 2
    assert "bad.txt:1: field 5 (day)" in capsys.readouterr().err


def test_record_appends_inside_its_section(tmp_path):
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n\n## Another section\n", encoding="utf-8")
    scenario = read_scenarios(scenario_file(tmp_path, ["room A 4"]))[0]
    row = Row(1, scenario, 38, None, error="not run")
    record([row], FAST, "command-one", results)
    record([row], FAST, "command-two", results)
    text = results.read_text(encoding="utf-8")
    assert text.count(HEADING) == 1 and text.index("command-one") < text.index("command-two") < text.index(END)
    assert text.startswith("# Benchmark results\n\n## Another section\n")


def test_bundled_scenarios_read_and_start_timetables_are_feasible():
    from benchmarks.whatif_cbctt.generate import SCENARIOS

    scenarios = read_scenarios(SCENARIOS)
    assert {s.kind for s in scenarios} == {"lecture", "period", "room", "curriculum", "teacher"}
    assert {s.instance for s in scenarios} == {f"comp0{n}" for n in range(1, 8)}
    for name in sorted({s.solution for s in scenarios}):
        instance = name.removesuffix(".sol")
        assert score(read_ctt(resolve(instance)), read_solution(SCENARIOS.parent / name)).hard == 0
