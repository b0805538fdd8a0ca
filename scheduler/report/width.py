"""Tables that fit a terminal: the widest columns are cut to a common cap, their cells
abbreviated with …, so that a 120-column terminal shows each line whole. Headers are never cut
and no column is dropped. Widths are display widths (wcwidth: a Chinese character counts two)."""

from __future__ import annotations

from wcwidth import wcswidth, wcwidth

ELLIPSIS = "…"
SEPARATOR = 2  # tabulate's "simple" format puts two spaces between columns
MIN_COLUMN = 6
HEADER_PADDING = 2  # tabulate's MIN_PADDING: a column is at least its header plus two


def display_width(value: str) -> int:
    width = wcswidth(value)
    return width if width >= 0 else sum(max(wcwidth(c), 0) for c in value)


def clip(value: str, limit: int) -> str:
    """The value, or its start and … within `limit` display columns."""
    if display_width(value) <= limit:
        return value
    kept, used = [], display_width(ELLIPSIS)
    for char in value:
        w = max(wcwidth(char), 0)
        if used + w > limit:
            break
        kept.append(char)
        used += w
    return "".join(kept) + ELLIPSIS


def fit_rows(rows: list[list[str]], headers: list[str], width: int) -> list[list[str]]:
    """Rows whose cells are cut so that the table, headers included, is at most `width` wide."""
    if not rows:
        return rows
    heads = [display_width(h) + HEADER_PADDING for h in headers]
    natural = [max(head, *(display_width(str(r[i])) for r in rows)) for i, head in enumerate(heads)]
    floor = [min(n, max(head, MIN_COLUMN)) for n, head in zip(natural, heads)]
    room = width - SEPARATOR * (len(headers) - 1)
    if sum(natural) <= room:
        return rows
    cap = _cap(natural, floor, room)
    limits = [max(f, min(n, cap)) for n, f in zip(natural, floor)]
    return [[clip(str(cell), limit) for cell, limit in zip(row, limits)] for row in rows]


def _cap(natural: list[int], floor: list[int], room: int) -> int:
    """The largest cap on every column's width (never below its floor) that fits `room`."""
    low, high = 0, max(natural)
    while low < high:
        middle = (low + high + 1) // 2
        if sum(max(f, min(n, middle)) for n, f in zip(natural, floor)) <= room:
            low = middle
        else:
            high = middle - 1
    return low
