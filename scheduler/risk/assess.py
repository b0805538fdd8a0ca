"""One dropout replanned: the what-if replan of `scheduler whatif` (same model, same change
weights) with the teacher dropped from the start date to the end of the term, summed up as a
row of the report. Each replan has its own time limit (wall seconds; its searches end at a
share of it, kept by its own control);
when it proves that no plan exists, explain's sentences say why, within what is left of it."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field

from scheduler.domain.instance import Instance
from scheduler.domain.plan import Plan
from scheduler.risk.reasons import Unplaceable, why_unplaceable
from scheduler.risk.scenarios import Scenario, lost_sessions
from scheduler.solve.control import Control
from scheduler.solve.options import command_options
from scheduler.whatif.changes import ChangeWeights
from scheduler.whatif.diff import diff_plans
from scheduler.whatif.replan import whatif

# The replan's searches end at this share of its limit: what follows a search that the wall
# deadline cut (the next stages' and the quality model's building, on a county a second or
# more each) is not cut, and must fit in the rest (county M: up to 5 s past a full limit).
SEARCH_SHARE = 0.6
BASELINE_NAME = "baseline"  # the replanned plans are never written: their origin is not read


@dataclass(frozen=True)
class Settings:
    time_limit: float = 10.0  # wall seconds per replan
    workers: int = 1
    seed: int = 0
    weights: ChangeWeights = field(default_factory=ChangeWeights)


@dataclass
class Row:
    """What losing one teacher costs. change_cost is None when the replan found no plan."""

    teacher: str
    name: str
    lost: list[str]
    status: str
    unplaceable: list[Unplaceable]
    change_cost: int | None
    change_bound: int | None
    proven: bool
    changed: int  # placed sessions whose date, time, teachers or venue changed
    classes: list[str]
    notes: list[str] = field(default_factory=list)  # explain's sentences when no plan exists
    seconds: float = 0.0
    interrupted: bool = False

    def dump(self) -> dict:
        """The row as JSON data, without the time it took (so that files repeat)."""
        data = asdict(self)
        del data["seconds"], data["interrupted"]
        return data


def assess(instance: Instance, baseline: Plan, scenario: Scenario, settings: Settings) -> Row:
    started = time.perf_counter()
    # As `solve` does: a repeatable replan budgets a share of the limit in deterministic time,
    # which ends before the wall limit (the models' building is not in the budget).
    options = command_options(settings.time_limit, settings.workers, settings.seed)
    with Control(settings.time_limit * SEARCH_SHARE) as run:
        run.phase("replan")
        outcome = whatif(instance, baseline, BASELINE_NAME, [scenario.change()], scenario.start,
                         settings.weights, options)
        notes = _why_no_plan(outcome, run, settings) if outcome.plan is None else []
    name = instance.teacher(scenario.teacher).name
    row = Row(scenario.teacher, name, lost_sessions(baseline, scenario), outcome.status, [], None, None,
              False, 0, [], notes, interrupted=run.interrupted)
    if outcome.plan is not None:
        diff = diff_plans(baseline, outcome.plan)
        row.unplaceable = [why_unplaceable(instance, scenario.teacher, aside, scenario.start)
                           for aside in sorted(outcome.unplaced, key=lambda a: a.session.id)]
        row.change_cost, row.change_bound, row.proven = outcome.change_cost, outcome.lower_bound, outcome.proven
        row.changed = sum(1 for _, now in diff.changed if now is not None)
        row.classes = sorted(diff.classes)
    row.seconds = time.perf_counter() - started
    return row


def _why_no_plan(outcome, run: Control, settings: Settings) -> list[str]:
    """explain's sentences when the replan proved that no plan exists, in the time left."""
    from scheduler.explain import describe, explain_expansion

    left = settings.time_limit - outcome.seconds
    if outcome.status != "INFEASIBLE" or outcome.expansion is None or left < 0.5 or run.interrupted:
        return []
    run.extend(left)
    explanation = explain_expansion(outcome.expansion, time_limit=left, workers=1, seed=settings.seed)
    return describe(explanation, outcome.expansion)
