"""Plan workbook benchmark: write the synthetic county's plan as a workbook.

    python -m benchmarks.plansheet [--size M] [--seed 1] [--solve-time 60] [--record]

Generates the county, solves it once (one worker, `--solve-time` seconds; 0 takes the
generator's witness plan instead), then times the command a user runs,
`scheduler export-xlsx INSTANCE PLAN -o FILE` (a fresh process: loading, the independent
check, scoring, writing), and in this process the workbook alone and reading it back with
python-calamine. Target: M's workbook under 15 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.scale import machine, write_section

SECTION = "plansheet"
HEADING = "## Plan workbook (`export-xlsx`, issue 19)"


def _plan(size: str, seed: int, solve_time: float):
    from scheduler.check import score_plan
    from scheduler.expand import expand
    from scheduler.generate.assembly import generate_with_plan
    from scheduler.solve import SolveOptions, solve_expansion, to_plan

    instance, witness = generate_with_plan(size, seed)
    if solve_time <= 0:
        total = sum(p.penalty for p in score_plan(instance, witness))
        return instance, witness.model_copy(update={"objective": total}), "witness"
    expansion = expand(instance)
    result = solve_expansion(expansion, SolveOptions(time_limit=solve_time, workers=1, seed=0))
    return instance, to_plan(expansion, result), f"solved {solve_time:g} s, one worker"


def run(size: str, seed: int, solve_time: float) -> dict:
    from python_calamine import CalamineWorkbook

    from scheduler.check import score_plan
    from scheduler.generate import dump_instance
    from scheduler.plansheet import workbook_bytes

    instance, plan, source = _plan(size, seed, solve_time)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        instance_path, plan_path, out = folder / "county.yaml", folder / "plan.json", folder / "plan.xlsx"
        instance_path.write_text(dump_instance(instance), encoding="utf-8")
        plan_path.write_text(plan.model_dump_json(), encoding="utf-8")
        started = time.perf_counter()
        command = subprocess.run([sys.executable, "-m", "scheduler", "export-xlsx", str(instance_path),
                                  str(plan_path), "-o", str(out)], capture_output=True, text=True)
        wall = time.perf_counter() - started
        size_bytes = out.stat().st_size if out.exists() else 0
        started = time.perf_counter()
        penalties = score_plan(instance, plan)
        scored = time.perf_counter() - started
        started = time.perf_counter()
        book = workbook_bytes(instance, plan, penalties)
        built = time.perf_counter() - started
        started = time.perf_counter()
        workbook = CalamineWorkbook.from_path(str(out)) if out.exists() else None
        cells = sum(len(row) for name in (workbook.sheet_names if workbook else [])
                    for row in workbook.get_sheet_by_name(name).to_python())
        read = time.perf_counter() - started
    row = {"size": size, "seed": seed, "plan": source, "sessions": len(plan.sessions),
           "classes": len(instance.classes), "teachers": len(instance.teachers), "objective": plan.objective,
           "export_exit": command.returncode, "export_wall_s": round(wall, 2),
           "workbook_only_s": round(built, 2), "score_s": round(scored, 2), "calamine_read_s": round(read, 2),
           "sheets": len(book.sheets), "cells_read": cells, "file_kib": round(size_bytes / 1024)}
    if command.returncode != 0:
        row["stderr"] = command.stderr.strip().splitlines()[-3:]
    return row


def record(row: dict, command: str) -> None:
    lines = [f"{dt.date.today().isoformat()}, {machine()}, shared with other jobs; `{command}`", "",
             "| measure | value |", "|---|---|", *(f"| {key} | {value} |" for key, value in row.items()), "",
             "`export_wall_s` is the whole command in a fresh process (target: under 15 s for M); "
             "`workbook_only_s` builds the workbook's bytes alone."]
    write_section(SECTION, HEADING, "\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="M", choices=["S", "M", "L"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--solve-time", type=float, default=60)
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args()
    row = run(args.size, args.seed, args.solve_time)
    for key, value in row.items():
        print(f"{key}: {value}")
    if args.record:
        record(row, "python -m benchmarks.plansheet " + " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
