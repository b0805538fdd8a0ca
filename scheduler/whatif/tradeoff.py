"""The trade-off of a what-if: how much plan quality a few more changes buy back.

After the least changes m (in the measure minimised), row k is the plan of least soft-rule
penalty with at most m + k, for k = 1 … K, each solved on the same neighbourhood and hinted
with the row before (a plan within its limit too): a row that finds nothing better keeps the
row before's plan, so the penalty never rises as the limit grows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from scheduler.domain.plan import Plan
from scheduler.expand import Expansion
from scheduler.solve import SolveOptions
from scheduler.solve.measures import Measure
from scheduler.solve.replan import Baseline, improve_quality
from scheduler.solve.result import Result


@dataclass(frozen=True)
class Row:
    allowed: int  # at most this much of the measure
    plan: Plan  # the baseline's successor, as written by -o
    penalty: int | float


def trade(first: Plan, hint: dict[str, Baseline], narrowed: Expansion, baseline: dict[str, Baseline],
          measure: Measure, minimum: int, extra: int, options: SolveOptions,
          plan_of: Callable[[Result], Plan], placements_of: Callable[[Result], dict[str, Baseline]]
          ) -> list[Row]:
    """Rows 0 … `extra`: row 0 is `first` (the plan of least changes); `plan_of` makes a
    solve's result a plan, `placements_of` a hint."""
    rows = [Row(minimum, first, first.objective)]
    for k in range(1, extra + 1):
        result = improve_quality(narrowed, baseline, measure.weights, minimum + k, options,
                                 hint=hint, measure=measure)
        previous = rows[-1]
        if not result.has_plan or result.objective is None or result.objective >= previous.penalty:
            rows.append(replace(previous, allowed=minimum + k))
            continue
        rows.append(Row(minimum + k, plan_of(result), result.objective))
        hint = placements_of(result)
    return rows
