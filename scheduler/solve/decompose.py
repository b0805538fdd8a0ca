"""Class by class: a lower bound and a first plan from the parts of a county that share no session.

Classes joined by joint sessions form a *component*. Different components meet only through
teachers and venues and the county-wide rules (the full-time teachers' balance, a teacher's
townships in one day, obligations over a period).

* Bound (`component_bounds`): one component alone, with every hard rule among its own
  sessions but none of the other components' sessions and no obligations, is a relaxation of
  the whole model restricted to it; the soft rules it counts (per class, item, session, or
  teacher of a session) are exactly its share of the objective. So the components' optima, or
  CP-SAT's bounds of them, add up to a lower bound of every plan's objective: the county-wide
  rules only add their own share, which is never negative. A component not solved yet counts
  0, so a bound cut short by time is still a bound. Solving a component to optimality sees
  what the linear relaxation of the whole model does not.
* Plan (`sweep`): from a first plan, components in order of how little room they have
  (fewest slots per session first, night schools last), each solved again as a neighbourhood
  of the plan (solve/lns.py): its sessions free, every session of a teacher or venue it may
  use held in place; passes repeat over those not proven optimal. The full-time balance is
  left to the step after (`rechoose_teachers_and_venues`): teachers and venues chosen again for the whole county at
  fixed times (`times_fixed`).
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable
from dataclasses import replace

from ortools.sat.python import cp_model

from scheduler.expand import Expansion, Session
from scheduler.solve import control, params
from scheduler.solve.budget import Budget
from scheduler.solve.lanes import Lanes, resources
from scheduler.solve.lns import BALANCE, neighbourhood
from scheduler.solve.model import build_model
from scheduler.solve.options import SolveOptions
from scheduler.solve.result import Assignment, Stats
from scheduler.solve.variables import (
    ModelContext,
    held_copy,
    hint_plan,
    plan_values,
    read_assignment,
    read_assignments,
)

# County-wide soft rules: a component alone cannot count them (they add >= 0 to the bound).
COUNTY_WIDE = frozenset({BALANCE, "travel_places"})
STEP_SECONDS = 2.0  # at most, for one component
MIN_CHARGE = 0.01  # deterministic seconds charged for a component's solve, however small


def components(expansion: Expansion) -> list[list[Session]]:
    """The sessions of each set of classes joined by joint sessions, in expansion order."""
    parent: dict[str, str] = {}

    def root(class_id: str) -> str:
        while parent.setdefault(class_id, class_id) != class_id:
            parent[class_id] = parent[parent[class_id]]
            class_id = parent[class_id]
        return class_id

    for session in expansion.sessions:
        first, *others = session.class_ids
        for other in others:
            parent[root(other)] = root(first)
    grouped: dict[str, list[Session]] = {}
    for session in expansion.sessions:
        grouped.setdefault(root(session.class_ids[0]), []).append(session)
    return list(grouped.values())


def by_room(parts: list[list[Session]]) -> list[list[Session]]:
    """Components with the fewest slots per session first (short classes on fixed dates before
    term-long ones), larger first among equals; those at sites of one block a day (night
    schools) last: the class rules on neighbouring blocks do not apply there, and what is
    left to them (teachers' fit and travel) is chosen again at fixed times anyway."""
    return sorted(parts, key=lambda part: (all(len(s.site.blocks) < 2 for s in part),
                                           sum(len(s.slots) for s in part) / len(part), -len(part)))


def _step_solver(budget: Budget, seed: int) -> cp_model.CpSolver:
    """One component's solve: no presolve (small models: it costs more than it saves)."""
    return params.small(max(0.05, min(STEP_SECONDS, budget.left())), seed, budget.repeatable, presolve=False)


def component_bound(expansion: Expansion, part: list[Session], clock: Budget, seed: int = 0,
                    skip_rules: frozenset[str] = frozenset()) -> float:
    """A lower bound of the component's share of the objective (0 when it has none)."""
    alone = replace(expansion, sessions=part, whole_teachers=frozenset())
    ctx = build_model(alone, skip_rules=COUNTY_WIDE | skip_rules)
    if not ctx.model.has_objective():
        return 0.0
    solver = _step_solver(clock, seed)
    status = control.current().solve(solver, ctx.model)
    clock.spend(solver, MIN_CHARGE)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return 0.0  # out of time before any bound: the share is still >= 0
    # Constant terms count the items of other classes that have no session at all (a replan's
    # unplaced ones): they belong to no component.
    return max(0.0, solver.best_objective_bound - ctx.model.proto.objective.offset)


def component_bounds(expansion: Expansion, clock: Budget, report: Callable[[float], None] | None = None,
                     seed: int = 0, skip_rules: frozenset[str] = frozenset()) -> tuple[float, bool]:
    """The sum of every component's bound, and whether every component was bounded in time;
    `report(total)` after each component. The caller adds the constant terms of the whole
    model (items with no session at all)."""
    total = 0.0
    for n, part in enumerate(components(expansion)):
        if clock.left() <= 0:
            return total, False
        total += component_bound(expansion, part, clock, seed + n, skip_rules)
        if report is not None:
            report(total)
    return total, True


def sweep(expansion: Expansion, plan: dict[str, Assignment], clock: Budget, seed: int = 0,
          skip_rules: frozenset[str] = frozenset(), step: Callable[[dict[str, Assignment]], None] | None = None,
          lanes: int = 1) -> int:
    """Improve `plan` in place: each component in turn (fewest slots per session first) solved
    again as a neighbourhood of it (solve/lns.py), the full-time balance left out; a
    component's new placement is taken, all at once, when optimal for it, or, out of time, no
    worse than the old one: the plan never gets worse but in the balance, and stays whole if
    the sweep is interrupted. Passes repeat, over the components not proven optimal in the
    last one, while time is left; `step(plan)` after each component (with `lanes` > 1, after
    each of this thread's, with a whole copy of the plan). With `lanes` > 1 that many
    components that share no teacher or venue are solved at once (solve/lanes.py); the order
    then depends on the solves' times, so such a sweep does not repeat. Returns how many
    neighbourhoods were solved."""
    parts = by_room(components(expansion))

    def work(part: list[Session], current: dict[str, Assignment], n: int) -> tuple[dict[str, Assignment], bool]:
        return _solve_again(expansion, current, part, clock, seed + n, skip_rules)

    def more() -> bool:
        return clock.left() > 0

    if lanes > 1:
        lanes_of_parts: Lanes[list[Session]] = Lanes(plan, resources, lanes)
        return lanes_of_parts.run(parts, work, more, step)
    done = 0
    pending = parts
    while pending and more():
        unproven = []
        for part in pending:
            if not more():
                break
            update, proven = work(part, plan, done)
            plan.update(update)
            if not proven:
                unproven.append(part)
            done += 1
            if step is not None:
                step(plan)
        pending = unproven
    return done


def _solve_again(expansion: Expansion, plan: dict[str, Assignment], part: list[Session], clock: Budget,
                 seed: int, skip_rules: frozenset[str]) -> tuple[dict[str, Assignment], bool]:
    """Solve one component again next to the plan: its sessions' new assignments (none when
    the old ones stay), and whether it is now proven optimal for the component (or has
    nothing to optimise)."""
    free = {s.id for s in part}
    ctx = build_model(neighbourhood(expansion, plan, free), skip_rules=skip_rules | {BALANCE})
    if not ctx.model.has_objective():
        return {}, True
    hint_plan(ctx, plan)
    solver = _step_solver(clock, seed)
    status = control.current().solve(solver, ctx.model)
    clock.spend(solver, MIN_CHARGE)
    if status == cp_model.FEASIBLE:  # out of time: taken only if no worse than before
        exact = _step_solver(clock, seed)
        if control.current().solve(exact, held_copy(ctx, plan_values(ctx, plan))) != cp_model.OPTIMAL:
            return {}, False
        clock.spend(exact, MIN_CHARGE)
        if round(solver.objective_value) > round(exact.objective_value):
            return {}, False
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {}, False
    update = {sv.session.id: read_assignment(sv, solver) for sv in ctx.sessions if sv.session.id in free}
    return update, status == cp_model.OPTIMAL


def times_fixed(expansion: Expansion, plan: dict[str, Assignment]) -> Expansion:
    """The expansion with every session held to its planned time, free to take any teacher and
    venue that may take that time: the whole county's teachers and venues chosen again,
    full-time balance and obligations included."""
    return replace(expansion, sessions=[s.timed(plan[s.id].slot_position) for s in expansion.sessions])


def untimed(expansion: Expansion, plan: dict[str, Assignment], timed: list[Assignment]) -> dict[str, Assignment]:
    """Assignments of the times-fixed expansion back in the whole expansion's slot positions."""
    return {a.session_id: replace(a, slot_position=plan[a.session_id].slot_position) for a in timed}


class PartsBound:
    """The components' lower bound: in a process of its own when the run has two workers or
    more (started at once, read whenever asked), else computed here after the sweep for a
    share of the time. A partial sum is a bound too, so the value can be read at any time.
    The process is best started before the whole model is built (`before_model`): forked
    then, it shares none of the model's memory, which the garbage collector would otherwise
    copy into it page by page."""

    def __init__(self, expansion: Expansion, options: SolveOptions):
        self.expansion = expansion
        self.options = options
        # Constant terms of the objective (items with no session at all) belong to no
        # component: set from the whole model (`count_offset`).
        self.offset = 0.0
        self.spent_here = 0.0  # deterministic seconds spent in run_here
        self._total: float | None = None
        self._complete = False
        self._process = None
        if options.workers >= 2 and "fork" in multiprocessing.get_all_start_methods():
            # Forked: the child has the expansion without pickling it (no fork on Windows:
            # there the bound is computed first, as with one worker).
            context = multiprocessing.get_context("fork")
            self._shared = context.Array("d", [0.0, 0.0])  # running total, complete flag
            self._process = context.Process(target=self._work, daemon=True)
            self._process.start()
            control.current().on_abort.append(self.stop)  # a second Ctrl-C leaves no process behind

    @classmethod
    def before_model(cls, expansion: Expansion, options: SolveOptions) -> PartsBound | None:
        """The bound's process, started now, when the run will want it (soft rules, two workers
        or more, more than one component); None otherwise."""
        if options.soft and options.decompose and options.workers >= 2 and not options.times_first \
                and len(components(expansion)) > 1:
            return cls(expansion, options)
        return None

    def count_offset(self, ctx: ModelContext) -> None:
        self.offset = ctx.model.proto.objective.offset

    @property
    def in_background(self) -> bool:
        return self._process is not None

    def _work(self) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops this process

        def report(total: float) -> None:
            self._shared[0] = total

        _, complete = component_bounds(self.expansion, Budget(self.options.time_limit, False), report,
                                       self.options.seed, self.options.skip_rules)
        self._shared[1] = 1.0 if complete else 0.0

    def run_here(self, seconds: float) -> None:
        budget = Budget(seconds, self.options.repeatable)
        self._total, self._complete = component_bounds(self.expansion, budget, seed=self.options.seed,
                                                       skip_rules=self.options.skip_rules)
        self.spent_here = budget.deterministic

    def value(self) -> float | None:
        if self._process is not None:
            return self.offset + self._shared[0]
        return None if self._total is None else self.offset + self._total

    def complete(self) -> bool:
        return bool(self._shared[1]) if self._process is not None else self._complete

    def stop(self) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
        if self._process is not None:
            self._process.join()


def rechoose_teachers_and_venues(ctx: ModelContext, options: SolveOptions, plan: dict[str, Assignment],
                                 seconds: float, stats: Stats) -> dict[str, Assignment] | None:
    """Teachers and venues chosen again for the whole county with every session's time held
    (the parts were planned without the full-time balance and obligations); None when no
    choice keeps every hard rule at these times."""
    timed = build_model(times_fixed(ctx.expansion, plan), options.skip_rules)
    hint_plan(timed, plan)  # each timed session has one slot: the plan's
    solver = params.rechoose(options, seconds, params.large(ctx.expansion))
    status = control.current().solve(solver, timed.model)
    stats.rechoose_status = solver.status_name(status)
    stats.parts_deterministic = stats.parts_deterministic + control.deterministic_time(solver)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return untimed(ctx.expansion, plan, read_assignments(timed, solver))
