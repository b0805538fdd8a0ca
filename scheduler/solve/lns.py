"""Improving a plan by large neighbourhoods: free a few classes, teachers or days, re-solve.

CP-SAT's own large-neighbourhood search copies and presolves the whole model for every
neighbourhood; on a county of a few thousand sessions one such call takes seconds to tens of
seconds (M, 2 workers: about a dozen calls in two minutes). Here a neighbourhood is a small
model of its own: the freed sessions with all their options, and, held to their current
placement, every other session that shares a class, a candidate teacher or a candidate venue
with them. Whatever the soft rules count for a class or a teacher that has a freed session
is then counted over all of its sessions, so the small model's objective differs from the
whole plan's only by a constant, and a better small plan is a better whole plan.

Two things are not local and are kept from getting worse instead: the full-time teachers'
load balance (a teacher in the neighbourhood keeps a load between the plan's lowest and
highest) and the obligations of teachers only some of whose sessions are in the
neighbourhood (not posted for them: their sessions there are all held anyway).

Neighbourhoods are whole classes (with the classes they share a site and days with), one
teacher with the teachers who could take over their sessions, and one site over a few days.
Their size adapts: it grows while the small models are solved to optimality within their
time and shrinks when they are not.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from scheduler.domain import TeacherKind
from scheduler.expand import Expansion, Session
from scheduler.solve import control, params
from scheduler.solve.budget import Budget
from scheduler.solve.model import build_model
from scheduler.solve.result import Assignment
from scheduler.solve.variables import ModelContext, held_copy, hint_plan, plan_values, read_assignment

BALANCE = "fulltime_balance"
MIN_STEP_COST = 0.02  # deterministic seconds charged for a neighbourhood, however small
STEP_SECONDS = 2.0  # at most, for one neighbourhood


@dataclass
class LnsStats:
    iterations: int = 0
    improvements: int = 0
    gained: int = 0
    adopted: int = 0  # plans taken over from the other search


class Neighbourhoods:
    """Chooses the sessions to free, from the expansion's classes, teachers and sites."""

    KINDS = ("classes", "teacher", "site_days")

    def __init__(self, expansion: Expansion, rng: random.Random):
        self.expansion = expansion
        self.rng = rng
        self.classes = [c for c in expansion.instance.classes if expansion.sessions_by_class.get(c.id)]
        self.by_site: dict[str, list] = defaultdict(list)
        for term_class in self.classes:
            self.by_site[term_class.site].append(term_class)
        self.sessions_by_site: dict[str, list[Session]] = defaultdict(list)
        for session in expansion.sessions:
            self.sessions_by_site[session.site.id].append(session)
        self.sites = sorted(self.sessions_by_site)

    def choose(self, kind: str, size: int, plan: dict[str, Assignment]) -> set[str]:
        choosers = {"classes": self._classes, "teacher": self._teacher, "site_days": self._site_days}
        return choosers[kind](max(1, size), plan)

    def _classes(self, size: int, plan) -> set[str]:
        """A class and the classes at its site whose dates are nearest to its own."""
        seed = self.rng.choice(self.classes)
        near = sorted(self.by_site[seed.site],
                      key=lambda c: (abs((c.start - seed.start).days), self.rng.random()))
        free: set[str] = set()
        for term_class in near:
            free.update(s.id for s in self.expansion.sessions_by_class[term_class.id])
            if len(free) >= size:
                break
        return free

    def _teacher(self, size: int, plan) -> set[str]:
        """The sessions of one teacher and of the teachers who could take some of them."""
        by_teacher: dict[str, list[str]] = defaultdict(list)
        for assignment in plan.values():
            for teacher_id in assignment.teachers:
                by_teacher[teacher_id].append(assignment.session_id)
        if not by_teacher:
            return self._classes(size, plan)
        first = self.rng.choice(sorted(by_teacher))
        free = set(by_teacher[first])
        others = sorted({c.id for sid in free for c in self.expansion.by_id[sid].teachers} - {first})
        self.rng.shuffle(others)
        for teacher_id in others:
            if len(free) >= size:
                break
            free.update(by_teacher.get(teacher_id, []))
        return free

    def _site_days(self, size: int, plan) -> set[str]:
        """The sessions at one site on a run of days around a random one of them."""
        site = self.rng.choice(self.sites)
        by_day: dict[int, list[str]] = defaultdict(list)
        for session in self.sessions_by_site[site]:
            by_day[session.slots[plan[session.id].slot_position].day].append(session.id)
        days = sorted(by_day)
        centre = self.rng.randrange(len(days))
        free: set[str] = set()
        low = high = centre
        free.update(by_day[days[centre]])
        while len(free) < size and (low > 0 or high < len(days) - 1):
            if high < len(days) - 1:
                high += 1
                free.update(by_day[days[high]])
            if low > 0 and len(free) < size:
                low -= 1
                free.update(by_day[days[low]])
        return free


def neighbourhood(expansion: Expansion, plan: dict[str, Assignment], free: set[str]) -> Expansion:
    """The small expansion: the free sessions, and every session sharing a class, a candidate
    teacher or a candidate venue with them held to its place in the plan. Only the free
    sessions' classes are in focus: the rules of the other classes count what is held."""
    classes = {c for sid in free for c in expansion.by_id[sid].class_ids}
    teachers = {c.id for sid in free for c in expansion.by_id[sid].teachers}
    venues = {c.id for sid in free for c in expansion.by_id[sid].venues}
    keep = set(free)
    for class_id in classes:
        keep.update(s.id for s in expansion.sessions_by_class.get(class_id, []))
    for assignment in plan.values():
        if assignment.venue in venues or not teachers.isdisjoint(assignment.teachers):
            keep.add(assignment.session_id)
    sessions = []
    for session in expansion.sessions:  # in the expansion's order: item symmetry relies on it
        if session.id not in keep:
            continue
        if session.id in free:
            sessions.append(session)
            continue
        held = plan[session.id]
        sessions.append(session.pinned(held.slot_position, held.teachers, held.venue))
    return replace(expansion, sessions=sessions, whole_teachers=frozenset(teachers), focus=frozenset(classes))


def _balance_window(ctx: ModelContext, plan: dict[str, Assignment]) -> None:
    """Full-time teachers with every session in the neighbourhood keep a load between the
    plan's lowest and highest, so that the balance rule cannot get worse."""
    instance = ctx.expansion.instance
    fulltime = [t.id for t in instance.teachers if t.kind is TeacherKind.FULLTIME]
    if len(fulltime) < 2 or instance.weight(BALANCE) <= 0:
        return
    loads = dict.fromkeys(fulltime, 0)
    for assignment in plan.values():
        for teacher_id in assignment.teachers:
            if teacher_id in loads:
                loads[teacher_id] += 1
    low, high = min(loads.values()), max(loads.values())
    for teacher_id in fulltime:
        entries = ctx.expansion.sessions_by_teacher.get(teacher_id)
        if not entries or not ctx.expansion.is_whole(teacher_id):
            continue
        load = sum(ctx.by_id[s.id].y[teacher_id] for s, _ in entries)
        ctx.model.add_linear_constraint(load, low, high)


def improve(expansion: Expansion, plan: dict[str, Assignment], objective: float,
            budget: Budget, seed: int, on_improvement: Callable[[float], None] | None = None,
            stats: LnsStats | None = None,
            elsewhere: Callable[[float], tuple[dict[str, Assignment], float] | None] | None = None,
            should_stop: Callable[[], bool] = lambda: False,
            ) -> tuple[dict[str, Assignment], float]:
    """Improve `plan` (session id -> assignment, of every session of the expansion) by
    neighbourhoods until the budget is spent or `should_stop()`; returns the plan and an upper
    bound of its objective (`objective` minus the proven gains). `elsewhere(objective)`, asked
    before each neighbourhood, may hand over a better plan found by another search."""
    rng = random.Random(seed)
    chooser = Neighbourhoods(expansion, rng)
    stats = stats if stats is not None else LnsStats()
    plan = dict(plan)
    size = {kind: min(60, len(expansion.sessions)) for kind in Neighbourhoods.KINDS}
    while budget.left() > 0.05 and not should_stop():
        if elsewhere is not None and (better := elsewhere(objective)) is not None:
            plan, objective = dict(better[0]), better[1]
            stats.adopted += 1
        kind = Neighbourhoods.KINDS[stats.iterations % len(Neighbourhoods.KINDS)]
        stats.iterations += 1
        free = chooser.choose(kind, size[kind], plan)
        step = _solve_neighbourhood(expansion, plan, free, budget, seed, stats.iterations)
        if step is None:
            break  # no soft rule can bend: nothing to improve
        status, gain, placements = step
        if status == cp_model.OPTIMAL:
            size[kind] = min(len(expansion.sessions), int(size[kind] * 1.25) + 1)
        else:
            size[kind] = max(8, int(size[kind] * 0.8))
        if gain > 0:
            plan.update(placements)
            objective -= gain
            stats.improvements += 1
            stats.gained += gain
            if on_improvement:
                on_improvement(objective)
        if status == cp_model.OPTIMAL and len(free) == len(expansion.sessions) \
                and not _left_out(expansion):
            break  # every session was free and the answer is optimal: nothing left to gain
    return plan, objective


def _solve_neighbourhood(expansion: Expansion, plan: dict[str, Assignment], free: set[str],
                         budget: Budget, seed: int, step: int):
    """Solve one neighbourhood: (status, proven gain, the free sessions' new assignments), or
    None when its model has no objective."""
    ctx = build_model(neighbourhood(expansion, plan, free), skip_rules=frozenset({BALANCE}))
    if not ctx.model.has_objective():
        return None
    _balance_window(ctx, plan)
    exact = params.small(STEP_SECONDS, seed, budget.repeatable)
    status = control.current().solve(exact, held_copy(ctx, plan_values(ctx, plan)))
    budget.spend(exact)
    if status != cp_model.OPTIMAL:  # cannot happen for a valid plan
        return cp_model.UNKNOWN, 0, {}
    before = round(exact.objective_value)
    hint_plan(ctx, plan)
    solver = params.small(min(STEP_SECONDS, max(0.05, budget.left())), seed + step, budget.repeatable)
    status = control.current().solve(solver, ctx.model)
    # Each step costs at least a little, so that a repeatable budget ends on tiny models.
    budget.spend(solver, MIN_STEP_COST)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return status, 0, {}
    gain = before - round(solver.objective_value)
    if gain <= 0:
        return status, 0, {}
    return status, gain, {sv.session.id: read_assignment(sv, solver)
                          for sv in ctx.sessions if sv.session.id in free}


def _left_out(expansion: Expansion) -> bool:
    """Whether a rule the small models leave out counts in the plan's objective."""
    fulltime = [t for t in expansion.instance.teachers if t.kind is TeacherKind.FULLTIME]
    return len(fulltime) >= 2 and expansion.instance.weight(BALANCE) > 0
