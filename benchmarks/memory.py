"""Where a synthetic county's solve spends its memory, phase by phase.

    python -m benchmarks.memory [--size M|L] [--seed 1] [--time-limit 120] [--workers 2]
                                [--tracemalloc] [--record]

Runs the solve of benchmarks.scale (soft rules on) in this process while a thread samples,
every half second, the resident memory of this process and of its children (the parts'
bound runs in a forked child), tagged with the run's phase (solve/control.py's phase names;
`generate+expand` before the run, `validate` after). Prints one row per phase: seconds,
the highest resident memory of the process, of its children, and of both counted once
(proportional set sizes: pages a forked child still shares with its parent are not counted
twice). With --tracemalloc, Python's own allocations are traced too (slower, and the trace
itself takes memory): their size at each phase's peak, and the top allocation sites at the
highest point. --record appends the tables to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import threading
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.results import append_entry
from benchmarks.scale import machine, measure_one

RESULTS = Path(__file__).with_name("RESULTS.md")
HEADING = "## L in 4 GiB (issue 22 §2)"
INTRO = ("Memory by phase of the soft-rules solve of benchmarks.scale, sampled by "
         "`python -m benchmarks.memory` (MiB; `self` the solving process, `children` the parts' "
         "bound process, `both` their proportional set sizes added: shared pages counted once).")
BEGIN, END = "<!-- memory:begin -->", "<!-- memory:end -->"
PAGE = os.sysconf("SC_PAGE_SIZE")
MIB = 1024 * 1024
EVERY = 0.5  # seconds between samples


def _rss(pid: int | str) -> float:
    """Resident MiB of a process (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * PAGE / MIB
    except (OSError, IndexError, ValueError):
        return 0.0


def _pss(pid: int | str) -> float:
    """Proportional MiB of a process: each shared page divided among the processes sharing it."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0.0


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                                    "fsmblks", "uordblks", "fordblks", "keepcost")]


def _malloc() -> tuple[float, float]:
    """glibc's heap of this process: (MiB in use, MiB free but kept); (0, 0) elsewhere."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = _MallInfo2
    except (OSError, AttributeError):
        return 0.0, 0.0
    info = libc.mallinfo2()
    return (info.uordblks + info.hblkhd) / MIB, info.fordblks / MIB


def _children(pid: int) -> list[str]:
    found: list[str] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as listed:
                found += listed.read().split()
    except OSError:
        pass
    return found


@dataclass
class Phase:
    name: str
    first: float
    last: float = 0.0
    self_mib: float = 0.0
    children_mib: float = 0.0
    both_mib: float = 0.0
    malloc_used_mib: float = 0.0  # glibc's heap in use, at the phase's highest resident point
    malloc_free_mib: float = 0.0  # freed but kept by glibc then
    python_mib: float = 0.0  # traced by tracemalloc, when on


@dataclass
class Sampler:
    """Samples memory in a thread until stopped; phases in the order first seen."""

    started: float = field(default_factory=time.perf_counter)
    phases: dict[str, Phase] = field(default_factory=dict)
    top: list[str] = field(default_factory=list)  # tracemalloc's top sites at the traced peak
    top_at: str = ""
    traced_peak: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)
    _seen_run: bool = False

    def phase_now(self) -> str:
        from scheduler.solve import control

        name = control.current().phase_name
        if name:
            self._seen_run = True
            return name
        return "validate" if self._seen_run else "generate+expand"

    def sample(self) -> None:
        now = time.perf_counter() - self.started
        name = self.phase_now()
        phase = self.phases.setdefault(name, Phase(name, now))
        phase.last = now
        pid = os.getpid()
        children = _children(pid)
        own = _rss(pid)
        if own > phase.self_mib:
            phase.self_mib = own
            phase.malloc_used_mib, phase.malloc_free_mib = _malloc()
        if children:
            phase.children_mib = max(phase.children_mib, sum(_rss(c) for c in children))
            both = _pss(pid) + sum(_pss(c) for c in children)
        else:
            both = own
        phase.both_mib = max(phase.both_mib, both)
        if tracemalloc.is_tracing():
            traced = tracemalloc.get_traced_memory()[0] / MIB
            phase.python_mib = max(phase.python_mib, traced)
            if traced > 1.1 * self.traced_peak + 16:  # a new high: note where it is
                self.traced_peak = traced
                self.top_at = name
                stats = tracemalloc.take_snapshot().statistics("lineno")[:12]
                self.top = [f"{s.size / MIB:8.1f} MiB {s.count:>9} blocks  {s.traceback[0]}" for s in stats]

    def run(self) -> None:
        while not self._stop.wait(EVERY):
            self.sample()

    def __enter__(self) -> Sampler:
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self.thread.join()


def phase_table(sampler: Sampler) -> str:
    from tabulate import tabulate

    traced = tracemalloc.is_tracing() or any(p.python_mib for p in sampler.phases.values())
    headers = ["phase", "from_s", "to_s", "self_mib", "malloc_used", "malloc_free", "children_mib", "both_mib"]
    headers += ["python_mib"] if traced else []
    rows = []
    for p in sampler.phases.values():
        row = [p.name, round(p.first), round(p.last), round(p.self_mib), round(p.malloc_used_mib),
               round(p.malloc_free_mib), round(p.children_mib), round(p.both_mib)]
        rows.append(row + ([round(p.python_mib)] if traced else []))
    return tabulate(rows, headers=headers, tablefmt="github")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="M")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--tracemalloc", action="store_true", help="trace Python's allocations too")
    parser.add_argument("--note", default="", help="a line recorded with the tables")
    parser.add_argument("--record", action="store_true", help="append the tables to RESULTS.md")
    args = parser.parse_args()
    if args.tracemalloc:
        tracemalloc.start(1)
    load = os.getloadavg()
    with Sampler() as sampler:
        row = measure_one(args.size, args.seed, args.time_limit, args.workers)
    tracemalloc.stop()
    summary = (f"{args.size}: {row['variables']} variables, {row['constraints']} constraints, objective "
               f"{row['objective']}, bound {row['bound']} (gap {row['gap_%']} %), status {row['status']}, "
               f"peak (ru_maxrss of the solving process) {row['peak_mib']} MiB, total {row['total_s']} s; "
               f"first plan at {row['first_plan_s']} s, {row['parts_swept']} components swept, "
               f"{row['lns_iterations']} neighbourhoods, {row['lns_adopted']} plans of CP-SAT's adopted")
    text = phase_table(sampler)
    print(summary)
    print(text)
    if sampler.top:
        print(f"\ntracemalloc top at the traced peak ({sampler.traced_peak:.0f} MiB, phase {sampler.top_at}):")
        print("\n".join(sampler.top))
    if args.record:
        record(args, row, summary, text, sampler, load)


def record(args, row: dict, summary: str, text: str, sampler: Sampler, load: tuple) -> None:
    flags = " --tracemalloc" if args.tracemalloc else ""
    entry = (f"\nMeasured {time.strftime('%Y-%m-%d %H:%M')} on {machine()}, load {load[0]:.1f} at the start; "
             f"command: `python -m benchmarks.memory --size {args.size} --seed {args.seed} "
             f"--time-limit {args.time_limit:g} --workers {args.workers}{flags} --record`."
             + (f" {args.note}" if args.note else "") + f"\n{summary}.\n\n{text}\n")
    if sampler.top:
        entry += (f"\nPython's top allocation sites at the traced peak ({sampler.traced_peak:.0f} MiB, "
                  f"phase {sampler.top_at}):\n\n```\n" + "\n".join(sampler.top) + "\n```\n")
    append_entry(RESULTS, HEADING, INTRO, BEGIN, END, entry)


if __name__ == "__main__":
    main()
