"""Solve CB-CTT instances through the engine, score them and record the results.

    python -m benchmarks.cbctt [--instances NAME|PATH …] [--time-limit 160] [--workers 1]
                               [--seeds 0 …] [--times-search whole|slices] [--out DIR]
                               [--results FILE | --no-record]

Instances are bundled names (toy, comp01 … comp07; default: comp01–comp07) or paths to any
`.ctt` file. The table is printed and appended to benchmarks/RESULTS.md (or --results FILE);
--out DIR writes each solution as DIR/<name>.sol (DIR/<name>-s<seed>.sol with several seeds).
With several seeds each instance runs once per seed, and a summary per instance follows: the
costs, their mean and spread, and whether the mean is at or below the ITC2007 winner's. Exit 1
when an instance has no plan or a hard violation, 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from dataclasses import replace
from pathlib import Path

from benchmarks.cbctt.runner import (
    COMPETITION,
    RESULTS,
    Settings,
    UnknownInstance,
    record,
    resolve,
    run_isolated,
    summary,
    table,
)


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cbctt",
                                     description=__doc__.strip().splitlines()[0])
    parser.add_argument("--instances", nargs="+", default=COMPETITION, metavar="NAME|PATH",
                        help="bundled instance names or .ctt paths (default: comp01–comp07)")
    parser.add_argument("--time-limit", type=float, default=160.0, metavar="S",
                        help="seconds per instance (default 160, the competition's budget)")
    parser.add_argument("--workers", type=int, default=1, metavar="N", help="CP-SAT workers (default 1)")
    parser.add_argument("--seeds", "--seed", type=int, nargs="+", default=[0], metavar="SEED",
                        help="one run per seed (default 0)")
    parser.add_argument("--times-search", choices=("whole", "slices"), default="whole",
                        help="the times model's search: one CP-SAT search (default) or slices to CP-SAT "
                             "with or without its LP subsolvers, by what each gained")
    parser.add_argument("--out", type=Path, metavar="DIR", help="write DIR/<name>.sol for each instance")
    parser.add_argument("--results", type=Path, default=RESULTS, metavar="FILE",
                        help="the results file to append to (default benchmarks/RESULTS.md)")
    parser.add_argument("--no-record", action="store_true", help="print the table only")
    args = parser.parse_args(argv)
    if args.time_limit <= 0 or args.workers < 1:
        parser.error("--time-limit must be positive and --workers at least 1")
    try:
        args.paths = [resolve(spec) for spec in args.instances]
    except UnknownInstance as error:
        parser.error(str(error))
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    settings = Settings(time_limit=args.time_limit, workers=args.workers, seed=args.seeds[0], out=args.out,
                        times_slices=args.times_search == "slices")
    several = len(args.seeds) > 1
    rows = []
    for path in args.paths:
        for seed in args.seeds:
            rows.append(run_isolated(path, replace(settings, seed=seed, suffix=f"-s{seed}" if several else "")))
            print(table(rows[-1:]), flush=True)
    print()
    print(table(rows))
    if several:
        print()
        print(summary(rows))
    if not args.no_record:
        command = shlex.join(["python", "-m", "benchmarks.cbctt", "--instances", *args.instances,
                              "--time-limit", f"{args.time_limit:g}", "--workers", str(args.workers),
                              *(["--seeds", *map(str, args.seeds)] if args.seeds != [0] else []),
                              *(["--times-search", "slices"] if args.times_search == "slices" else [])])
        record(rows, settings, command, args.results)
        print(f"\nrecorded in {args.results}")
    return 0 if all(row.ok for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
