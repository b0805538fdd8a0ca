"""What-if benchmark: drop the busiest teacher of a synthetic county from mid-term.

    python -m benchmarks.whatif [--size M] [--seed 1] [--baseline-time 60] [--time-limit 8]
                                [--workers 2] [--record]

Generates the county, solves a baseline plan (soft rules on), then times the command a user
runs, `scheduler whatif INSTANCE --baseline PLAN --drop-teacher T --from MID` (a fresh
process: loading, replanning, independent validation, writing), and `scheduler validate` on
the result. Records the changed sessions against the teacher's remaining sessions (target:
at most 10 % more), the weighted change cost and the lower bound the engine proves.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.scale import machine, write_section

SECTION = "whatif"
HEADING = "## What-if replanning (issue 4)"


def run(size: str, seed: int, baseline_time: float, time_limit: float, workers: int) -> dict:
    from scheduler.expand import expand
    from scheduler.generate import dump_instance, generate
    from scheduler.solve import SolveOptions, solve_expansion, to_plan

    instance = generate(size, seed)
    expansion = expand(instance)
    result = solve_expansion(expansion, SolveOptions(time_limit=baseline_time, workers=workers, seed=seed))
    baseline = to_plan(expansion, result)
    start, end = instance.term.start, instance.term.end
    middle = start + (end - start) / 2
    remaining = collections.Counter(t for s in baseline.sessions if s.date >= middle for t in s.teachers)
    teacher, count = remaining.most_common(1)[0]

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        instance_path, baseline_path, new_path = folder / "county.yaml", folder / "base.json", folder / "new.json"
        instance_path.write_text(dump_instance(instance), encoding="utf-8")
        baseline_path.write_text(baseline.model_dump_json(), encoding="utf-8")
        command = [sys.executable, "-m", "scheduler", "whatif", str(instance_path), "--baseline",
                   str(baseline_path), "--drop-teacher", teacher, "--from", middle.isoformat(),
                   "-o", str(new_path), "--time-limit", str(time_limit), "--workers", str(workers),
                   "--seed", str(seed)]
        started = time.perf_counter()
        replanned = subprocess.run(command, capture_output=True, text=True)
        wall = time.perf_counter() - started
        validated = subprocess.run([sys.executable, "-m", "scheduler", "validate", str(instance_path),
                                    str(new_path)], capture_output=True, text=True)
        new = json.loads(new_path.read_text(encoding="utf-8")) if new_path.exists() else None
    row = {"size": size, "seed": seed, "sessions": len(baseline.sessions),
           "baseline_objective": baseline.objective, "mid_term": middle.isoformat(), "teacher": teacher,
           "teacher_remaining": count, "whatif_exit": replanned.returncode,
           "whatif_wall_s": round(wall, 2), "validate_exit": validated.returncode}
    if new is not None:
        before = {s.id: s for s in baseline.sessions}
        changed = [s for s in new["sessions"]
                   if (dt.date.fromisoformat(s["date"]), s["start"], s["end"], sorted(s["teachers"]), s["venue"])
                   != (before[s["id"]].date, before[s["id"]].start, before[s["id"]].end,
                       sorted(before[s["id"]].teachers), before[s["id"]].venue)]
        history = [s for s in changed if before[s["id"]].date < middle]
        still = [s for s in new["sessions"] if teacher in s["teachers"] and s["date"] >= middle.isoformat()]
        origin = new["origin"]
        row.update({"changed_sessions": len(changed), "limit_(+10%)": int(count * 1.1),
                    "history_changed": len(history), "teacher_still_teaching": len(still),
                    "change_cost": origin["change_cost"], "proven_lower_bound": origin["change_lower_bound"],
                    "status": new["status"], "objective": new["objective"]})
    if replanned.returncode != 0:
        row["stderr"] = replanned.stderr.strip().splitlines()[-1:]
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="M", choices=("S", "M", "L"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline-time", type=float, default=60.0)
    parser.add_argument("--time-limit", type=float, default=8.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args(argv)
    row = run(args.size, args.seed, args.baseline_time, args.time_limit, args.workers)
    from tabulate import tabulate
    table = tabulate([[k, v] for k, v in row.items()], headers=["measure", "value"], tablefmt="github")
    print(table)
    if args.record:
        command = "python -m benchmarks.whatif " + " ".join(argv if argv is not None else sys.argv[1:])
        body = (f"Measured {dt.date.today()} on {machine()}; command: `{command}`.\n\n{table}\n")
        write_section(SECTION, HEADING, body)
    return 0 if row.get("validate_exit") == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
