"""Find a small set of groups that cannot hold together, then shrink it to a minimal one.

1. Solve the relaxed model (no objective) with every group's literal as an assumption. If
   CP-SAT proves it infeasible, `sufficient_assumptions_for_infeasibility()` names a set of
   groups that is already infeasible on its own.
2. Deletion: for each group of that set, re-solve with the others only; if still infeasible
   the group is not needed (and the new, possibly smaller, sufficient set is kept); if a plan
   exists it is needed. A re-solve that runs out of time keeps its group, and the answer is
   then marked not proven minimal. The whole search is bounded by `time_limit`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from scheduler.expand import Expansion
from scheduler.explain.groups import Group, RelaxedModel, build_relaxed_model, group_order
from scheduler.solve import control, params


@dataclass
class Explanation:
    status: str  # "INFEASIBLE", "FEASIBLE" or "UNKNOWN" (no answer within the time limit)
    groups: list[Group] = field(default_factory=list)  # the minimal set (when INFEASIBLE)
    minimal: bool = True  # False when some deletion test ran out of time
    seconds: float = 0.0
    solves: int = 0
    relaxed: RelaxedModel | None = None

    @property
    def infeasible(self) -> bool:
        return self.status == "INFEASIBLE"


def _solve(rm: RelaxedModel, assumed: list[Group], time_limit: float, workers: int, seed: int):
    model = rm.model
    model.clear_assumptions()
    model.add_assumptions([rm.literals[g] for g in assumed])
    solver = params.proving(time_limit, workers, seed)
    status = control.current().solve(solver, model)
    core: list[Group] | None = None
    if status == cp_model.INFEASIBLE:
        index_to_group = {rm.literals[g].index: g for g in assumed}
        core = [index_to_group[i] for i in solver.sufficient_assumptions_for_infeasibility()
                if i in index_to_group]
    return status, core


FOCUS_ALL_SESSIONS = 400  # up to this many sessions, every class's filtered options are offered
MAX_FOCUS_CLASSES = 30


def explain_expansion(expansion: Expansion, time_limit: float = 30.0, workers: int = 1,
                      seed: int = 0) -> Explanation:
    """Why `expansion` has no plan: a minimal set of groups of hard rules that cannot hold together.

    Small instances: one relaxed model offering every filtered-out option. Larger ones, to keep
    the model small: first a model with expand's own options (only the constraints gated), whose
    sufficient set names the classes, teachers and venues in conflict; then a model offering the
    filtered-out options only to those classes (and the classes sharing those teachers/venues),
    which is shrunk to a minimal set.
    """
    started = time.perf_counter()
    deadline = started + time_limit
    if len(expansion.sessions) <= FOCUS_ALL_SESSIONS:
        return _explain(build_relaxed_model(expansion), deadline, workers, seed, started)
    first = _explain(build_relaxed_model(expansion, frozenset()), deadline, workers, seed, started,
                     shrink=False)
    if not first.infeasible or not first.groups:
        return first
    focus = _focus(expansion, first.groups)
    second = _explain(build_relaxed_model(expansion, focus), deadline, workers, seed, started)
    return second if second.infeasible else first


def _focus(expansion: Expansion, groups: list[Group]) -> frozenset[str]:
    """The classes a set of groups is about: named ones first, then those using named people/rooms."""
    named: list[str] = []
    people = {g[1] for g in groups if g[0].startswith("teacher_")}
    rooms = {g[1] for g in groups if g[0].startswith("venue_")}
    topics = {g[1] for g in groups if g[0] == "qualified"}
    for g in groups:
        if g[0] in ("class_window", "class_no_overlap", "ordering", "item_unavailable", "required_teacher"):
            named.append(g[1])
    for session in expansion.sessions:
        if (people & {c.id for c in session.teachers} or rooms & {c.id for c in session.venues}
                or session.item.topic in topics):
            named.extend(session.class_ids)
    return frozenset(list(dict.fromkeys(named))[:MAX_FOCUS_CLASSES])


def _explain(rm: RelaxedModel, deadline: float, workers: int, seed: int, started: float,
             shrink: bool = True) -> Explanation:
    everything = sorted(rm.literals, key=group_order)

    def left() -> float:
        return deadline - time.perf_counter()

    # Core extraction needs a single worker; deletion tests may use more.
    status, core = _solve(rm, everything, left(), 1, seed)
    solves = 1
    if status in (cp_model.FEASIBLE, cp_model.OPTIMAL):
        return Explanation("FEASIBLE", seconds=time.perf_counter() - started, solves=solves, relaxed=rm)
    if status != cp_model.INFEASIBLE:
        return Explanation("UNKNOWN", seconds=time.perf_counter() - started, solves=solves, relaxed=rm)
    if not shrink:
        return Explanation("INFEASIBLE", sorted(core or [], key=_display_order), False,
                           time.perf_counter() - started, solves, rm)

    needed: list[Group] = []
    candidates = sorted(core or [], key=group_order)
    minimal = True
    while candidates:
        group, rest = candidates[0], candidates[1:]
        if left() <= 0.05:
            needed += candidates
            minimal = False
            break
        # Each test gets a fair share of what is left, at least a little.
        share = max(0.2, left() / (len(candidates) + 1))
        status, sub_core = _solve(rm, needed + rest, min(share, left()), max(1, workers), seed)
        solves += 1
        if status == cp_model.INFEASIBLE:
            if sub_core is not None and workers <= 1 and set(needed) <= set(sub_core):
                kept = set(sub_core)
                candidates = [g for g in rest if g in kept]
            else:
                candidates = rest
        else:
            if status not in (cp_model.FEASIBLE, cp_model.OPTIMAL):
                minimal = False
            needed.append(group)
            candidates = rest
    return Explanation("INFEASIBLE", sorted(needed, key=_display_order), minimal,
                       time.perf_counter() - started, solves, rm)


_DISPLAY = ("class_window", "site_calendar", "item_unavailable", "ordering", "qualified",
            "required_teacher", "teacher_scope", "teacher_available", "teacher_daily_limit",
            "teacher_weekly_limit", "teacher_obligation", "teacher_no_overlap", "venue_capacity",
            "venue_available", "venue_no_overlap", "class_no_overlap")


def _display_order(group: Group) -> tuple:
    return (_DISPLAY.index(group[0]) if group[0] in _DISPLAY else len(_DISPLAY), group)
