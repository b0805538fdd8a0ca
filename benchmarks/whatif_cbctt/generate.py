"""Draw a scenario set with fixed seeds: for each instance and disruption, `per_type` distinct
disruptions that touch the start timetable (a lecture it holds, a period or a room-day in use,
a teacher on a day they teach, four courses not already pairwise in conflict), each kept only
when the disrupted problem still has a timetable (the model of periods decides, in moments).

    python -m benchmarks.whatif_cbctt.generate [--instances comp01 …] [--per-type 2] [--seed 0]
        [-o benchmarks/whatif_cbctt/data/scenarios.txt]

The start solutions are `<instance>.sol` beside the output file.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from ortools.sat.python import cp_model

from benchmarks.cbctt.runner import COMPETITION
from benchmarks.whatif_cbctt.disruption import load
from benchmarks.whatif_cbctt.periods import build_periods
from benchmarks.whatif_cbctt.scenarios import DISRUPTIONS, Scenario, format_scenarios
from scheduler.files import write_atomic
from scheduler.solve import params

DATA = Path(__file__).with_name("data")
SCENARIOS = DATA / "scenarios.txt"
FEASIBILITY_SECONDS = 5.0


def candidates(probe: Scenario) -> tuple[dict[str, list[tuple]], set[tuple[str, str]]]:
    """Every disruption's parameters that touch the probe's start timetable (for `curriculum`,
    the courses to draw four from), and the pairs of courses already in conflict."""
    disrupted = load(probe)
    problem, start = disrupted.original, disrupted.start
    teacher_of = {c.id: c.teacher for c in problem.courses}
    conflicting = {(a, b) for q in problem.curricula for a in q.courses for b in q.courses}
    conflicting |= {(a.id, b.id) for a in problem.courses for b in problem.courses if a.teacher == b.teacher}
    taught = sorted(c.id for c in problem.courses if c.lectures)
    return {
        "lecture": sorted({(x.course, x.day, x.period) for x in start}),
        "period": sorted({(x.day, x.period) for x in start}),
        "room": sorted({(x.room, x.day) for x in start}),
        "curriculum": [tuple(taught)],  # drawn below: four courses at a time
        "teacher": sorted({(teacher_of[x.course], x.day) for x in start}),
    }, conflicting


def draw(instance: str, solution: str, per_type: int, seed: int, base: Path) -> list[Scenario]:
    probe = Scenario(instance, solution, "period", (0, 0), source="generate", base=base)
    options, conflicting = candidates(probe)
    rng = random.Random(f"{seed}:{instance}")
    drawn = []
    for kind in DISRUPTIONS:
        kept: list[Scenario] = []
        for _attempt in range(50 * per_type):
            if len(kept) == per_type:
                break
            if kind == "curriculum":
                courses = tuple(rng.sample(options[kind][0], 4))
                if all((a, b) in conflicting for a in courses for b in courses if a != b):
                    continue
                parameters = courses
            else:
                parameters = rng.choice(options[kind])
            scenario = Scenario(instance, solution, kind, parameters, source="generate", base=base)
            if scenario not in kept and feasible(scenario):
                kept.append(scenario)
        drawn += kept
    return drawn


def feasible(scenario: Scenario) -> bool:
    built = build_periods(load(scenario))
    solver = params.budgeted(FEASIBILITY_SECONDS, 0, repeatable=False)
    solver.parameters.stop_after_first_solution = True
    return solver.solve(built.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.whatif_cbctt.generate",
                                     description=__doc__.strip().splitlines()[0])
    parser.add_argument("--instances", nargs="+", default=COMPETITION, metavar="NAME")
    parser.add_argument("--per-type", type=int, default=2, metavar="N")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--out", type=Path, default=SCENARIOS, metavar="FILE")
    args = parser.parse_args(argv)
    scenarios = []
    for instance in args.instances:
        scenarios += draw(instance, f"{instance}.sol", args.per_type, args.seed, args.out.parent)
    header = (f"CB-CTT what-if scenarios: {args.per_type} per disruption and instance, seed {args.seed}\n"
              f"python -m benchmarks.whatif_cbctt.generate --instances {' '.join(args.instances)} "
              f"--per-type {args.per_type} --seed {args.seed}\n"
              "instance  solution  disruption  parameters (see benchmarks/whatif_cbctt/scenarios.py)")
    write_atomic(args.out, format_scenarios(scenarios, header))
    print(f"{len(scenarios)} scenarios written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
