"""Ids derived from names, and references by name resolved to ids.

People refer to teachers, rooms and classes by name; the instance format refers by id. A blank
id is derived from the name (deterministic: the same names in the same order give the same ids),
and written into the workbook from then on, so ids stay put when a name changes later.
"""

from __future__ import annotations

import re

from scheduler.workbook import messages as say
from scheduler.workbook.cells import CellProblem

_NOT_ID = re.compile(r"[^\w.\-]+")
MAX_ID = 64
KNOWN_SHOWN = 8  # names listed after an unknown one


def derive_id(name: str, taken: set[str]) -> str:
    """An id from a name, not in `taken` (which it joins): the name with what an id cannot hold
    turned into '-', numbered -2, -3 … when already taken."""
    base = _NOT_ID.sub("-", name).strip("-.")[: MAX_ID - 4] or "x"
    if not re.match(r"\w", base):
        base = "x" + base
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


class Names:
    """The records of one sheet: name → ids (with their rows), and the ids."""

    def __init__(self, what: str):
        self.what = what
        self.by_name: dict[str, list[tuple[str, int]]] = {}
        self.ids: set[str] = set()

    def add(self, name: str, record_id: str, row: int) -> None:
        self.by_name.setdefault(name, []).append((record_id, row))
        self.ids.add(record_id)

    def knows(self, word: str) -> bool:
        return word in self.by_name or word in self.ids

    def resolve(self, word: str) -> str:
        """The id a cell's word refers to: a unique name, else an id."""
        found = self.by_name.get(word)
        if found and len(found) == 1:
            return found[0][0]
        if word in self.ids:
            return word
        if found:
            rows = "、".join(say.ROW_OF.format(row=row) for _, row in found)
            raise CellProblem(say.AMBIGUOUS_NAME.format(what=self.what, name=word, rows=rows))
        names = list(self.by_name)
        known = "、".join(names[:KNOWN_SHOWN])
        if len(names) > KNOWN_SHOWN:
            known += say.KNOWN_MORE.format(count=len(names))
        raise CellProblem(say.UNKNOWN_NAME.format(what=self.what, name=word, known=known or "无"))
