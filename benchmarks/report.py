"""Report benchmark: `scheduler report` for the synthetic M county's plan.

    python -m benchmarks.report [--size M] [--seed 1] [--plan-time 20] [--record]

Generates the county and solves a plan (one worker, a short limit: the report's cost depends on
the sessions and records, not on the plan's quality), then times the command a user runs,
`scheduler report INSTANCE PLAN -o DIR`, in a fresh process (loading, the checker's penalty
evaluation, rendering every page, writing the directory), twice, and records the pages, the
bytes on disk and the peak memory. Targets: under 20 s and under 50 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.scale import machine, write_section

# Linux keeps a process's peak memory across fork and exec: the command runs as the child of a
# small process, so that its peak is its own and not this (solver-sized) one's.
MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
SECTION = "report"
HEADING = "## HTML report (issue 20)"


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def run(size: str, seed: int, plan_time: float) -> dict:
    from scheduler.expand import expand
    from scheduler.generate import dump_instance, generate
    from scheduler.solve import SolveOptions, solve_expansion, to_plan

    instance = generate(size, seed)
    expansion = expand(instance)
    plan = to_plan(expansion, solve_expansion(expansion, SolveOptions(time_limit=plan_time, workers=1, seed=0)))
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        instance_path, plan_path = folder / "county.yaml", folder / "plan.json"
        instance_path.write_text(dump_instance(instance), encoding="utf-8")
        plan_path.write_text(plan.model_dump_json(), encoding="utf-8")
        walls, digests, peaks = [], [], []
        for attempt in (1, 2):
            out = folder / f"report-{attempt}"
            done = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-m", "scheduler", "report",
                                   str(instance_path), str(plan_path), "-o", str(out)],
                                  capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(done.stderr)
            wall, peak = done.stdout.split()
            walls.append(float(wall))
            peaks.append(int(peak) / 1024)
            digests.append(_digest(out))
        files = list(out.iterdir())
        size_bytes = sum(p.stat().st_size for p in files)
        disk_bytes = sum(p.stat().st_blocks * 512 for p in files)
        largest = max(p.stat().st_size for p in files)
    return {"size": size, "seed": seed, "sessions": len(plan.sessions), "classes": len(instance.classes),
            "teachers": len(instance.teachers), "venues": len(instance.venues), "sites": len(instance.sites),
            "pages": sum(p.suffix == ".html" for p in files), "report_wall_s (1st, 2nd)":
            f"{walls[0]:.2f}, {walls[1]:.2f}", "bytes": f"{size_bytes:,}", "on_disk_MB": round(disk_bytes / 2**20, 1),
            "largest_file_KB": round(largest / 1024, 1),
            "report_peak_MiB": round(max(peaks)), "same_bytes_twice": digests[0] == digests[1]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="M", choices=("S", "M", "L"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--plan-time", type=float, default=20.0)
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args(argv)
    row = run(args.size, args.seed, args.plan_time)
    from tabulate import tabulate
    table = tabulate([[k, v] for k, v in row.items()], headers=["measure", "value"], tablefmt="github")
    print(table)
    if args.record:
        command = "python -m benchmarks.report " + " ".join(argv if argv is not None else sys.argv[1:])
        body = f"Measured {dt.date.today()} on {machine()}; command: `{command}`.\n\n{table}\n"
        write_section(SECTION, HEADING, body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
