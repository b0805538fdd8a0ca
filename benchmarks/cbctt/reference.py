"""Reference results for the bundled instances (formulation UD2): the best known cost (mostly
proven optimal) and the ITC2007 winner's mean over 10 runs at the competition time limit.

Sources: Bettinelli et al., "An overview of curriculum-based course timetabling", TOP 23
(2015), table 1; Müller, "ITC2007 solver description: a hybrid approach", table 4.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reference:
    best_known: int
    optimal: bool
    winner_mean: float


REFERENCES: dict[str, Reference] = {
    "comp01": Reference(5, True, 5.0),
    "comp02": Reference(24, False, 61.3),
    "comp03": Reference(64, False, 94.8),
    "comp04": Reference(35, True, 42.8),
    "comp05": Reference(284, False, 343.5),
    "comp06": Reference(27, True, 56.8),
    "comp07": Reference(6, True, 33.9),
}
