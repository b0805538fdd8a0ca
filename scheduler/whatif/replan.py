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
cannot all be placed together, as few as found are left out as well (`_keep_most`): every
broken session out, then put back in halves while a plan remains.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from scheduler import text
from scheduler.domain.instance import Instance
from scheduler.domain.plan import Origin, Plan, Unplaced
from scheduler.expand import Expansion, Session, expand
from scheduler.history import succeed
from scheduler.solve import SolveOptions, to_plan
from scheduler.solve.replan import Baseline, Changes, improve_quality, minimize_changes
from scheduler.whatif.changes import Change, ChangeWeights, apply_changes
from scheduler.whatif.restrict import (
    Lapsed,
    SetAside,
    baseline_placements,
    from_start,
    restrict,
    still_valid,
)

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
    lower_bound: int
    change_cost: int | None = None
    change_counts: dict[str, int] = field(default_factory=dict)
    stages: list[Stage] = field(default_factory=list)
    lapsed: list[Lapsed] = field(default_factory=list)  # obligations only unplaced sessions could meet
    expansion: Expansion | None = None  # the last stage's, for explanations
    seconds: float = 0.0

    @property
    def proven(self) -> bool:
        """The change cost meets the lower bound: no plan placing these sessions changes less."""
        return self.change_cost is not None and self.change_cost <= self.lower_bound


def whatif(instance: Instance, baseline: Plan, baseline_name: str, changes: list[Change],
           start: dt.date, weights: ChangeWeights, options: SolveOptions) -> WhatIf:
    started = time.perf_counter()
    changed = apply_changes(instance, changes, start)
    search = _search(changed, baseline, start, weights, options, started)
    fixes = {s.id: _cheapest_fix(from_start(s, start), search.placements.get(s.id), search.weight, changed)
             for s in search.broken}
    lower = sum(fixes.values())
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
    spent: float = 0.0  # deterministic time with one worker (so that runs repeat), else wall seconds

    def time_left(self) -> float:
        used = self.spent if self.options.repeatable else time.perf_counter() - self.started
        return self.options.time_limit - used

    def minimize(self, narrowed: Expansion, limit: float, hint: dict[str, Baseline]):
        """The fewest changes on a stage's expansion, hinted; its time is counted as spent."""
        found = minimize_changes(narrowed, self.placements, self.weight, replace(self.options, time_limit=limit),
                                 hint=_resolved(narrowed, hint))
        self.spent += found.spent
        return found


class _Kept(NamedTuple):
    """A stage's plan of fewest changes, with the expansion it was found on."""

    found: Changes
    narrowed: Expansion
    aside: list[SetAside]
    lapsed: list[Lapsed]
    free: frozenset[str]


def _search(changed: Instance, baseline: Plan, start: dt.date, weights: ChangeWeights,
            options: SolveOptions, started: float) -> _Search:
    """Sessions before `start` are history; of the others, those whose baseline placement the
    changes no longer allow (or that are new) are broken."""
    expansion = expand(changed)
    placements = baseline_placements(expansion, baseline)
    movable = {s.id for s in expansion.sessions
               if s.id not in placements or placements[s.id].date >= start}
    broken = [s for s in expansion.sessions if s.id in movable
              and (s.id not in placements or not still_valid(s, placements[s.id]))]
    return _Search(expansion, placements, movable, broken, weights.model_dump(), start, options, started)


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
        found = search.minimize(narrowed, max(0.5, left * stage.share), hint)
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
    """The plan of fewest changes with as few sessions left out as found (`_keep_most`), and
    the sessions left out with their reason; None when no plan is found."""
    reason = text.WHATIF_SET_ASIDE_TOGETHER.format(start=search.start)
    interrupted = False

    def attempt(out: frozenset[str]) -> _Kept | None:
        nonlocal interrupted
        narrowed, aside, lapsed = restrict(search.expansion, search.placements,
                                           set(search.placements) - search.movable, search.start,
                                           dict.fromkeys(out, reason))
        found = search.minimize(narrowed, max(0.3, search.time_left() * 0.25), hint)
        interrupted = interrupted or found.interrupted
        return _Kept(found, narrowed, aside, lapsed, frozenset(search.movable)) if found.found else None

    kept = _keep_most(attempt, [s.id for s in search.broken], sorted(search.movable),
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
                             replace(search.options, time_limit=left), hint=_resolved(kept.narrowed, hint))
    return result, kept


def _settle(outcome: WhatIf, plan: Plan, kept: _Kept, found, fixes: dict[str, int], full_bound: int,
            baseline: Plan, baseline_name: str, changes: list[Change], search: _Search) -> None:
    """The outcome of a plan found: its status, the bound for the sessions placed, and the
    plan as the baseline's successor, with its origin."""
    unplaced = [Unplaced(id=a.session.id, classes=list(a.session.class_ids), title=a.session.item.title,
                         reason=a.reason) for a in kept.aside]
    # The bound holds for the sessions placed: those set aside cost nothing.
    lower = max(sum(cost for sid, cost in fixes.items() if sid not in {u.id for u in unplaced}),
                full_bound)
    outcome.lower_bound = lower
    status = "PARTIAL" if unplaced else ("OPTIMAL" if found.cost <= lower else "FEASIBLE")
    plan = plan.model_copy(update={"status": status, "unplaced": unplaced})
    origin = Origin(baseline=baseline_name, baseline_revision=baseline.revision, fixed_before=search.start,
                    changes=[c.dump() for c in changes], change_cost=found.cost,
                    change_lower_bound=lower, change_weights=search.weight)
    outcome.plan = succeed(baseline, plan, origin)
    outcome.status = status
    outcome.unplaced = kept.aside
    outcome.lapsed = kept.lapsed
    outcome.instance = kept.narrowed.instance  # the changes applied, lapsed obligations dropped
    outcome.change_cost = found.cost
    outcome.change_counts = found.counts


def _keep_most(attempt, broken: list[str], movable: list[str], time_left):
    """A plan with as few sessions left out as found, and the sessions left out.

    `attempt(left_out)` is the best plan with those sessions left out, or None. First every
    broken session is left out (every movable one, if that is not enough); then they are
    put back in halves, each half kept when a plan still exists, down to single sessions.
    """
    for candidates in (broken, movable):
        best = attempt(frozenset(candidates))
        if best is not None:
            break
    else:
        return None
    out = set(candidates)

    def put_back(group: list[str]) -> None:
        nonlocal best
        if not group or time_left() < 0.3:
            return
        found = attempt(frozenset(out - set(group)))
        if found is not None:
            best = found
            out.difference_update(group)
        elif len(group) > 1:
            half = len(group) // 2
            put_back(group[:half])
            put_back(group[half:])

    put_back(list(candidates))
    return best, out


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


def _cheapest_fix(session: Session, was: Baseline | None, weight: dict[str, int],
                  instance: Instance) -> int:
    """The least weighted change that makes this session possible on its own (0 when new)."""
    if was is None:
        return 0
    kinds = {instance.teacher(t).kind for t in was.teachers}
    best = None
    for position, slot in enumerate(session.slots):
        cost = (weight["date"] if slot.date != was.date else 0) + \
               (weight["block"] if (slot.start, slot.end) != (was.start, was.end) else 0)
        if best is not None and cost >= best:
            continue
        keep, new = [], []
        for c in session.teachers:
            if not c.allows(position):
                continue
            if c.id in was.teachers:
                keep.append(0)
            else:
                new.append(weight["teacher"] + (weight["kind"] if instance.teacher(c.id).kind not in kinds else 0))
        if any(t not in {c.id for c in session.teachers if c.allows(position)} for t in session.required_teachers):
            continue
        costs = sorted(keep + new)
        if len(costs) < session.teachers_needed:
            continue
        cost += sum(costs[:session.teachers_needed])
        if session.needs_venue:
            venues = [c for c in session.venues if c.allows(position)]
            if not venues:
                continue
            cost += 0 if any(c.id == was.venue for c in venues) else weight["venue"]
        best = cost if best is None else min(best, cost)
    return best or 0
