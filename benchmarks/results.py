"""benchmarks/RESULTS.md sections that keep every run: a new entry goes last inside the
section's markers (the section, with its heading and introduction, is made when missing)."""

from __future__ import annotations

from pathlib import Path

from scheduler.files import write_atomic


def append_entry(results: Path, heading: str, intro: str, begin: str, end: str, entry: str) -> None:
    current = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
    if begin in current and end in current:
        head, tail = current.split(end, 1)
        current = head + entry + end + tail
    else:
        current = current.rstrip() + f"\n\n{heading}\n\n{intro}\n\n{begin}\n{entry}{end}\n"
    write_atomic(results, current)
