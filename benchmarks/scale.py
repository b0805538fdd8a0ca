"""Scale benchmark: generate the synthetic S/M/L counties, solve, validate, measure.

    python -m benchmarks.scale [--sizes S M L] [--seed 1] [--time-limit 300] [--workers 2] [--record]

Each size runs in its own process so that its peak memory (ru_maxrss) is its own. With
--record the table is written into benchmarks/RESULTS.md between markers.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")
BEGIN, END = "<!-- scale:begin -->", "<!-- scale:end -->"


def measure_one(size: str, seed: int, time_limit: float, workers: int) -> dict:
    from scheduler.check import validate_plan
    from scheduler.expand import expand
    from scheduler.generate import generate
    from scheduler.solve import SolveOptions, solve_expansion, to_plan

    started = time.perf_counter()
    instance = generate(size, seed)
    generated = time.perf_counter()
    expansion = expand(instance)
    expanded = time.perf_counter()
    result = solve_expansion(expansion, SolveOptions(time_limit=time_limit, workers=workers, seed=seed))
    row = {
        "size": size, "seed": seed, "workers": workers, "time_limit": time_limit,
        "sessions": len(expansion.sessions), "teachers": len(instance.teachers),
        "classes": len(instance.classes),
        "generate_s": round(generated - started, 2), "expand_s": round(expanded - generated, 2),
        "build_s": result.stats.get("build_seconds"),
        "variables": result.stats.get("variables"), "constraints": result.stats.get("constraints"),
        "status": result.status,
        "first_plan_s": None if result.first_solution_seconds is None else round(result.first_solution_seconds, 2),
        "solve_s": round(result.seconds, 2), "objective": result.objective, "bound": result.bound,
    }
    if result.has_plan:
        plan = to_plan(expansion, result)
        check_started = time.perf_counter()
        violations = validate_plan(instance, plan)
        row["validate_s"] = round(time.perf_counter() - check_started, 2)
        row["violations"] = len(violations)
    row["total_s"] = round(time.perf_counter() - started, 2)
    row["peak_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return row


def table(rows: list[dict]) -> str:
    from tabulate import tabulate

    columns = ["size", "sessions", "teachers", "variables", "constraints", "status", "first_plan_s",
               "solve_s", "objective", "bound", "violations", "expand_s", "build_s", "validate_s",
               "total_s", "peak_mib"]
    return tabulate([[r.get(c) for c in columns] for r in rows], headers=columns, tablefmt="github")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["S", "M", "L"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=300.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--record", action="store_true", help="write the table into RESULTS.md")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(args.one, args.seed, args.time_limit, args.workers)))
        return
    rows = []
    for size in args.sizes:
        command = [sys.executable, "-m", "benchmarks.scale", "--one", size, "--seed", str(args.seed),
                   "--time-limit", str(args.time_limit), "--workers", str(args.workers)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            rows.append({"size": size, "status": f"crashed ({done.returncode})"})
            continue
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(table(rows[-1:]), flush=True)
    text = table(rows)
    print(text)
    if args.record:
        record(rows, text, args)


def record(rows: list[dict], text: str, args) -> None:
    machine = f"{platform.machine()}, {subprocess.os.cpu_count()} cores, Python {platform.python_version()}"
    body = (f"{BEGIN}\nMeasured {time.strftime('%Y-%m-%d')} on {machine}; seed {args.seed}, "
            f"--workers {args.workers}, time limit {args.time_limit:g} s; command: "
            f"`python -m benchmarks.scale --sizes {' '.join(args.sizes)} --time-limit {args.time_limit:g} "
            f"--workers {args.workers} --record`.\n\n{text}\n{END}")
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if BEGIN in current and END in current:
        head, rest = current.split(BEGIN, 1)
        current = head + body + rest.split(END, 1)[1]
    else:
        current = current.rstrip() + "\n\n## Scale (issue 2)\n\n" + body + "\n"
    RESULTS.write_text(current, encoding="utf-8")


if __name__ == "__main__":
    main()
