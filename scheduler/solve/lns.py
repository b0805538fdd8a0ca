"""Improving a plan by large neighbourhoods: free a few classes, teachers or days, re-solve.

CP-SAT's own large-neighbourhood search copies and presolves the whole model for every
neighbourhood; on a county of a few thousand sessions one such call takes seconds to tens of
seconds (M, 2 workers: about a dozen calls in two minutes). Here a neighbourhood is a small
model of its own: the freed sessions with all their options, and, held to their current
placement, every other session that shares a class, a candidate teacher or a candidate venue
with them. Whatever the soft rules count for a class or a teacher that has a freed session
is then counted over all of its sessions, so the small model's objective differs from the
whole plan's only by a constant, and a better small plan is a better whole plan.

The full-time teachers' load balance (the spread of their loads) is county-wide: the small
model counts it over every full-time teacher, the loads of those whose sessions are all in it
as variables and the others' as in the plan, so it too differs from the plan's only by a
constant. The obligations of teachers only some of whose sessions are in the neighbourhood
are not posted for them: their sessions there are all held anyway.

Neighbourhoods are whole classes (with the classes they share a site and days with), one
teacher with the teachers who could take over their sessions, one site over a few days, and,
when the balance counts, the sessions that could move load from one of the most loaded
full-time teachers to one of the least loaded. Their size adapts: it grows while the small
models are solved to optimality within their time and shrinks when they are not.
"""

from __future__ import annotations

import math
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

    KINDS = ("classes", "teacher", "site_days", "loads")
    EXTREMES = 3  # the loads neighbourhood picks among this many most and least loaded teachers

    def __init__(self, expansion: Expansion, rng: random.Random):
        self.expansion = expansion
        self.rng = rng
        self.fulltime = _balanced_teachers(expansion)
        self.kinds = self.KINDS if self.fulltime else self.KINDS[:-1]
        self.classes = [c for c in expansion.instance.classes if expansion.sessions_by_class.get(c.id)]
        self.by_site: dict[str, list] = defaultdict(list)
        for term_class in self.classes:
            self.by_site[term_class.site].append(term_class)
        self.sessions_by_site: dict[str, list[Session]] = defaultdict(list)
        for session in expansion.sessions:
            self.sessions_by_site[session.site.id].append(session)
        self.sites = sorted(self.sessions_by_site)

    def choose(self, kind: str, size: int, plan: dict[str, Assignment]) -> set[str]:
        choosers = {"classes": self._classes, "teacher": self._teacher, "site_days": self._site_days,
                    "loads": self._loads}
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

    def _loads(self, size: int, plan) -> set[str]:
        """Sessions that could move load from one of the most loaded full-time teachers to one
        of the least loaded: first those of the busy one the idle one may take, then the
        busy one's others, then others the idle one may take."""
        if not self.fulltime:
            return self._teacher(size, plan)
        loads = plan_loads(self.expansion, plan, self.fulltime)
        order = sorted(self.fulltime, key=lambda t: (loads[t], self.rng.random()))
        idle = self.rng.choice(order[:self.EXTREMES])
        busy = self.rng.choice(order[-self.EXTREMES:])
        busy_sessions = [a.session_id for a in plan.values() if busy in a.teachers]
        idle_may = [s.id for s, _ in self.expansion.sessions_by_teacher.get(idle, [])]
        self.rng.shuffle(busy_sessions)
        self.rng.shuffle(idle_may)
        may = set(idle_may)
        free: set[str] = set()
        for group in ([sid for sid in busy_sessions if sid in may], busy_sessions, idle_may):
            for session_id in group:
                if len(free) >= size:
                    return free
                free.add(session_id)
        return free or self._teacher(size, plan)


def _balanced_teachers(expansion: Expansion) -> list[str]:
    """The full-time teachers whose loads the balance rule spreads (none when it does not count)."""
    instance = expansion.instance
    fulltime = [t.id for t in instance.teachers if t.kind is TeacherKind.FULLTIME]
    if len(fulltime) < 2 or instance.weight(BALANCE) <= 0:
        return []
    return fulltime


def plan_loads(expansion: Expansion, plan: dict[str, Assignment], teachers: list[str]) -> dict[str, int]:
    """Each of these teachers' load in the plan, as the balance rule counts it (sessions by
    their count)."""
    loads = dict.fromkeys(teachers, 0)
    for assignment in plan.values():
        for teacher_id in assignment.teachers:
            if teacher_id in loads:
                loads[teacher_id] += expansion.by_id[assignment.session_id].count
    return loads


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


def county_balance(ctx: ModelContext, whole: Expansion, plan: dict[str, Assignment]) -> int:
    """The county's full-time balance in a neighbourhood's model (`whole`: the county's
    expansion): the spread of every full-time teacher's load, those whose sessions are all in
    the model as variables, the others' as in the plan. The model's objective is then `scale`
    (returned; 1 when no load can change here) times the whole plan's penalty, less a
    constant, plus a tie-breaker below `scale`: how far the variable loads are from the
    full-time mean. The spread falls only once every teacher at an extreme has moved; the
    tie-breaker lets the search take the steps on the way, which change no penalty."""
    fulltime = _balanced_teachers(whole)
    if not fulltime:
        return 1
    fixed = plan_loads(whole, plan, fulltime)
    loads: list = []
    varying: list = []  # (load, its highest value) of the teachers whose load can change here
    for teacher_id in fulltime:
        entries = ctx.expansion.sessions_by_teacher.get(teacher_id)
        if entries and ctx.expansion.is_whole(teacher_id):
            load = sum(s.count * ctx.by_id[s.id].y[teacher_id] for s, _ in entries)
            loads.append(load)
            varying.append((load, sum(s.count for s, _ in entries)))
        else:
            loads.append(fixed[teacher_id])
    if not varying:
        return 1  # no load can change here
    model = ctx.model
    top = max(sum(s.count for s, _ in whole.sessions_by_teacher.get(t, [])) for t in fulltime)
    most = model.new_int_var(0, top, "county_load_max")
    least = model.new_int_var(0, top, "county_load_min")
    for load in loads:
        model.add(most >= load)
        model.add(least <= load)
    ctx.quality = ctx.quality + whole.instance.weight(BALANCE) * (most - least)
    mean = sum(fixed.values()) / len(fixed)
    low, high = math.floor(mean), math.ceil(mean)
    distances = []
    scale = 1
    for load, highest in varying:
        farthest = max(highest - high, low, 0)
        distance = model.new_int_var(0, farthest, "")
        model.add(distance >= load - high)
        model.add(distance >= low - load)
        distances.append(distance)
        scale += farthest
    model.minimize(scale * ctx.quality + sum(distances))
    return scale


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
    size = {kind: min(60, len(expansion.sessions)) for kind in chooser.kinds}
    while budget.left() > 0.05 and not should_stop():
        if elsewhere is not None and (better := elsewhere(objective)) is not None:
            plan, objective = dict(better[0]), better[1]
            stats.adopted += 1
        kind = chooser.kinds[stats.iterations % len(chooser.kinds)]
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
        if placements:  # a gain, or loads nearer the mean at no cost (county_balance)
            plan.update(placements)
        if gain > 0:
            objective -= gain
            stats.improvements += 1
            stats.gained += gain
            if on_improvement:
                on_improvement(objective)
        if status == cp_model.OPTIMAL and len(free) == len(expansion.sessions):
            break  # every session was free and the answer is optimal: nothing left to gain
    return plan, objective


def _solve_neighbourhood(expansion: Expansion, plan: dict[str, Assignment], free: set[str],
                         budget: Budget, seed: int, step: int):
    """Solve one neighbourhood: (status, proven gain, the free sessions' new assignments when
    better: a gain, or none and full-time loads nearer their mean), or None when its model has
    no objective."""
    ctx = build_model(neighbourhood(expansion, plan, free), skip_rules=frozenset({BALANCE}))
    scale = county_balance(ctx, expansion, plan)
    if not ctx.model.has_objective():
        return None
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
    after = round(solver.objective_value)
    if after >= before:
        return status, 0, {}
    gain = before // scale - after // scale  # the penalty's; the rest is the tie-breaker's
    return status, gain, {sv.session.id: read_assignment(sv, solver)
                          for sv in ctx.sessions if sv.session.id in free}
