"""The CB-CTT benchmark harness (benchmarks/cbctt): the `.ctt` parser, the import into an
engine instance, the `.sol` writer and reader, the independent UD2 scorer and the runner.

The hand-made toy solution tests/data/cbctt/toy-costly.sol has no hard violation and costs,
counted by hand: room capacity 10 (ArcTec, 42 students, once in A with 32 seats); minimum
working days 5 (SceCosC on 2 days of 3); room stability 1 (ArcTec in A and B); compactness 22
(Cur1 isolated at day 0 p3, days 1 and 2 p0 and p3; Cur2 at day 0 p3, days 1 and 2 p1 and
p3, day 3 p3: 11 lectures × 2) — 38 in all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from benchmarks.cbctt.__main__ import main
from benchmarks.cbctt.ctt import CttError, parse_ctt, read_ctt
from benchmarks.cbctt.importer import (
    START_DATE,
    block_name,
    plan_from_lectures,
    to_instance,
    to_lectures,
)
from benchmarks.cbctt.runner import (
    BEGIN,
    END,
    Row,
    Settings,
    UnknownInstance,
    record,
    resolve,
)
from benchmarks.cbctt.scorer import Score, score
from benchmarks.cbctt.solution import (
    Lecture,
    SolutionError,
    format_solution,
    parse_solution,
    read_solution,
    write_solution,
)
from scheduler.check import score_plan, validate_plan
from scheduler.expand import expand
from scheduler.solve import SolveOptions, solve_expansion, to_plan

DATA = Path(__file__).parent / "data" / "cbctt"
TOY = resolve("toy")
COSTLY = DATA / "toy-costly.sol"


def ctt(courses: str, curricula: str = "", unavailable: str = "", rooms: str = "R 30",
        days: int = 2, periods: int = 3) -> str:
    """A small `.ctt` text; sections are given as lines."""
    def lines(text: str) -> list[str]:
        return [line for line in text.strip().splitlines() if line.strip()]

    return "\n".join([
        "Name: Hand", f"Courses: {len(lines(courses))}", f"Rooms: {len(lines(rooms))}",
        f"Days: {days}", f"Periods_per_day: {periods}", f"Curricula: {len(lines(curricula))}",
        f"Constraints: {len(lines(unavailable))}", "", "COURSES:", *lines(courses), "",
        "ROOMS:", *lines(rooms), "", "CURRICULA:", *lines(curricula), "",
        "UNAVAILABILITY_CONSTRAINTS:", *lines(unavailable), "", "END.", ""])


def replaced(lectures: list[Lecture], old: str, new: str | None) -> list[Lecture]:
    """The lectures with the line `old` replaced by `new` (or dropped)."""
    target = parse_solution(old)[0]
    assert target in lectures
    kept = [x for x in lectures if x != target]
    return kept + (parse_solution(new) if new else [])


# --- the .ctt parser -------------------------------------------------------------------------

def test_parse_toy():
    problem = read_ctt(TOY)
    assert (problem.name, problem.days, problem.periods_per_day) == ("ToyExample", 5, 4)
    assert [c.id for c in problem.courses] == ["SceCosC", "ArcTec", "TecCos", "Geotec"]
    arc = problem.course_by_id["ArcTec"]
    assert (arc.teacher, arc.lectures, arc.min_days, arc.students) == ("Indaco", 3, 2, 42)
    assert {r.id: r.capacity for r in problem.rooms} == {"A": 32, "B": 50}
    assert problem.curricula_of["TecCos"] == ("Cur1", "Cur2")
    assert len(problem.unavailable) == 8 and ("ArcTec", 4, 3) in problem.unavailable


@pytest.mark.parametrize("text, message", [
    (ctt("A t 1 1 5").replace("Courses: 1", "Courses: 2"), "Courses: 2, the file lists 1"),
    (ctt("A t 1 1 5", curricula="Q 1 B"), "unknown course 'B'"),
    (ctt("A t 1 1 5", curricula="Q 2 A"), "announces 2 courses, lists 1"),
    (ctt("A t 1 1 5", unavailable="A 2 0"), "outside 2 days"),
    (ctt("A t one 1 5"), "'one' is not a whole number"),
    (ctt("A t 1 1 5").replace("END.", ""), "no 'END.' line"),
    (ctt("A t 1 1 5\nA u 1 1 5"), "course listed twice: A"),
])
def test_parse_errors_name_the_problem(text, message):
    with pytest.raises(CttError, match=message):
        parse_ctt(text)


def test_parse_error_names_the_line():
    with pytest.raises(CttError, match=r"hand.ctt:10: expected '<course>"):
        parse_ctt(ctt("A t 1 1"), source="hand.ctt")


# --- the import ------------------------------------------------------------------------------

def test_toy_import_maps_the_week_rooms_courses_and_weights():
    problem = read_ctt(TOY)
    instance = to_instance(problem, "toy")
    (site,) = instance.sites
    assert [b.name for b in site.blocks] == [block_name(p) for p in range(4)]
    assert (instance.term.start, instance.term.end) == (START_DATE, START_DATE + dt.timedelta(days=4))
    assert START_DATE.isoweekday() == 1 and site.weekdays == [1, 2, 3, 4, 5]
    rooms = {v.id: v for v in instance.venues}
    assert rooms["A"].capacity == 32 and rooms["A"].capacity + rooms["A"].overflow >= 42
    assert {rule: w for rule, w in instance.weights.items() if w} == {
        "soft_capacity": 1, "item_spread": 5, "class_isolated": 2, "item_room_stability": 1}
    items = {item.id: (c.id, item) for c in instance.classes for item in c.curriculum}
    host, tec = items["TecCos"]
    assert {host, *tec.joint_with} == {"Cur1", "Cur2"}
    assert (tec.teachers, tec.sessions, tec.min_days, tec.attendance) == (["Rosa"], 5, 4, 40)
    assert {t.id: t.topics for t in instance.teachers}["Rosa"] == ["TecCos"]


def test_unavailable_periods_are_forbidden_slots_of_the_item():
    expansion = expand(to_instance(read_ctt(TOY)))
    session = next(s for s in expansion.sessions if s.item.id == "TecCos")
    taken = {((slot.date - START_DATE).days, slot.first_block) for slot in session.slots}
    assert len(taken) == 5 * 4 - 4
    assert not taken & {(2, 0), (2, 1), (3, 2), (3, 3)}


def test_weekend_days_and_many_periods_are_teaching_blocks():
    problem = read_ctt(DATA / "shared-teacher.ctt")  # 7 days
    expansion = expand(to_instance(problem))
    alg = next(s for s in expansion.sessions if s.item.id == "Alg")
    assert {slot.date.isoweekday() for slot in alg.slots} == set(range(1, 8))
    assert len(alg.slots) == 7 * 2 - 1  # Alg is unavailable on day 6, period 1
    many = to_instance(parse_ctt(ctt("A t 1 1 5", periods=20)))
    blocks = many.sites[0].blocks
    assert len(blocks) == 20 and blocks[-1].end <= dt.time(23, 59)


def test_hosts_are_matched_so_that_every_curriculum_hosts_a_course():
    # The first curriculum listing A also lists B; only Q2 can host A.
    problem = parse_ctt(ctt("A t 1 1 5\nB u 1 1 5", curricula="Q1 2 A B\nQ2 1 A"))
    instance = to_instance(problem)
    hosted = {c.id: [(i.id, i.joint_with) for i in c.curriculum] for c in instance.classes}
    assert hosted == {"Q1": [("B", [])], "Q2": [("A", ["Q1"])]}


def test_a_course_in_no_curriculum_gets_a_class_of_its_own():
    instance = to_instance(read_ctt(DATA / "shared-teacher.ctt"))
    assert {c.id: [i.id for i in c.curriculum] for c in instance.classes} == {
        "Q1": ["Alg", "Geo"], "course-Lone": ["Lone"]}


def test_a_curriculum_whose_courses_are_all_hosted_elsewhere():
    """Q2 hosts nothing: it attends A as a joint session (comp02–comp05 have such curricula)."""
    problem = parse_ctt(ctt("A t 1 1 5", curricula="Q1 1 A\nQ2 1 A"))
    instance = to_instance(problem)
    assert {c.id: [i.id for i in c.curriculum] for c in instance.classes} == {"Q1": ["A"], "Q2": []}
    assert instance.classes[0].curriculum[0].joint_with == ["Q2"]


# --- the .sol format ---------------------------------------------------------------------------

def test_solution_text_is_sorted_and_reads_back(tmp_path):
    lectures = [Lecture("b", "R", 1, 0), Lecture("a", "R", 2, 1), Lecture("a", "S", 0, 3)]
    assert format_solution(lectures) == "a S 0 3\na R 2 1\nb R 1 0\n"
    path = tmp_path / "out" / "x.sol"
    write_solution(path, lectures)
    assert sorted(read_solution(path)) == sorted(lectures)


@pytest.mark.parametrize("line", ["a R 1", "a R one 2", "a R 1 2 3"])
def test_bad_solution_lines_are_refused(line):
    with pytest.raises(SolutionError, match=":2:"):
        parse_solution(f"a R 0 0\n{line}\n")


def test_plan_and_lectures_convert_both_ways():
    problem = read_ctt(TOY)
    lectures = read_solution(COSTLY)
    plan = plan_from_lectures(to_instance(problem), lectures)
    tec = sorted((s for s in plan.sessions if s.topic == "TecCos"), key=lambda s: s.id)
    assert [(s.date, s.blocks, s.venue) for s in tec[:2]] == [
        (START_DATE, [block_name(3)], "B"), (START_DATE + dt.timedelta(days=1), [block_name(3)], "B")]
    assert sorted(to_lectures(problem, plan)) == sorted(lectures)


# --- the scorer --------------------------------------------------------------------------------

def test_hand_made_toy_solution_costs_as_counted_by_hand():
    result = score(read_ctt(TOY), read_solution(COSTLY))
    assert result == Score(room_capacity=10, min_working_days=5, compactness=22, room_stability=1)
    assert (result.hard, result.cost) == (0, 38)


def test_engine_checker_agrees_with_the_scorer_on_the_hand_made_solution():
    problem = read_ctt(TOY)
    instance = to_instance(problem)
    plan = plan_from_lectures(instance, read_solution(COSTLY))
    assert validate_plan(instance, plan) == []
    assert sum(p.penalty for p in score_plan(instance, plan)) == score(problem, read_solution(COSTLY)).cost


@pytest.mark.parametrize("old, new, violation", [
    ("Geotec A 4 3", None, "missing_lectures"),
    ("Geotec A 4 3", "Geotec A 4 3\nGeotec A 0 2", "extra_lectures"),
    ("Geotec A 1 1", "Geotec B 3 0", "room_clashes"),  # ArcTec is in B at day 3, period 0
    ("Geotec A 1 1", "Geotec A 1 3", "curriculum_clashes"),  # TecCos (Cur2) at day 1, period 3
    ("TecCos B 2 3", "TecCos B 3 2", "unavailable"),
    ("Geotec A 1 1", "Geotec A 5 1", "invalid"),  # day 5 of 0–4
    ("Geotec A 1 1", "Geotec C 1 1", "invalid"),  # no room C
])
def test_each_hard_violation_is_counted(old, new, violation):
    result = score(read_ctt(TOY), replaced(read_solution(COSTLY), old, new))
    expected = {violation: 1}
    if violation == "invalid":
        expected["missing_lectures"] = 1  # the invalid line does not count as a lecture
    assert {name: getattr(result, name) for name in Score.HARD if getattr(result, name)} == expected


def test_teacher_clash():
    problem = read_ctt(DATA / "shared-teacher.ctt")  # Alg and Geo share t1 and Q1; Lone is t2
    lectures = parse_solution("Alg R2 0 0\nAlg R2 1 0\nGeo R1 2 0\nLone R1 0 0\nLone R1 0 1\n")
    assert score(problem, lectures).hard == 0
    clash = score(problem, [*lectures[:2], Lecture("Geo", "R1", 1, 0), *lectures[3:]])
    assert (clash.teacher_clashes, clash.curriculum_clashes, clash.room_clashes) == (1, 1, 0)
    # Lone is in no curriculum: its isolated lectures cost nothing, back-to-back or not.
    assert score(problem, replaced(lectures, "Lone R1 0 1", "Lone R1 3 0")).compactness \
        == score(problem, lectures).compactness


def test_compactness_counts_each_isolated_lecture_of_each_curriculum():
    problem = parse_ctt(ctt("A t 2 1 5\nB u 1 1 5", curricula="Q1 2 A B\nQ2 1 A"))
    apart = parse_solution("A R 0 0\nA R 0 2\nB R 1 0\n")
    assert score(problem, apart).compactness == 2 * (3 + 2)  # Q1: 3 lectures, Q2: 2
    together = parse_solution("A R 0 0\nA R 0 1\nB R 0 2\n")
    assert score(problem, together).compactness == 0


# --- solving through the engine, and the runner ------------------------------------------------

def test_toy_solved_through_the_engine_scores_its_objective():
    problem = read_ctt(TOY)
    instance = to_instance(problem, "toy")
    expansion = expand(instance)
    result = solve_expansion(expansion, SolveOptions(time_limit=10, workers=1, seed=0))
    plan = to_plan(expansion, result)
    assert validate_plan(instance, plan) == []
    scored = score(problem, to_lectures(problem, plan))
    assert (result.status, scored.hard, scored.cost, result.objective) == ("OPTIMAL", 0, 0, 0)


def test_resolve_by_name_or_path(tmp_path):
    assert resolve("comp01").name == "comp01.ctt"
    own = tmp_path / "mine.ctt"
    own.write_text(TOY.read_text(encoding="utf-8"), encoding="utf-8")
    assert resolve(str(own)) == own
    with pytest.raises(UnknownInstance, match="comp07"):
        resolve("comp99")


def test_record_appends_runs_inside_the_section(tmp_path):
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n\n## Earlier\n\ntext\n", encoding="utf-8")
    settings = Settings(time_limit=30, workers=2)
    record([Row("toy", "OPTIMAL", cost=0)], settings, "first command", results, dt.date(2026, 1, 2))
    record([Row("comp01", "FEASIBLE", cost=7)], dataclasses.replace(settings, workers=1),
           "second command", results, dt.date(2026, 1, 3))
    text = results.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results\n\n## Earlier\n\ntext\n")
    section = text.split(BEGIN, 1)[1].split(END, 1)[0]
    first, second = section.index("first command"), section.index("second command")
    assert first < second and text.count(BEGIN) == text.count(END) == 1
    assert "Measured 2026-01-03" in section and "--workers 1, time limit 30 s" in section
    assert "cores" in section and "| comp01" in section and "| toy" in section
    assert not list(tmp_path.glob(".*.tmp"))  # the atomic write left nothing behind


def test_command_line_solves_writes_and_records(tmp_path, capsys):
    results, out = tmp_path / "RESULTS.md", tmp_path / "sol"
    code = main(["--instances", "toy", str(DATA / "shared-teacher.ctt"), "--time-limit", "5",
                 "--workers", "1", "--out", str(out), "--results", str(results)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "| toy" in printed and "| shared-teacher" in printed
    for name in ("toy", "shared-teacher"):
        assert score(read_ctt(resolve(name) if name == "toy" else DATA / f"{name}.ctt"),
                     read_solution(out / f"{name}.sol")).hard == 0
    assert "--instances toy" in results.read_text(encoding="utf-8")


def test_command_line_refuses_an_unknown_instance(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--instances", "nope", "--no-record"])
    assert stop.value.code == 2 and "no instance 'nope'" in capsys.readouterr().err


def test_several_seeds_run_each_instance_once_per_seed_and_summarise(tmp_path, capsys):
    results, out = tmp_path / "RESULTS.md", tmp_path / "sol"
    code = main(["--instances", "toy", "--time-limit", "3", "--workers", "1", "--seeds", "0", "1",
                 "--out", str(out), "--results", str(results)])
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == ["toy-s0.sol", "toy-s1.sol"]
    costs = [score(read_ctt(resolve("toy")), read_solution(out / f"toy-s{s}.sol")).cost for s in (0, 1)]
    recorded = results.read_text(encoding="utf-8")
    assert "seeds 0, 1" in recorded and "--seeds 0 1" in recorded
    line = next(line for line in recorded.splitlines() if line.startswith("| toy ") and "/" in line)
    cells = [cell.strip() for cell in line.strip("|").split("|")]
    assert cells[1] == f"{costs[0]} / {costs[1]}"
    assert float(cells[2]) == round(sum(costs) / 2, 1) and int(cells[3]) == max(costs) - min(costs)
    assert "mean ≤ winner" in capsys.readouterr().out
