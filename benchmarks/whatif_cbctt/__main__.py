"""Replay a scenario file: for each disruption, the fewest changed lectures (proven), and the
UD2 cost at that minimum and with +1…+5 changes.

    python -m benchmarks.whatif_cbctt [--scenarios FILE] [--only N …] [--limit 10]
        [--step-seconds 0.5] [--steps 5] [--seed 0] [--results FILE | --no-record]

The table is printed and appended to benchmarks/RESULTS.md (or --results FILE). Exit 1 when a
scenario's minimum is not proven, 2 on bad arguments or a scenario file that cannot be read
(the message names the line and field).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from benchmarks.cbctt.runner import RESULTS
from benchmarks.whatif_cbctt.disruption import load
from benchmarks.whatif_cbctt.generate import SCENARIOS
from benchmarks.whatif_cbctt.recover import Settings, recover
from benchmarks.whatif_cbctt.report import Row, record, summary, table
from benchmarks.whatif_cbctt.scenarios import ScenarioError, read_scenarios


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.whatif_cbctt",
                                     description=__doc__.strip().splitlines()[0])
    parser.add_argument("--scenarios", type=Path, default=SCENARIOS, metavar="FILE",
                        help="the scenario file (default: the bundled set)")
    parser.add_argument("--only", type=int, nargs="+", metavar="N", help="only these scenarios (1 = the first)")
    parser.add_argument("--limit", type=float, default=10.0, metavar="S",
                        help="wall seconds to find and prove each minimum (default 10)")
    parser.add_argument("--step-seconds", type=float, default=0.5, metavar="S",
                        help="deterministic seconds per trade-off step (default 0.5)")
    parser.add_argument("--steps", type=int, default=5, metavar="K", help="trade-off +1…+K (default 5)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--results", type=Path, default=RESULTS, metavar="FILE")
    parser.add_argument("--no-record", action="store_true", help="print the table only")
    args = parser.parse_args(argv)
    if args.limit <= 0 or args.step_seconds <= 0 or args.steps < 0:
        parser.error("--limit and --step-seconds must be positive, --steps at least 0")
    try:
        args.loaded = read_scenarios(args.scenarios)
    except ScenarioError as error:
        parser.error(str(error))
    chosen = args.only or range(1, len(args.loaded) + 1)
    if any(not 1 <= n <= len(args.loaded) for n in chosen):
        parser.error(f"--only: the scenario file has scenarios 1…{len(args.loaded)}")
    args.chosen = list(chosen)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    settings = Settings(limit=args.limit, step_seconds=args.step_seconds, steps=args.steps, seed=args.seed)
    try:  # every scenario is read before the first solve, so that a bad line costs nothing
        disrupted = {n: load(args.loaded[n - 1]) for n in args.chosen}
    except ScenarioError as error:
        print(f"python -m benchmarks.whatif_cbctt: error: {error}", file=sys.stderr)
        return 2
    rows = []
    for number, scenario in disrupted.items():
        rows.append(Row(number, scenario.scenario, scenario.start_cost, recover(scenario, settings)))
        print(table(rows[-1:], settings.steps).splitlines()[-1], flush=True)
    print()
    print(table(rows, settings.steps))
    print(summary(rows))
    if not args.no_record:
        command = shlex.join(["python", "-m", "benchmarks.whatif_cbctt",
                              *(["--scenarios", str(args.scenarios)] if args.scenarios != SCENARIOS else []),
                              *(["--only", *map(str, args.only)] if args.only else []),
                              "--limit", f"{args.limit:g}", "--step-seconds", f"{args.step_seconds:g}",
                              "--steps", str(args.steps), *(["--seed", str(args.seed)] if args.seed else [])])
        record(rows, settings, command, args.results)
        print(f"\nrecorded in {args.results}")
    return 0 if all(row.proven for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
