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
  what the linear relaxation of the whole model does not (synthetic S county: 124, the
  optimum, against 120).
* Plan (`sweep`): from a first plan, components in order of how little room they have
  (fewest slots per session first, night schools last), each solved again as a neighbourhood
  of the plan (solve/lns.py): its sessions free, every session of a teacher or venue it may
  use held in place; passes repeat over those not proven optimal. The full-time balance is
  left to the step after (run.py): teachers and venues chosen again for the whole county at
  fixed times (`times_fixed`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from scheduler.expand import Expansion, Session
from scheduler.solve import control
from scheduler.solve.backstop import wall_backstop
from scheduler.solve.lns import BALANCE, neighbourhood
from scheduler.solve.model import build_model
from scheduler.solve.result import Assignment
from scheduler.solve.variables import fixed_copy, hint_plan, plan_values, read_assignment

# County-wide soft rules: a component alone cannot count them (they add >= 0 to the bound).
COUNTY_WIDE = frozenset({BALANCE, "travel_places"})
STEP_SECONDS = 2.0  # at most, for one component


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


@dataclass
class Clock:
    """Seconds left for a loop of small solves: wall-clock, or (`repeatable`) the solver's
    deterministic time, so that a run takes the same steps on any machine."""

    seconds: float
    repeatable: bool
    started: float = 0.0
    deterministic: float = 0.0

    def __post_init__(self) -> None:
        self.started = time.perf_counter()

    def left(self) -> float:
        if control.current().stopping():  # Ctrl-C, or the run's wall-clock deadline
            return 0.0
        spent = self.deterministic if self.repeatable else time.perf_counter() - self.started
        return self.seconds - spent

    def solver(self, seed: int) -> cp_model.CpSolver:
        solver = cp_model.CpSolver()
        params = solver.parameters
        params.num_workers = 1
        params.random_seed = seed
        params.catch_sigint_signal = False
        params.cp_model_presolve = False  # small models: presolve costs more than it saves
        seconds = max(0.05, min(STEP_SECONDS, self.left()))
        if self.repeatable:
            params.max_deterministic_time = seconds
            params.max_time_in_seconds = wall_backstop(seconds)
        else:
            params.max_time_in_seconds = seconds
        return solver

    def charge(self, solver: cp_model.CpSolver) -> None:
        self.deterministic += max(0.01, control.deterministic_time(solver))


def component_bound(expansion: Expansion, part: list[Session], clock: Clock, seed: int = 0,
                    skip_rules: frozenset[str] = frozenset()) -> float:
    """A lower bound of the component's share of the objective (0 when it has none)."""
    alone = replace(expansion, sessions=part, whole_teachers=frozenset())
    ctx = build_model(alone, skip_rules=COUNTY_WIDE | skip_rules)
    if not ctx.model.has_objective():
        return 0.0
    solver = clock.solver(seed)
    status = control.current().solve(solver, ctx.model)
    clock.charge(solver)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return 0.0  # out of time before any bound: the share is still >= 0
    # Constant terms count the items of other classes that have no session at all (a replan's
    # unplaced ones): they belong to no component.
    return max(0.0, solver.best_objective_bound - ctx.model.proto.objective.offset)


def component_bounds(expansion: Expansion, clock: Clock, report: Callable[[float], None] | None = None,
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


def sweep(expansion: Expansion, plan: dict[str, Assignment], clock: Clock, seed: int = 0,
          skip_rules: frozenset[str] = frozenset(), step: Callable[[], None] | None = None) -> int:
    """Improve `plan` in place: each component in turn (fewest slots per session first) solved
    again as a neighbourhood of it (solve/lns.py), the full-time balance left out; a
    component's new placement is taken, all at once, when optimal for it, or, out of time, no
    worse than the old one: the plan never gets worse but in the balance, and stays whole if
    the sweep is interrupted. Passes repeat, over the components not proven optimal in the
    last one, while time is left; `step()` after each component. Returns how many
    neighbourhoods were solved."""
    done = 0
    pending = by_room(components(expansion))
    while pending and clock.left() > 0:
        unproven = []
        for part in pending:
            if clock.left() <= 0:
                break
            if not _solve_again(expansion, plan, part, clock, seed + done, skip_rules):
                unproven.append(part)
            done += 1
            if step is not None:
                step()
        pending = unproven
    return done


def _solve_again(expansion: Expansion, plan: dict[str, Assignment], part: list[Session], clock: Clock,
                 seed: int, skip_rules: frozenset[str]) -> bool:
    """Solve one component again next to the plan, updating `plan`; whether it is now proven
    optimal for the component (or has nothing to optimise)."""
    free = {s.id for s in part}
    ctx = build_model(neighbourhood(expansion, plan, free), skip_rules=skip_rules | {BALANCE})
    if not ctx.model.has_objective():
        return True
    hint_plan(ctx, plan)
    solver = clock.solver(seed)
    status = control.current().solve(solver, ctx.model)
    clock.charge(solver)
    if status == cp_model.FEASIBLE:  # out of time: taken only if no worse than before
        exact = clock.solver(seed)
        if control.current().solve(exact, fixed_copy(ctx, plan_values(ctx, plan))) != cp_model.OPTIMAL:
            return False
        clock.charge(exact)
        if round(solver.objective_value) > round(exact.objective_value):
            return False
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        plan.update({sv.session.id: read_assignment(sv, solver) for sv in ctx.sessions if sv.session.id in free})
    return status == cp_model.OPTIMAL


def times_fixed(expansion: Expansion, plan: dict[str, Assignment]) -> Expansion:
    """The expansion with every session held to its planned time, free to take any teacher and
    venue that may take that time: the whole county's teachers and venues chosen again,
    full-time balance and obligations included."""
    return replace(expansion, sessions=[s.timed(plan[s.id].slot_position) for s in expansion.sessions])


def untimed(expansion: Expansion, plan: dict[str, Assignment], timed: list[Assignment]) -> dict[str, Assignment]:
    """Assignments of the times-fixed expansion back in the whole expansion's slot positions."""
    return {a.session_id: replace(a, slot_position=plan[a.session_id].slot_position) for a in timed}
