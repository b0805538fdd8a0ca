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

from scheduler import text
from scheduler.domain.instance import Instance
from scheduler.domain.plan import Origin, Plan, Unplaced
from scheduler.expand import Expansion, Session, expand
from scheduler.history import succeed
from scheduler.solve import SolveOptions, to_plan
from scheduler.solve.replan import Baseline, improve_quality, minimize_changes
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
    expansion = expand(changed)
    placements = baseline_placements(expansion, baseline)
    movable = {s.id for s in expansion.sessions
               if s.id not in placements or placements[s.id].date >= start}
    broken = [s for s in expansion.sessions if s.id in movable
              and (s.id not in placements or not still_valid(s, placements[s.id]))]
    weight = weights.model_dump()
    fixes = {s.id: _cheapest_fix(from_start(s, start), placements.get(s.id), weight, changed) for s in broken}
    lower = sum(fixes.values())
    outcome = WhatIf("UNKNOWN", changed, start, None, [s.id for s in broken], [], lower)

    best = None  # (Changes, stage expansion, set aside, lapsed obligations, neighbourhood)
    hint = placements
    full_bound = None
    stages = list(_neighbourhoods(expansion, broken, movable, placements))
    spent = 0.0  # deterministic time with one worker (so that runs repeat), else wall seconds

    def time_left() -> float:
        used = spent if options.repeatable else time.perf_counter() - started
        return options.time_limit - used

    for stage in stages:
        left = time_left()
        if best is not None and (best[0].cost <= lower or left < 0.5 or best[0].interrupted):
            break
        neighbourhood = stage.free
        narrowed, aside, lapsed = restrict(expansion, placements, set(placements) - neighbourhood, start)
        stage_options = replace(options, time_limit=max(0.5, left * stage.share))
        found = minimize_changes(narrowed, placements, weight, stage_options,
                                 hint=_resolved(narrowed, hint))
        spent += found.spent
        outcome.stages.append(Stage(stage.name, len(neighbourhood), found.status, found.cost,
                                    found.bound, round(found.seconds, 2)))
        outcome.expansion = narrowed
        if len(neighbourhood) == len(movable) and found.bound is not None:
            full_bound = found.bound  # a bound for every plan, not just this neighbourhood's
        if found.status == "INFEASIBLE" and len(neighbourhood) == len(movable):
            break
        if found.found and (best is None or found.cost < best[0].cost):
            best = (found, narrowed, aside, lapsed, neighbourhood)
            hint = _placements_of(narrowed, found.assignments)
    left_out: dict[str, str] = {}
    if best is None and outcome.stages and outcome.stages[-1].status == "INFEASIBLE" \
            and outcome.stages[-1].free == len(movable):
        # Changes no plan can meet with every session placed: keep as many as can be kept.
        reason = text.WHATIF_SET_ASIDE_TOGETHER.format(start=start)
        interrupted = False

        def attempt(out: frozenset[str]):
            nonlocal spent, interrupted
            narrowed, aside, lapsed = restrict(expansion, placements, set(placements) - movable, start,
                                               dict.fromkeys(out, reason))
            limit = max(0.3, time_left() * 0.25)
            found = minimize_changes(narrowed, placements, weight, replace(options, time_limit=limit),
                                     hint=_resolved(narrowed, hint))
            spent += found.spent
            interrupted = interrupted or found.interrupted
            return (found, narrowed, aside, lapsed, frozenset(movable)) if found.found else None

        kept = _keep_most(attempt, [s.id for s in broken], sorted(movable),
                          lambda: -1.0 if interrupted else time_left())  # Ctrl-C: keep what is found
        if kept is not None:
            best, out = kept
            left_out = dict.fromkeys(out, reason)
            hint = _placements_of(best[1], best[0].assignments)
            full_bound = best[0].bound
    if best is None:
        outcome.seconds = time.perf_counter() - started
        outcome.status = "INFEASIBLE" if outcome.stages and outcome.stages[-1].status == "INFEASIBLE" else "UNKNOWN"
        return outcome

    found, narrowed, aside, lapsed, neighbourhood = best
    # Quality, with the changes held: on the kept stage's neighbourhood, but on the middle
    # stage's when the full one was kept (the soft rules over a whole county take longer to
    # build than a what-if may).
    if len(neighbourhood) == len(movable) and len(stages) > 2:
        neighbourhood = stages[1].free
        pins = _resolved(expansion, hint)  # the kept plan, outside the neighbourhood
        narrowed, aside, lapsed = restrict(expansion, pins, set(pins) - neighbourhood, start, left_out)
    left = max(1.0, time_left())
    result = improve_quality(narrowed, placements, weight, found.cost, replace(options, time_limit=left),
                             hint=_resolved(narrowed, hint))
    outcome.seconds = time.perf_counter() - started
    if not result.has_plan:  # cannot happen: the hint satisfies every constraint
        outcome.status = "UNKNOWN"
        return outcome
    plan = to_plan(narrowed, result)
    unplaced = [Unplaced(id=a.session.id, classes=list(a.session.class_ids), title=a.session.item.title,
                         reason=a.reason) for a in aside]
    # The bound holds for the sessions placed: those set aside cost nothing.
    lower = max(sum(cost for sid, cost in fixes.items() if sid not in {u.id for u in unplaced}),
                full_bound or 0)
    outcome.lower_bound = lower
    status = "PARTIAL" if unplaced else ("OPTIMAL" if found.cost <= lower else "FEASIBLE")
    plan = plan.model_copy(update={"status": status, "unplaced": unplaced})
    origin = Origin(baseline=baseline_name, baseline_revision=baseline.revision, fixed_before=start,
                    changes=[c.dump() for c in changes], change_cost=found.cost,
                    change_lower_bound=lower, change_weights=weight)
    outcome.plan = succeed(baseline, plan, origin)
    outcome.status = status
    outcome.unplaced = aside
    outcome.lapsed = lapsed
    outcome.instance = narrowed.instance  # the changes applied, lapsed obligations dropped
    outcome.change_cost = found.cost
    outcome.change_counts = found.counts
    return outcome


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
