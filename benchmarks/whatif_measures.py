"""What-if objectives: the same disruption minimised as weighted cost, changed sessions, people.

    python -m benchmarks.whatif_measures [--size S] [--seed 1] [--time-limit 8] [--workers 1]
                                         [--tradeoff 5] [--record]

On the bundled qingxu county (its bundled baseline) and a generated county (solved first),
drops the teacher with the most sessions after mid-term from mid-term and replans once per
`--minimise` mode, then once more with `--tradeoff K` minimising changes. Records per mode:
the minimum and its proven bound, the changed sessions and people of the plan (as the diff
counts them), its penalty and the replan's wall seconds; and the trade-off's penalties.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import sys
import time
from pathlib import Path

from benchmarks.scale import machine, write_section

SECTION = "whatif-measures"
HEADING = "## What-if objectives and the trade-off (issue 21 §4)"
ROOT = Path(__file__).parent.parent


def counties(size: str, seed: int, workers: int):
    from scheduler.domain import load_instance, load_plan
    from scheduler.expand import expand
    from scheduler.generate import generate
    from scheduler.solve import SolveOptions, solve_expansion, to_plan

    yield "qingxu", load_instance(ROOT / "instances" / "qingxu-2023-spring.yaml"), \
        load_plan(ROOT / "tests" / "data" / "baselines" / "qingxu-2023-spring.json")
    instance = generate(size, seed)
    expansion = expand(instance)
    result = solve_expansion(expansion, SolveOptions(time_limit=30, workers=workers, seed=seed))
    yield f"{size} seed {seed}", instance, to_plan(expansion, result)


def run(size: str, seed: int, time_limit: float, workers: int, extra: int) -> list[list]:
    from scheduler.solve import SolveOptions
    from scheduler.whatif.changes import Change, ChangeWeights
    from scheduler.whatif.diff import diff_plans, measure_of
    from scheduler.whatif.replan import whatif

    rows = []
    options = SolveOptions(time_limit=time_limit, workers=workers, seed=seed)
    for name, instance, baseline in counties(size, seed, workers):
        middle = instance.term.start + (instance.term.end - instance.term.start) / 2
        later = collections.Counter(t for s in baseline.sessions if s.date >= middle for t in s.teachers)
        teacher = later.most_common(1)[0][0]
        change = [Change.model_validate({"drop_teacher": teacher, "from": middle.isoformat()})]
        for measure, k in (("cost", 0), ("changes", 0), ("people", 0), ("changes", extra)):
            started = time.perf_counter()
            outcome = whatif(instance, baseline, "base.json", change, middle, ChangeWeights(), options,
                             measure=measure, tradeoff=k)
            wall = round(time.perf_counter() - started, 2)
            if outcome.plan is None:
                rows.append([name, teacher, measure, k, outcome.status, "-", "-", "-", "-", wall, ""])
                continue
            diff = diff_plans(baseline, outcome.plan)
            penalties = "/".join(str(r.penalty) for r in outcome.tradeoff)
            rows.append([name, teacher, measure, k, outcome.status, f"{outcome.change_cost} ≥ {outcome.lower_bound}",
                         measure_of(diff, "changes"), measure_of(diff, "people"), outcome.plan.objective, wall,
                         penalties])
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="S", choices=("S", "M", "L"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=8.0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--tradeoff", type=int, default=5)
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args(argv)
    rows = run(args.size, args.seed, args.time_limit, args.workers, args.tradeoff)
    from tabulate import tabulate
    table = tabulate(rows, headers=["county", "teacher out", "minimise", "tradeoff", "status", "least ≥ bound",
                                    "changed sessions", "people", "penalty", "wall s", "trade-off penalties"],
                     tablefmt="github")
    print(table)
    if args.record:
        command = "python -m benchmarks.whatif_measures " + " ".join(argv if argv is not None else sys.argv[1:])
        write_section(SECTION, HEADING, f"Measured {dt.date.today()} on {machine()}; command: `{command}`.\n\n"
                                        f"{table}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
