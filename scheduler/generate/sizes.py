"""The sizes S, M and L, the term starts to draw from, and the slack every class keeps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    counties: int
    townships: int  # per county
    villages: int  # per county
    teachers: int  # per county
    weeks: int
    county_tracks: int  # county-school classes running at once
    township_terms: int  # "4+N" terms per township school
    township_short: int  # short (1–3 day) classes per township school
    night_mean: float  # mean evening sessions per village per month


SIZES: dict[str, Size] = {
    "S": Size(counties=1, townships=4, villages=20, teachers=40, weeks=8,
              county_tracks=4, township_terms=2, township_short=6, night_mean=3.5),
    "M": Size(counties=1, townships=12, villages=120, teachers=200, weeks=20,
              county_tracks=4, township_terms=4, township_short=6, night_mean=3.3),
    "L": Size(counties=4, townships=12, villages=120, teachers=200, weeks=20,
              county_tracks=4, township_terms=4, township_short=6, night_mean=3.3),
}

# Term starts to choose from (all Mondays; chinese-calendar knows these years).
TERM_STARTS = (dt.date(2024, 3, 4), dt.date(2024, 9, 2), dt.date(2025, 3, 3), dt.date(2025, 9, 1))

WINDOW_SHARE = 0.6  # a class uses at most this share of its usable blocks
