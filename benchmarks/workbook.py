"""Workbook benchmark: reading the synthetic county from an .xlsx against reading it from YAML.

    python -m benchmarks.workbook [--size M] [--seed 1] [--repeat 5] [--record]

Generates the county, writes it as YAML and as a workbook, then times `load_instance` (the
whole read: file, parsing, the model's validation) on each, alternately, and reports the median
of each (target: the workbook within 2× of the YAML). Also times writing the workbook, and a
plain openpyxl read-only pass over it, the reader the workbook route does not use.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.scale import machine, write_section

SECTION = "workbook"
HEADING = "## Workbook instances (issue 19: the instance as .xlsx)"


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def run(size: str, seed: int, repeat: int) -> dict:
    from openpyxl import load_workbook

    from scheduler.domain.loading import load_instance
    from scheduler.generate import dump_instance, generate
    from scheduler.workbook.write import workbook_bytes

    instance = generate(size, seed)
    folder = Path(tempfile.mkdtemp(prefix="workbook-bench-"))
    yaml_path, xlsx_path = folder / "county.yaml", folder / "county.xlsx"
    yaml_path.write_text(dump_instance(instance), encoding="utf-8")
    written: list[bytes] = []
    write = _timed(lambda: written.append(workbook_bytes(instance)))
    xlsx_path.write_bytes(written[0])
    assert load_instance(xlsx_path) == load_instance(yaml_path)
    yaml_times, xlsx_times = [], []
    for _ in range(repeat):  # alternately: the loader keeps only the last file it parsed
        yaml_times.append(_timed(lambda: load_instance(yaml_path)))
        xlsx_times.append(_timed(lambda: load_instance(xlsx_path)))

    def openpyxl_pass():
        book = load_workbook(xlsx_path, read_only=True, data_only=True)
        for sheet in book.worksheets:
            for _ in sheet.iter_rows(values_only=True):
                pass

    return {
        "size": size, "seed": seed, "repeat": repeat,
        "sessions": sum(i.sessions for c in instance.classes for i in c.curriculum),
        "rows": sum(len(c.curriculum) for c in instance.classes),
        "yaml_kb": yaml_path.stat().st_size / 1024, "xlsx_kb": xlsx_path.stat().st_size / 1024,
        "yaml": statistics.median(yaml_times), "xlsx": statistics.median(xlsx_times),
        "write": write, "openpyxl": _timed(openpyxl_pass),
    }


def report(found: dict) -> str:
    ratio = found["xlsx"] / found["yaml"]
    return "\n".join([
        f"{dt.date.today().isoformat()}, {machine()}; `python -m benchmarks.workbook --size {found['size']} "
        f"--seed {found['seed']} --repeat {found['repeat']}` (median of {found['repeat']} reads each, "
        "`load_instance`: file, parsing, validation):",
        "",
        "| county | sessions | courses (rows) | YAML | .xlsx | read YAML | read .xlsx | ratio | write .xlsx |",
        "|---|---|---|---|---|---|---|---|---|",
        f"| synthetic {found['size']} | {found['sessions']:,} | {found['rows']:,} | {found['yaml_kb']:,.0f} KB | "
        f"{found['xlsx_kb']:,.0f} KB | {found['yaml']:.3f} s | {found['xlsx']:.3f} s | {ratio:.2f}× | "
        f"{found['write']:.2f} s |",
        "",
        f"Target: the workbook within 2× of the YAML: {'met' if ratio <= 2 else 'NOT met'}. The workbook is read "
        f"with python-calamine; a bare openpyxl read-only pass over the same file (values only, no "
        f"model) takes {found['openpyxl']:.2f} s, {found['openpyxl'] / found['yaml']:.1f}× the whole YAML read.",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="M", choices=["S", "M", "L"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--record", action="store_true", help="write the section of benchmarks/RESULTS.md")
    args = parser.parse_args()
    text = report(run(args.size, args.seed, args.repeat))
    print(text)
    if args.record:
        write_section(SECTION, HEADING, text)


if __name__ == "__main__":
    main()
