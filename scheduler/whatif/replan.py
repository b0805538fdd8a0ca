"""A what-if replan: the baseline plan under changes, moving as little as possible.

Sessions before the start date are history and stay as they are. The sessions the changes
make impossible (*broken*: their baseline teacher, room or time is no longer allowed) must
move. The search widens in stages, each hinted with the best plan so far and each cheap when
the change is local:

1. only the broken sessions may move;
2. also the later sessions of their classes, and the later sessions, on the same dates, of
   the teachers who could take them over;
3. every session from the start date on.

It stops as soon as the weighted changes reach a lower bound that holds for any plan (the
sum, over the broken sessions, of the cheapest change that makes each one possible on its
own), or when the time is up. Sessions that cannot be placed at all (no teacher left for the
topic, no day left in the class's dates) are set aside and reported; the plan then keeps
everything else and lists them as unplaced. When the last stage proves that the sessions left
cannot all be placed together, as few as found are left out as well (whatif/leave_out.py):
every broken session out, then put back in halves while a plan remains.

What is minimised may also be the changed sessions or the people affected (`measure`, see
solve/measures.py; the lower bounds are in whatif/bounds.py), and a trade-off of quality
against a few more changes can follow (whatif/tradeoff.py).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from scheduler import text
from scheduler.claims import recount_changes
from scheduler.domain.instance import Instance
from scheduler.domain.plan import Least, Origin, Plan, Unplaced
from scheduler.expand import Expansion, Session, expand
from scheduler.history import succeed
from scheduler.solve import SolveOptions, control, to_plan
from scheduler.solve.measures import Measure, session_people
from scheduler.solve.replan import Baseline, Changes, improve_quality, minimize_changes
from scheduler.whatif.bounds import cheapest_fix, lower_bound
from scheduler.whatif.changes import Change, ChangeWeights, apply_changes
from scheduler.whatif.diff import diff_plans, measure_of
from scheduler.whatif.leave_out import keep_most
from scheduler.whatif.restrict import (
    Lapsed,
    SetAside,
    baseline_placements,
    from_start,
    restrict,
    still_valid,
)
from scheduler.whatif.tradeoff import Row, trade

STAGE_SHARES = (0.25, 0.35)  # of the time left, for the first two stages
CHANGES_SHARE = 0.6  # of the last stage's time, for the fewest changes (the rest: quality)
STAGE_NAMES = ("只动受影响的课次", "加上同班次和接替教师当天的课次", "起始日之后的全部课次")


@dataclass(frozen=True)
class Neighbourhood:
    name: str
    free: frozenset[str]
    share: float  # of the time left


@dataclass
class Stage:
    name: str
    free: int
    status: str
    change_cost: int | None
    change_bound: int | None
    seconds: float


@dataclass
class WhatIf:
    status: str  # OPTIMAL / FEASIBLE (changes proven minimal or not), PARTIAL, INFEASIBLE, UNKNOWN
    instance: Instance  # the instance with the changes applied
    start: dt.date
    plan: Plan | None
    broken: list[str]
    unplaced: list[SetAside]
    lower_bound: int  # this and change_cost in the measure minimised (weighted changes by default)
    change_cost: int | None = None
    change_counts: dict[str, int] = field(default_factory=dict)  # of each kind of change (CHANGE_KINDS)
    stages: list[Stage] = field(default_factory=list)
    lapsed: list[Lapsed] = field(default_factory=list)  # obligations only unplaced sessions could meet
    expansion: Expansion | None = None  # the last stage's, for explanations
    tradeoff: list[Row] = field(default_factory=list)  # with --tradeoff: the plan for m, m+1 … changes
    seconds: float = 0.0

    @property
    def proven(self) -> bool:
        """The change cost meets the lower bound: no plan placing these sessions changes less."""
        return self.change_cost is not None and self.change_cost <= self.lower_bound


def whatif(instance: Instance, baseline: Plan, baseline_name: str, changes: list[Change],
           start: dt.date, weights: ChangeWeights, options: SolveOptions, measure: str = "cost",
           tradeoff: int = 0) -> WhatIf:
    """The replan; `measure` (of MEASURES) is what it minimises first, and `tradeoff` K asks
    for the best quality with up to K more of it as well (WhatIf.tradeoff)."""
    started = time.perf_counter()
    changed = apply_changes(instance, changes, start)
    search = _search(changed, baseline, start, weights, options, started, measure)
    fixes = {s.id: cheapest_fix(from_start(s, start), search.placements.get(s.id), search.weight, changed)
             for s in search.broken}
    lower = lower_bound(measure, fixes, search.placements, search.broken, {})
    outcome = WhatIf("UNKNOWN", changed, start, None, [s.id for s in search.broken], [], lower)
    stages = list(_neighbourhoods(search.expansion, search.broken, search.movable, search.placements))
    best, hint, full_bound = _widen(search, stages, outcome, lower)
    left_out: dict[str, str] = {}
    if best is None and outcome.stages and outcome.stages[-1].status == "INFEASIBLE" \
            and outcome.stages[-1].free == len(search.movable):
        # Changes no plan can meet with every session placed: keep as many as can be kept.
        kept = _leave_out_fewest(search, hint)
        if kept is not None:
            best, left_out = kept
            hint = _placements_of(best.narrowed, best.found.assignments)
            full_bound = best.found.bound
    if best is None:
        outcome.seconds = time.perf_counter() - started
        outcome.status = "INFEASIBLE" if outcome.stages and outcome.stages[-1].status == "INFEASIBLE" else "UNKNOWN"
        return outcome
    result, kept = _improve(search, stages, best, hint, left_out)
    outcome.seconds = time.perf_counter() - started
    if not result.has_plan:  # cannot happen: the hint satisfies every constraint
        outcome.status = "UNKNOWN"
        return outcome
    _settle(outcome, to_plan(kept.narrowed, result), kept, best.found, fixes, full_bound or 0,
            baseline, baseline_name, changes, search)
    if tradeoff:
        first = _placements_of(kept.narrowed, result.assignments)
        outcome.tradeoff = _trade(search, stages, outcome, first, left_out, tradeoff,
                                  (baseline, baseline_name, changes))
    return outcome


@dataclass
class _Search:
    """What every step of one what-if shares: the changed instance's sessions, their baseline
    placements, which may move and which must, and the time spent."""

    expansion: Expansion
    placements: dict[str, Baseline]
    movable: set[str]
    broken: list[Session]
    weight: dict[str, int]
    start: dt.date
    options: SolveOptions
    started: float
    kind: str = "cost"  # what is minimised (solve/measures.py MEASURES)
    spent: float = 0.0  # deterministic time with one worker (so that runs repeat), else wall seconds

    def time_left(self) -> float:
        used = self.spent if self.options.repeatable else time.perf_counter() - self.started
        return self.options.time_limit - used

    def minimize(self, narrowed: Expansion, limit: float, hint: dict[str, Baseline], aside: list[SetAside],
                 keeping: bool = False):
        """The fewest changes on a stage's expansion, hinted; its time is counted as spent.

        `keeping`: a plan is found already, so this one may be given up (None) when the run's
        wall deadline or Ctrl-C comes while its model is built (a county's whole model takes
        seconds to build, and the deadline cannot cut a build otherwise)."""
        try:
            with control.current().abortable() if keeping else nullcontext():
                found = minimize_changes(narrowed, self.placements, self.weight,
                                         replace(self.options, time_limit=limit),
                                         hint=_resolved(narrowed, hint), measure=self.measure(aside))
        except KeyboardInterrupt:
            if not keeping:
                raise
            return None
        self.spent += found.spent
        return found

    def measure(self, aside: list[SetAside]) -> Measure:
        """What is minimised, with the sessions set aside counted as changed."""
        gone = []
        for a in aside:
            was = self.placements.get(a.session.id)
            if was is not None:
                gone.append(session_people(a.session.class_ids, was.teachers))
        return Measure(self.kind, self.weight, tuple(gone))


class _Kept(NamedTuple):
    """A stage's plan of fewest changes, with the expansion it was found on."""

    found: Changes
    narrowed: Expansion
    aside: list[SetAside]
    lapsed: list[Lapsed]
    free: frozenset[str]


def _search(changed: Instance, baseline: Plan, start: dt.date, weights: ChangeWeights,
            options: SolveOptions, started: float, kind: str) -> _Search:
    """Sessions before `start` are history; of the others, those whose baseline placement the
    changes no longer allow (or that are new) are broken."""
    expansion = expand(changed)
    placements = baseline_placements(expansion, baseline)
    movable = {s.id for s in expansion.sessions
               if s.id not in placements or placements[s.id].date >= start}
    broken = [s for s in expansion.sessions if s.id in movable
              and (s.id not in placements or not still_valid(s, placements[s.id]))]
    return _Search(expansion, placements, movable, broken, weights.model_dump(), start, options, started, kind)


def _widen(search: _Search, stages: list[Neighbourhood], outcome: WhatIf, lower: int):
    """The stages in turn, each hinted with the best plan so far, until the changes meet the
    lower bound or the time is up: (the best kept, its placements as a hint, a bound that
    holds for every plan, or None)."""
    best: _Kept | None = None
    hint = search.placements
    full_bound = None
    for stage in stages:
        left = search.time_left()
        if best is not None and (best.found.cost <= lower or left < 0.5 or best.found.interrupted):
            break
        neighbourhood = stage.free
        narrowed, aside, lapsed = restrict(search.expansion, search.placements,
                                           set(search.placements) - neighbourhood, search.start)
        found = search.minimize(narrowed, max(0.5, left * stage.share), hint, aside, keeping=best is not None)
        if found is None:  # the wall deadline came while its model was built: keep the best
            break
        outcome.stages.append(Stage(stage.name, len(neighbourhood), found.status, found.cost,
                                    found.bound, round(found.seconds, 2)))
        outcome.expansion = narrowed
        whole = len(neighbourhood) == len(search.movable)
        if whole and found.bound is not None:
            full_bound = found.bound  # a bound for every plan, not just this neighbourhood's
        if found.status == "INFEASIBLE" and whole:
            break
        if found.found and (best is None or found.cost < best.found.cost):
            best = _Kept(found, narrowed, aside, lapsed, neighbourhood)
            hint = _placements_of(narrowed, found.assignments)
    return best, hint, full_bound


def _leave_out_fewest(search: _Search, hint: dict[str, Baseline]) -> tuple[_Kept, dict[str, str]] | None:
    """The plan of fewest changes with as few sessions left out as found (`keep_most`), and
    the sessions left out with their reason; None when no plan is found."""
    reason = text.WHATIF_SET_ASIDE_TOGETHER.format(start=search.start)
    interrupted = False
    kept_one = False

    def attempt(out: frozenset[str]) -> _Kept | None:
        nonlocal interrupted, kept_one
        narrowed, aside, lapsed = restrict(search.expansion, search.placements,
                                           set(search.placements) - search.movable, search.start,
                                           dict.fromkeys(out, reason))
        found = search.minimize(narrowed, max(0.3, search.time_left() * 0.25), hint, aside, keeping=kept_one)
        if found is None:  # the deadline or Ctrl-C while its model was built
            interrupted = True
            return None
        interrupted = interrupted or found.interrupted
        kept_one = kept_one or found.found
        return _Kept(found, narrowed, aside, lapsed, frozenset(search.movable)) if found.found else None

    kept = keep_most(attempt, [s.id for s in search.broken], sorted(search.movable),
                      lambda: -1.0 if interrupted else search.time_left())  # Ctrl-C: keep what is found
    if kept is None:
        return None
    best, out = kept
    return best, dict.fromkeys(out, reason)


def _improve(search: _Search, stages: list[Neighbourhood], best: _Kept, hint: dict[str, Baseline],
             left_out: dict[str, str]):
    """Quality, with the changes held: on the kept stage's neighbourhood, but on the middle
    stage's when the full one was kept (the soft rules over a whole county take longer to
    build than a what-if may). Returns the solve result and the expansion it is on."""
    kept = best
    if len(best.free) == len(search.movable) and len(stages) > 2:
        neighbourhood = stages[1].free
        pins = _resolved(search.expansion, hint)  # the kept plan, outside the neighbourhood
        narrowed, aside, lapsed = restrict(search.expansion, pins, set(pins) - neighbourhood, search.start,
                                           left_out)
        kept = _Kept(best.found, narrowed, aside, lapsed, neighbourhood)
    left = max(1.0, search.time_left())
    result = improve_quality(kept.narrowed, search.placements, search.weight, best.found.cost,
                             replace(search.options, time_limit=left), hint=_resolved(kept.narrowed, hint),
                             measure=search.measure(kept.aside))
    return result, kept


def _settle(outcome: WhatIf, plan: Plan, kept: _Kept, found, fixes: dict[str, int], full_bound: int,
            baseline: Plan, baseline_name: str, changes: list[Change], search: _Search) -> None:
    """The outcome of a plan found: its status, the bound for the sessions placed, and the
    plan as the baseline's successor, with its origin."""
    unplaced = [Unplaced(id=a.session.id, classes=list(a.session.class_ids), title=a.session.item.title,
                         reason=a.reason) for a in kept.aside]
    # Weighted, the bound holds for the sessions placed: those set aside cost nothing.
    lower = max(lower_bound(search.kind, fixes, search.placements, search.broken,
                            {a.session.id: a.session for a in kept.aside}), full_bound)
    outcome.lower_bound = lower
    status = "PARTIAL" if unplaced else ("OPTIMAL" if found.cost <= lower else "FEASIBLE")
    plan = plan.model_copy(update={"status": status, "unplaced": unplaced})
    outcome.instance = kept.narrowed.instance  # the changes applied, lapsed obligations dropped
    outcome.plan = _successor(plan, baseline, baseline_name, changes, search, outcome.instance, found.cost, lower)
    outcome.status = status
    outcome.unplaced = kept.aside
    outcome.lapsed = kept.lapsed
    outcome.change_cost = found.cost
    outcome.change_counts = found.counts


def _successor(plan: Plan, baseline: Plan, baseline_name: str, changes: list[Change], search: _Search,
               instance: Instance, cost: int | None, bound: int | None) -> Plan:
    """The plan as the baseline's next revision, with its origin: its weighted change cost and
    `bound` when they were minimised, else the cost counted from the plans alone and what was
    minimised instead (Least), with its `bound` (None for a trade-off row)."""
    least = None
    if search.kind != "cost":
        value = measure_of(diff_plans(baseline, plan), search.kind)
        least, cost, bound = Least(measure=search.kind, value=value, bound=bound), None, None
    origin = Origin(baseline=baseline_name, baseline_revision=baseline.revision, fixed_before=search.start,
                    changes=[c.dump() for c in changes],
                    change_cost=recount_changes(plan, baseline, instance, search.weight) if cost is None else cost,
                    change_lower_bound=bound, change_weights=search.weight, least=least)
    return succeed(baseline, plan, origin)


def _trade(search: _Search, stages: list[Neighbourhood], outcome: WhatIf, first: dict[str, Baseline],
           left_out: dict[str, str], extra: int, succession: tuple) -> list[Row]:
    """The trade-off rows (whatif/tradeoff.py), on the middle stage's neighbourhood (or the
    only one) around the plan found, each row with a share of another time limit."""
    free = stages[min(1, len(stages) - 1)].free
    pins = _resolved(search.expansion, first)
    narrowed, aside, _ = restrict(search.expansion, pins, set(pins) - free, search.start, left_out)
    unplaced = outcome.plan.unplaced

    def plan_of(result) -> Plan:
        plan = to_plan(narrowed, result).model_copy(
            update={"status": "PARTIAL" if unplaced else "FEASIBLE", "unplaced": unplaced})
        return _successor(plan, *succession, search, outcome.instance, None, None)

    options = replace(search.options, time_limit=max(1.0, search.options.time_limit / (extra + 1)))
    return trade(outcome.plan, _resolved(narrowed, first), narrowed, search.placements, search.measure(aside),
                 outcome.change_cost, extra, options, plan_of,
                 lambda result: _resolved(narrowed, _placements_of(narrowed, result.assignments)))


def _neighbourhoods(expansion: Expansion, broken: list[Session], movable: set[str],
                    placements: dict[str, Baseline]) -> Iterator[Neighbourhood]:
    """The stages' sets of free sessions, each larger than the last (equal ones skipped)."""
    first = {s.id for s in broken}
    classes = {c for s in broken for c in s.class_ids}
    helpers = {c.id for s in broken for c in s.teachers}
    dates = {placements[s.id].date for s in broken if s.id in placements}
    second = set(first)
    for session in expansion.sessions:
        if session.id not in movable:
            continue
        was = placements.get(session.id)
        if set(session.class_ids) & classes:
            second.add(session.id)
        elif was is not None and was.date in dates and helpers & set(was.teachers):
            second.add(session.id)
    previous = None
    for name, free, share in zip(STAGE_NAMES, (first, second, movable), (*STAGE_SHARES, CHANGES_SHARE)):
        if free == movable:
            share = CHANGES_SHARE  # the last stage: the rest goes to quality
        if free != previous:
            yield Neighbourhood(name, frozenset(free), share)
        previous = free


def _placements_of(expansion: Expansion, assignments) -> dict[str, Baseline]:
    """A stage's plan as placements; slot positions differ between stages, so they are
    resolved against each stage's expansion by date and times."""
    found = {}
    for a in assignments:
        slot = expansion.by_id[a.session_id].slots[a.slot_position]
        found[a.session_id] = Baseline(None, slot.date, slot.start, slot.end, a.teachers, a.venue)
    return found


def _resolved(expansion: Expansion, placements: dict[str, Baseline]) -> dict[str, Baseline]:
    return {sid: _resolve(expansion.by_id[sid], b) for sid, b in placements.items() if sid in expansion.by_id}


def _resolve(session: Session, was: Baseline) -> Baseline:
    position = next((p for p, s in enumerate(session.slots)
                     if (s.date, s.start, s.end) == (was.date, was.start, was.end)), None)
    return replace(was, slot=position)
