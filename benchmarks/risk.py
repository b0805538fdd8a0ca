"""Robustness-report benchmark: `scheduler risk` on a synthetic county from mid-term.

    python -m benchmarks.risk [--size M] [--seed 1] [--baseline-time 0] [--time-limit 10]
                              [--jobs 2] [--record]

Generates the county and takes its baseline plan: the generator's witness (valid by
construction; the default, `--baseline-time 0`) or a solve of that many seconds (soft rules
on, two workers; the witness when it finds no plan). Then it replans every
teacher with sessions from mid-term on dropping out, in `--jobs` worker processes with one
CP-SAT worker each (the command's defaults), and records the time per teacher (each replan's
own wall seconds, in its worker) and in total, how many replans took longer than their limit,
how many single points of failure were found and how many change costs were proven.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time

from benchmarks.scale import machine, write_section

SECTION = "risk"
HEADING = "## Robustness report `scheduler risk` (issue 21 §3)"


def run(size: str, seed: int, baseline_time: float, time_limit: float, jobs: int) -> dict:
    from scheduler.expand import expand
    from scheduler.generate import generate_with_plan
    from scheduler.risk.assess import Settings
    from scheduler.risk.report import summary
    from scheduler.risk.run import assess_all
    from scheduler.risk.scenarios import scenarios
    from scheduler.solve import SolveOptions, solve_expansion, to_plan

    instance, baseline = generate_with_plan(size, seed)
    if baseline_time > 0:
        expansion = expand(instance)
        result = solve_expansion(expansion, SolveOptions(time_limit=baseline_time, workers=2, seed=seed))
        if result.has_plan:
            baseline = to_plan(expansion, result)
    middle = instance.term.start + (instance.term.end - instance.term.start) / 2
    todo = scenarios(baseline, middle)
    if not todo:
        raise SystemExit(f"no baseline plan with sessions after {middle} (status {baseline.status})")
    started = time.perf_counter()
    rows = assess_all(instance, baseline, todo, Settings(time_limit, 1, seed), jobs)
    total = time.perf_counter() - started
    seconds = sorted(r.seconds for r in rows)
    facts = summary(rows, middle)
    return {"size": size, "seed": seed, "sessions": len(baseline.sessions),
            "baseline": baseline.status if baseline_time > 0 else "witness",
            "mid_term": middle.isoformat(), "teachers_replanned": len(rows), "jobs": jobs,
            "time_limit_per_replan_s": time_limit, "total_wall_s": round(total, 1),
            "per_teacher_wall_s (total / teachers)": round(total / len(rows), 2),
            "replan_mean_s": round(statistics.mean(seconds), 2),
            "replan_median_s": round(statistics.median(seconds), 2),
            "replan_max_s": round(seconds[-1], 2),
            "replans_over_10_s": sum(1 for s in seconds if s > 10),
            "single_points_of_failure": facts["single_points"],
            "proven": facts["proven"], "no_plan_within_limit": facts["no_plan"],
            "covered_within_k_changes": facts["covered_within"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="M", choices=("S", "M", "L"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline-time", type=float, default=0.0)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args(argv)
    row = run(args.size, args.seed, args.baseline_time, args.time_limit, args.jobs)
    from tabulate import tabulate
    table = tabulate([[k, v] for k, v in row.items()], headers=["measure", "value"], tablefmt="github")
    print(table)
    if args.record:
        command = "python -m benchmarks.risk " + " ".join(argv if argv is not None else sys.argv[1:])
        body = f"Measured {dt.date.today()} on {machine()}; command: `{command}`.\n\n{table}\n"
        write_section(SECTION, HEADING, body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
