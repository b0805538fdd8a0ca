"""Scale benchmark: generate the synthetic S/M/L counties, solve, validate, measure.

    python -m benchmarks.scale [--sizes S M L] [--seed 1] [--time-limit 300] [--workers 2] [--record]

Each size runs in its own process so that its peak memory (ru_maxrss) is its own. With
--record the table is written into benchmarks/RESULTS.md between markers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")
SECTIONS = {  # marker name -> heading in RESULTS.md
    "scale": "## Scale, hard rules only (issue 2)",
    "quality": "## Plan quality with the soft rules (issue 5)",
}


def gap(objective, bound) -> float | None:
    if objective is None or bound is None:
        return None
    if objective == 0:
        return 0.0
    return round(100.0 * (objective - bound) / abs(objective), 1)


def measure_one(size: str, seed: int, time_limit: float, workers: int,
                checkpoints: list[float] | None = None, soft: bool = True) -> dict:
    from scheduler.check import validate_plan
    from scheduler.expand import expand
    from scheduler.generate import generate
    from scheduler.solve import SolveOptions, solve_expansion, to_plan

    started = time.perf_counter()
    instance = generate(size, seed)
    generated = time.perf_counter()
    expansion = expand(instance)
    expanded = time.perf_counter()
    timeline: list[dict] = []
    result = solve_expansion(expansion, SolveOptions(time_limit=time_limit, workers=workers, seed=seed,
                                                     progress=timeline.append, progress_every=1.0,
                                                     soft=soft))
    if result.has_plan:  # the run's end: a run that stops early (proven optimal) reports nothing after
        timeline.append({"event": "end", "elapsed": result.seconds, "objective": result.objective,
                         "bound": result.bound})
    row = {
        "size": size, "seed": seed, "workers": workers, "time_limit": time_limit,
        "sessions": len(expansion.sessions), "teachers": len(instance.teachers),
        "classes": len(instance.classes),
        "generate_s": round(generated - started, 2), "expand_s": round(expanded - generated, 2),
        "build_s": result.stats.build_seconds,
        "variables": result.stats.variables, "constraints": result.stats.constraints,
        "status": result.status,
        "first_plan_s": None if result.first_solution_seconds is None else round(result.first_solution_seconds, 2),
        "solve_s": round(result.seconds, 2), "objective": result.objective, "bound": result.bound,
        "parts_swept": result.stats.parts_swept, "lns_iterations": result.stats.lns_iterations,
        "lns_adopted": result.stats.lns_adopted,
    }
    if result.has_plan:
        plan = to_plan(expansion, result)
        check_started = time.perf_counter()
        violations = validate_plan(instance, plan)
        row["validate_s"] = round(time.perf_counter() - check_started, 2)
        row["violations"] = len(violations)
    for checkpoint in checkpoints or []:
        seen = [e for e in timeline if e["elapsed"] <= checkpoint and e["objective"] is not None]
        if seen:
            last = seen[-1]
            ratio = gap(last["objective"], last["bound"])
            row[f"gap@{checkpoint:g}s"] = f"{last['objective']:g}/{last['bound']:g} ({ratio}%)"
    row["gap_%"] = gap(result.objective, result.bound)
    row["total_s"] = round(time.perf_counter() - started, 2)
    row["peak_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return row


def table(rows: list[dict]) -> str:
    from tabulate import tabulate

    columns = ["size", "sessions", "teachers", "variables", "constraints", "status", "first_plan_s",
               "solve_s", "objective", "bound", "gap_%"]
    columns += sorted({k for r in rows for k in r if k.startswith("gap@")},
                      key=lambda k: float(k[4:-1]))
    columns += ["violations", "expand_s", "build_s", "validate_s", "total_s", "peak_mib"]
    return tabulate([[r.get(c) for c in columns] for r in rows], headers=columns, tablefmt="github")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["S", "M", "L"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=300.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--checkpoints", nargs="*", type=float, default=[10, 30, 120],
                        help="report objective/bound/gap at these seconds")
    parser.add_argument("--hard-only", action="store_true", help="no soft rules (the issue 2 run)")
    parser.add_argument("--record", action="store_true", help="write the table into RESULTS.md")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(args.one, args.seed, args.time_limit, args.workers, args.checkpoints,
                                     soft=not args.hard_only)))
        return
    rows = []
    for size in args.sizes:
        command = [sys.executable, "-m", "benchmarks.scale", "--one", size, "--seed", str(args.seed),
                   "--time-limit", str(args.time_limit), "--workers", str(args.workers),
                   "--checkpoints", *map(str, args.checkpoints)]
        if args.hard_only:
            command.append("--hard-only")
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


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def write_section(section: str, heading: str, text: str) -> None:
    """Replace (or append) the section between its markers in RESULTS.md, atomically."""
    from scheduler.files import write_atomic

    begin, end = f"<!-- {section}:begin -->", f"<!-- {section}:end -->"
    body = f"{begin}\n{text.rstrip()}\n{end}"
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if begin in current and end in current:
        head, rest = current.split(begin, 1)
        current = head + body + rest.split(end, 1)[1]
    else:
        current = current.rstrip() + f"\n\n{heading}\n\n" + body + "\n"
    write_atomic(RESULTS, current)


def record(rows: list[dict], text: str, args) -> None:
    section = "scale" if args.hard_only else "quality"
    flags = " --hard-only" if args.hard_only else ""
    body = (f"Measured {time.strftime('%Y-%m-%d')} on {machine()}; seed {args.seed}, "
            f"--workers {args.workers}, time limit {args.time_limit:g} s; command: "
            f"`python -m benchmarks.scale --sizes {' '.join(args.sizes)} --time-limit {args.time_limit:g} "
            f"--workers {args.workers}{flags} --record`.\n\n{text}\n")
    write_section(section, SECTIONS[section], body)


if __name__ == "__main__":
    main()
