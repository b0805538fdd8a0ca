"""Sheet names Excel and WPS accept: at most 31 characters, none of []:*?/\\, not starting or
ending with an apostrophe, and distinct ignoring case (two names that meet once cut get a
number)."""

from __future__ import annotations

import re

from scheduler.plansheet import messages as m

MAX_LENGTH = 31
FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
RESERVED = ("History",)  # Excel keeps this name for itself


def sheet_names(wanted: list[str], taken: list[str]) -> list[str]:
    """A valid sheet name for each wanted name, distinct from each other and from `taken`."""
    used = {name.casefold() for name in (*taken, *RESERVED)}
    result = []
    for name in wanted:
        base = FORBIDDEN.sub("_", name).strip().strip("'") or m.CLASS_SHEET_FALLBACK
        candidate, number = base[:MAX_LENGTH], 2
        while candidate.casefold() in used:
            suffix = f"({number})"
            candidate = base[:MAX_LENGTH - len(suffix)].rstrip("'") + suffix
            number += 1
        used.add(candidate.casefold())
        result.append(candidate)
    return result
