"""Notices benchmark: 授课通知单 for every teacher of a synthetic county, and 调课通知 after a
what-if, timed as the commands a user runs.

    python -m benchmarks.notices [--size M] [--seed 1] [--baseline-time 60] [--workers 1] [--record]

Generates the county, solves a plan (one worker by default: the machine is shared), then times
`scheduler notices INSTANCE PLAN -o DIR` in a fresh process (loading, checking, rendering and
writing every teacher's sheet), twice to check that the bytes repeat; then drops the busiest
teacher from mid-term with `scheduler whatif` and times `scheduler notices … --changes-only`.
Target (issue 20): notices for all of M's teachers under 10 s.
"""

from __future__ import annotations

import argparse
import collections
import csv
import filecmp
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.scale import machine, write_section

SECTION = "notices"
HEADING = "## 授课通知单 and 调课通知 (issue 20)"


def _timed(command: list[str]) -> tuple[subprocess.CompletedProcess, float]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    return done, time.perf_counter() - started


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir())


def run(size: str, seed: int, baseline_time: float, workers: int) -> dict:
    from scheduler.expand import expand
    from scheduler.generate import dump_instance, generate
    from scheduler.solve import SolveOptions, solve_expansion, to_plan

    instance = generate(size, seed)
    expansion = expand(instance)
    plan = to_plan(expansion, solve_expansion(expansion, SolveOptions(time_limit=baseline_time, workers=workers,
                                                                      seed=0)))
    teaching = {t for s in plan.sessions for t in s.teachers}
    middle = instance.term.start + (instance.term.end - instance.term.start) / 2
    busiest = collections.Counter(t for s in plan.sessions if s.date >= middle for t in s.teachers).most_common(1)
    scheduler = [sys.executable, "-m", "scheduler"]
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        county, base, new = folder / "county.yaml", folder / "base.json", folder / "new.json"
        county.write_text(dump_instance(instance), encoding="utf-8")
        base.write_text(plan.model_dump_json(), encoding="utf-8")
        first, wall = _timed([*scheduler, "notices", str(county), str(base), "-o", str(folder / "a")])
        second, _ = _timed([*scheduler, "notices", str(county), str(base), "-o", str(folder / "b")])
        names = sorted(p.name for p in (folder / "a").iterdir())
        same = filecmp.cmpfiles(folder / "a", folder / "b", names, shallow=False)[0] == names
        row = {"size": size, "seed": seed, "sessions": len(plan.sessions), "teachers": len(instance.teachers),
               "teachers_with_sessions": len(teaching), "notices_exit": first.returncode,
               "notices_wall_s": round(wall, 2), "files": len(names),
               "disk_MB": round(_size(folder / "a") / 1e6, 2), "same_bytes_twice": same and second.returncode == 0}
        replan = [*scheduler, "whatif", str(county), "--baseline", str(base), "--drop-teacher", busiest[0][0],
                  "--from", middle.isoformat(), "-o", str(new), "--time-limit", "8", "--workers", "1", "--seed", "0"]
        subprocess.run(replan, capture_output=True, text=True)
        if new.exists():
            changes, wall = _timed([*scheduler, "notices", str(county), str(new), "--changes-only",
                                    "-o", str(folder / "c")])
            rows = list(csv.reader((folder / "c" / "调课通知.csv").open(encoding="utf-8-sig")))[1:]
            row.update({"changes_exit": changes.returncode, "changes_wall_s": round(wall, 2),
                        "messages": len(rows), "longest_message": max((len(r[2]) for r in rows), default=0)})
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="M")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline-time", type=float, default=60)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args()
    row = run(args.size, args.seed, args.baseline_time, args.workers)
    lines = [f"| {key} | {value} |" for key, value in row.items()]
    table = "| measure | value |\n|---|---|\n" + "\n".join(lines)
    print(table)
    if args.record:
        body = (f"Measured {time.strftime('%Y-%m-%d')} on {machine()} (shared with other jobs); command: "
                f"`python -m benchmarks.notices --size {args.size} --seed {args.seed} --baseline-time "
                f"{args.baseline_time:g} --workers {args.workers} --record`. Wall times are of the whole "
                f"command in a fresh process; target: all of M's teachers under 10 s.\n\n{table}\n")
        write_section(SECTION, HEADING, body)


if __name__ == "__main__":
    main()
