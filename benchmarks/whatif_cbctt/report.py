"""The results table of a scenario run and its record in benchmarks/RESULTS.md."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from benchmarks.cbctt.runner import RESULTS, machine
from benchmarks.results import append_entry
from benchmarks.whatif_cbctt.recover import Outcome, Settings
from benchmarks.whatif_cbctt.scenarios import Scenario

HEADING = "## What-if on CB-CTT: quality recovering after one disruption (issue 21 §5)"
BEGIN, END = "<!-- whatif-cbctt:begin -->", "<!-- whatif-cbctt:end -->"
INTRO = """\
The protocol of Lindahl, Stidsen and Sørensen, "Quality recovering of university timetables"
(EJOR 2019), on comp01–comp07 (`python -m benchmarks.whatif_cbctt`): start from a timetable
made by the engine (benchmarks/whatif_cbctt/data/compNN.sol, `python -m benchmarks.cbctt
--time-limit 60 --workers 1` on a machine shared by eight sessions, so far from the best known
costs; `start` is its UD2 cost), apply one disruption of the scenario file
(benchmarks/whatif_cbctt/data/scenarios.txt, `python -m benchmarks.whatif_cbctt.generate`,
seed 0): `lecture` one lecture barred from its period, `period` one period removed for all
rooms, `room` one room closed for one day, `curriculum` a new curriculum of four courses,
`teacher` (ours) one teacher out for one day. `min` is the fewest changed lectures (a lecture
changes when its period or room changes), `bound` CP-SAT's proven lower bound of it, `proven`
whether they meet, `time_s` the wall seconds to build the model and prove the minimum (limit
10 s). `ud2+k` is the UD2 cost (the independent scorer's) of the best timetable found with at
most min + k changes, never above `ud2+(k−1)`; `*` marks a cost proven optimal among the
model's candidate rooms (each course's own rooms and the three smallest that seat it).
`total_s` includes the six trade-off steps (deterministic budget each)."""

COLUMNS = ("#", "instance", "disruption", "start", "min", "bound", "proven", "time_s",
           *(f"ud2+{k}" for k in range(6)), "total_s")


@dataclass(frozen=True)
class Row:
    number: int
    scenario: Scenario
    start_cost: int | None
    outcome: Outcome | None
    error: str = ""

    @property
    def proven(self) -> bool:
        return self.outcome is not None and self.outcome.proven

    def cells(self, steps: int) -> list:
        o = self.outcome
        head = [self.number, self.scenario.instance, self.scenario.describe(), self.start_cost]
        if o is None:
            return [*head, self.error, "", "", "", *([""] * (steps + 1)), ""]
        costs = [f"{c}{'*' if proven else ''}" for c, proven in zip(o.costs, o.optimal, strict=True)]
        costs += [""] * (steps + 1 - len(costs))
        minimum = o.minimum if o.minimum is not None else o.status
        return [*head, minimum, o.bound, "yes" if o.proven else "no", o.seconds, *costs, o.total_seconds]


def table(rows: list[Row], steps: int = 5) -> str:
    from tabulate import tabulate

    headers = [*COLUMNS[:8], *(f"ud2+{k}" for k in range(steps + 1)), "total_s"]
    return tabulate([row.cells(steps) for row in rows], headers=headers, tablefmt="github",
                    disable_numparse=True)


def summary(rows: list[Row]) -> str:
    proven = [row for row in rows if row.proven]
    seconds = [row.outcome.seconds for row in proven]
    worst = f", proof time median {sorted(seconds)[len(seconds) // 2]:g} s, max {max(seconds):g} s" if seconds else ""
    return f"{len(proven)} of {len(rows)} scenarios with the minimum proven{worst}."


def record(rows: list[Row], settings: Settings, command: str, results: Path = RESULTS,
           today: dt.date | None = None) -> None:
    """Append this run to this benchmark's section of the results file (created when missing)."""
    day = (today or dt.date.today()).isoformat()
    entry = (f"Measured {day} on {machine()}; one worker, minimum limit {settings.limit:g} s wall, "
             f"trade-off {settings.step_seconds:g} deterministic s per step, seed {settings.seed}; "
             f"command: `{command}`. {summary(rows)}\n\n{table(rows, settings.steps)}\n\n")
    append_entry(results, HEADING, INTRO, BEGIN, END, entry)
