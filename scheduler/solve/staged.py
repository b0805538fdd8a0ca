"""Times first, venues after: a run for instances where choosing venues together with times
makes the search slow.

When many sessions compete for a site's venues at once (the CB-CTT benchmark: every room is a
candidate of every lecture), CP-SAT's search on the whole model spends its time on venue
literals and venue no-overlaps. This run splits the choice:

1. *Times*: the times-only model (build_model(venues=False)): every rule that does not
   depend on the venue, with what times alone decide of the venues — at most as many
   sessions in a block as there are venues they could use, and a lower bound of the missing
   seats; an item's interchangeable sessions are counted together (solve/counted.py). The
   first plan of times comes from the greedy hint as in the usual run; CP-SAT (with
   presolve, and all its full-problem subsolvers) then improves it for most of the time. Its
   bound is a bound of the whole model: the times-only model is a relaxation of it.
2. *Venues*: the whole model with those times and teachers fixed; CP-SAT chooses the venues
   against the venue rules (room stability, missing seats, preferred venues). This also runs
   right after the first plan of times, so that a complete plan exists early.
3. *Times for the venues*: rounds for the time left. Each curriculum item's home is the
   venue most of its sessions use in the best plan; the times-only model, hinted with that
   plan, then also pays for every session beyond the first in a block at the same home (one
   of them must sit elsewhere, a second venue for its item), and venues are chosen again for
   its times, homes first. Times alone cannot see room stability: without these rounds the
   venue stage inherits times that force it. The rounds end when one finds no better plan.
4. *Together*: what time is left goes to CP-SAT on the whole model, hinted with the best plan
   (it also finds plans whose times the venue counts cannot tell apart from unfit ones).

When the venues cannot be chosen for the times (the counts are necessary, not always
sufficient: venues closed at some slots, candidate sets that overlap without nesting), the
run falls back to the whole model, hinted with the times.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import replace

from ortools.sat.python import cp_model

from scheduler.expand import Expansion
from scheduler.solve import control, params
from scheduler.solve.budget import Budget
from scheduler.solve.counted import counted
from scheduler.solve.evaluation import exact_penalties, integral, least_penalties
from scheduler.solve.greedy import Placement, greedy_plan
from scheduler.solve.hints import hint_choices, hint_solution
from scheduler.solve.model import build_model
from scheduler.solve.options import SolveOptions
from scheduler.solve.phases import FIRST_PLAN_SHARE, solve_built
from scheduler.solve.portfolio import search_in_slices
from scheduler.solve.progress import Relay, Watcher
from scheduler.solve.result import Result, Stats, Status
from scheduler.solve.variables import ModelContext, plan_values, read_assignment, read_assignments

TIMES_SHARE = 0.5  # of the time left after the first plan, for the times-only model
VENUES_SHARE = 0.5  # of the time left after that, for choosing venues
HOMES_SHARE = 0.5  # of the time left, for each round of times kept to the items' venues
FOUND = (cp_model.OPTIMAL, cp_model.FEASIBLE)


def solve_times_first(expansion: Expansion, options: SolveOptions) -> Result:
    return _TimesFirst(expansion, options).run()


class _TimesFirst:
    """One run of the stages; the best complete plan is (solver of the whole model, objective)."""

    def __init__(self, expansion: Expansion, options: SolveOptions):
        started = time.perf_counter()
        self.options = options
        self.whole = build_model(expansion, options.skip_rules)
        self.times = build_model(counted(expansion), options.skip_rules, venues=False)
        self.placements = greedy_plan(expansion)
        hint_choices(self.times, self.placements)
        hint_choices(self.whole, self.placements)
        self.stats = Stats(variables=len(self.whole.model.proto.variables),
                           constraints=len(self.whole.model.proto.constraints),
                           times_variables=len(self.times.model.proto.variables),
                           counted_sessions=len(self.times.expansion.sessions), sessions=len(expansion.sessions),
                           build_seconds=round(time.perf_counter() - started, 3),
                           greedy_placed=len(self.placements), strategy="times_first")
        self.started = time.perf_counter()
        self.watcher = Watcher(self.started, options)
        self.quiet = Watcher(self.started, replace(options, progress=None))  # plans without venues
        self.runner = control.current()
        self.clock = Budget(options.time_limit, options.repeatable, self.started)

    def run(self) -> Result:
        # 1. The first plan of times, then its venues: the first complete plan.
        first = params.first_plan(self.options, self.options.time_limit * FIRST_PLAN_SHARE)
        status = self.runner.solve(first, self.times.model, self.quiet)
        self.clock.spend(first)
        self.stats.phase1_seconds = round(control.wall_time(first), 3)
        if status == cp_model.INFEASIBLE:  # a relaxation without a plan: the whole has none
            return _result("INFEASIBLE", None, None, self.started, self.watcher, [], self.stats)
        if status not in FOUND:
            return self._whole_model(None)
        bound = first.best_objective_bound
        best = self._venues(self.times, first, max(1.0, 0.1 * self.clock.left()), first_only=True)
        if best is None:
            return self._whole_model(first)
        self.stats.first_objective = best[1]
        best, bound = self._better_times(first, best, bound)
        best = self._home_rounds(best, bound)
        best, bound = self._together(best, bound)
        objective, violations = exact_penalties(self.whole, best[0].value)
        self.stats.solutions = self.watcher.solutions
        self.stats.interrupted = self.runner.interrupted
        name = "OPTIMAL" if objective <= round(bound) else "FEASIBLE"
        return _result(name, objective, bound, self.started, self.watcher, read_assignments(self.whole, best[0]),
                       self.stats, violations)

    def _whole_model(self, hint_times: cp_model.CpSolver | None) -> Result:
        """The usual run on the whole model for the time left, hinted with these times."""
        if hint_times is not None:
            self.whole.model.clear_hints()
            timed = {}
            for held in read_assignments(self.times, hint_times):
                greedy = self.placements.get(held.session_id)
                timed[held.session_id] = Placement(held.slot_position, held.teachers,
                                                   greedy.venue if greedy else None)
            hint_choices(self.whole, timed)
        self.stats.strategy = "times_first, then whole (no venues fit the times)"
        return solve_built(self.whole, replace(self.options, time_limit=max(0.1, self.clock.left()),
                                               decompose=False), self.stats)

    def _better_times(self, first: cp_model.CpSolver, best: tuple, bound: float) -> tuple[tuple, float]:
        """2. Better times from the first plan's (one search, or in slices); their venues."""
        search = self._times_in_slices if self.options.times_slices else self._times_whole
        found, bound = search(first, bound)
        if found is not None:
            self.stats.times_objective = round(found.objective_value)
            self.watcher.bound_improved(bound)
            venues = self._venues(self.times, found, self.clock.left() * VENUES_SHARE)
            if venues is None:  # its times fit no venue choice: go on from the first plan
                self.stats.venues_unfit = 1
            else:
                self.stats.venues_objective = venues[1]
                if venues[1] < best[1]:
                    best = venues
        return best, bound

    def _times_whole(self, first: cp_model.CpSolver, bound: float):
        """One search from the first plan with all of CP-SAT's full-problem subsolvers: on the
        counted times model their LP bounds prove what the lean set only searches (and on
        comp05 they guide the search). (the solver with the best plan or None, the bound)"""
        hint_solution(self.times, first)
        improver = params.whole(self.options, self.clock.left() * TIMES_SHARE, self.options.workers,
                                presolve=True, lean=False)
        improver.best_bound_callback = self.watcher.bound_improved
        status = self.runner.solve(improver, self.times.model, self.quiet)
        self.clock.spend(improver)
        self.stats.times_seconds = round(control.wall_time(improver), 3)
        self.stats.times_status = improver.status_name(status)
        if status not in FOUND:
            return None, bound
        return improver, max(bound, improver.best_objective_bound)

    def _times_in_slices(self, first: cp_model.CpSolver, bound: float):
        """The first plan's times with their true penalties (a first plan leaves the soft
        terms anywhere above them: a generated instance's read 1,945 where its plan cost 629)
        start a search that gives its time in slices to CP-SAT with or without its LP
        subsolvers, whichever gains more (solve/portfolio.py)."""
        start = _with_least_penalties(self.times, self.times, first) or first
        searched = search_in_slices(self.times.model, self.options, self.clock, self.clock.left() * TIMES_SHARE,
                                    start, start.objective_value, lambda source: hint_solution(self.times, source),
                                    self.quiet, self.watcher.bound_improved)
        self.stats.times_seconds = round(searched.seconds, 3)
        self.stats.times_status = searched.status.name
        self.stats.times_slices = " ".join(f"{arm.name}×{arm.slices}" for arm in searched.arms)
        return searched.best, max(bound, searched.bound)

    def _home_rounds(self, best: tuple, bound: float) -> tuple:
        """3. Rounds of better times for the venues: each item keeps the venue it mostly uses in
        the best plan, and the times model pays for every session that cannot sit there."""
        rounds = 0
        while self.clock.left() > 1.0 and not self.runner.interrupted and best[1] > round(bound):
            homes = _homes(self.whole, best[0])
            homed = with_homes(self.times, homes)
            _hint_exactly(homed, self.whole, best[0])
            improver = params.whole(self.options, self.clock.left() * HOMES_SHARE, self.options.workers,
                                    presolve=True)
            status = self.runner.solve(improver, homed.model, self.quiet)
            self.clock.spend(improver)
            self.stats.homes_seconds += control.wall_time(improver)
            rounds += 1
            if status not in FOUND:
                break
            found = self._venues(homed, improver, self.clock.left() * VENUES_SHARE, homes=homes)
            if found is None or found[1] >= best[1]:
                break  # the next round would start from the same plan and homes
            best = found
        self.stats.home_rounds = rounds
        self.stats.homes_seconds = round(self.stats.homes_seconds, 3)
        self.stats.homes_objective = best[1] if rounds else None
        return best

    def _together(self, best: tuple, bound: float) -> tuple[tuple, float]:
        """4. Times and venues together, from the best plan, for what time the rounds left."""
        if self.clock.left() > 0.5 and not self.runner.interrupted and best[1] > round(bound):
            hint_solution(self.whole, best[0])
            together = params.whole(self.options, self.clock.left(), self.options.workers, presolve=True)
            status = self.runner.solve(together, self.whole.model, self.watcher)
            self.clock.spend(together)
            self.stats.together_seconds = round(control.wall_time(together), 3)
            if status in FOUND:
                bound = max(bound, together.best_objective_bound)
                if round(together.objective_value) < best[1]:
                    best = (together, round(together.objective_value))
            self.stats.together_objective = best[1]
        return best, bound

    def _venues(self, times: ModelContext, source: cp_model.CpSolver, seconds: float, first_only: bool = False,
                homes: dict | None = None):
        """The best venues for the times and teachers of `source`'s plan of the times-only model
        `times`: (solver, objective) of the complete plan, or None when no venue choice fits."""
        fixed = venues_model(self.whole, times, source, homes or {})
        solver = params.whole(self.options, seconds, self.options.workers, presolve=True, first_only=first_only)
        status = self.runner.solve(solver, fixed, Relay(self.watcher))
        self.clock.spend(solver)
        self.stats.venues_seconds = round(self.stats.venues_seconds + control.wall_time(solver), 3)
        if status not in FOUND:
            return None
        return solver, round(solver.objective_value)


def _hint_exactly(ctx: ModelContext, whole: ModelContext, source: cp_model.CpSolver) -> None:
    """Hint every variable of `ctx` (a relaxation of the whole model, same sessions) with the
    times and teachers of `source`'s plan of the whole model, and the least values its soft
    terms take with them (a first plan would leave them anywhere above)."""
    exact = _with_least_penalties(ctx, whole, source)
    if exact is not None:  # else stopped (Ctrl-C, the deadline): the round's solve will not start
        hint_solution(ctx, exact)


def _with_least_penalties(ctx: ModelContext, of: ModelContext, source: cp_model.CpSolver):
    """A solver holding, in `ctx`, the times and teachers of `source`'s plan of the model `of`
    (ctx itself, or the whole model ctx relaxes) with every soft term at its least value;
    None when stopped first (Ctrl-C, the deadline)."""
    plan = {a.session_id: a for a in read_assignments(of, source)}
    return least_penalties(ctx, plan_values(ctx, plan), protected=False)


def _homes(whole: ModelContext, source: cp_model.CpSolver) -> dict[tuple, str]:
    """(class, item) -> the venue that most of the item's sessions use in `source`'s plan."""
    counts: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for sv in whole.sessions:
        venue = read_assignment(sv, source).venue
        if venue is not None:
            counts[(sv.session.owner.id, sv.session.item.id)][venue] += 1
    return {key: max(sorted(used), key=lambda v: used[v]) for key, used in counts.items()}


def with_homes(times: ModelContext, homes: dict[tuple, str]) -> ModelContext:
    """The times-only model, plus: in each block, one session at most may sit in an item's
    home venue; each session beyond that costs what a second venue of its item costs
    (item_room_stability's weight). A heuristic for the venue rules, so its objective is no
    bound: the venue stage that follows counts the true cost."""
    weight = times.expansion.instance.weight("item_room_stability")
    model = times.model.clone()
    model.clear_hints()
    if weight <= 0:
        return replace(times, model=model)
    by_home: dict[tuple, list] = defaultdict(list)  # (site, day, block, venue) -> slot literals
    for tv in times.sessions:
        home = homes.get((tv.session.owner.id, tv.session.item.id))
        if home is None:
            continue
        for t, slot in enumerate(tv.session.slots):
            for b in slot.blocks:
                by_home[(tv.session.site.id, slot.day, b, home)].append(tv.x[t])
    displaced = []
    for (site_id, day, block, venue_id), literals in sorted(by_home.items()):
        if len(literals) > 1:
            extra = model.new_int_var(0, len(literals) - 1, f"displaced[{site_id},{day},{block},{venue_id}]")
            model.add(sum(literals) <= 1 + extra)
            displaced.append(extra)
    model.minimize(times.quality + weight * sum(displaced))
    return replace(times, model=model)


def venues_model(whole: ModelContext, times: ModelContext, source: cp_model.CpSolver,
                 homes: dict[tuple, str]) -> cp_model.CpModel:
    """The whole model with the times and teachers of `source`'s plan of the times-only model
    held, hinted with the greedy venues for them."""
    fixed = whole.model.clone()
    fixed.clear_hints()
    plan = {held.session_id: held for held in read_assignments(times, source)}
    in_block = defaultdict(list)  # (site, day, block, venue) -> venue literals of sessions there
    for sv in whole.sessions:
        held = plan[sv.session.id]
        for t, var in enumerate(sv.x):
            fixed.add(fixed.get_int_var_from_proto_index(var.index) == int(t == held.slot_position))
        for teacher_id, var in sv.y.items():
            fixed.add(fixed.get_int_var_from_proto_index(var.index) == int(teacher_id in held.teachers))
        slot = sv.session.slots[held.slot_position]
        for b in slot.blocks:
            for venue_id, r in sv.r.items():
                in_block[(sv.session.site.id, slot.day, b, venue_id)].append(r)
    # With the times fixed, each venue's no-overlap is an at-most-one per block, which the LP
    # sees (the venues of one block are then an assignment problem).
    for literals in in_block.values():
        if len(literals) > 1:
            fixed.add_at_most_one([fixed.get_bool_var_from_proto_index(r.index) for r in literals])
    for session_id, venue_id in greedy_venues(whole, plan, homes).items():
        for candidate, r in whole.by_id[session_id].r.items():
            fixed.add_hint(fixed.get_bool_var_from_proto_index(r.index), candidate == venue_id)
    return fixed


def greedy_venues(whole: ModelContext, plan: dict, homes: dict[tuple, str]) -> dict:
    """Venues for the times of a plan (session id -> assignment), a curriculum item at a time,
    the largest audience first: the item takes, wherever it is free, its home when `homes` names one that is
    free somewhere, else the venue that costs least in missing seats and in a second venue where
    it is not (then is free at most sessions, then seats fewest); a session where that venue is
    taken gets the free candidate that costs least in missing seats and in venues new to its
    item (as the instance weighs them). A hint for the venue stage (sessions it cannot seat
    are left out)."""
    instance = whole.expansion.instance
    capacity = {v.id: v.capacity for v in instance.venues}
    seat_weight, stability_weight = instance.weight("soft_capacity"), instance.weight("item_room_stability")
    items: dict[tuple, list] = defaultdict(list)  # (class, item) -> (session vars, slot position, slot)
    for sv in whole.sessions:
        if sv.r:
            position = plan[sv.session.id].slot_position
            items[(sv.session.owner.id, sv.session.item.id)].append((sv, position, sv.session.slots[position]))
    taken: dict[tuple, set[str]] = defaultdict(set)  # (site, day, block) -> venues in use

    def free(sv, position, slot) -> list[str]:
        return [c.id for c in sv.session.venues if c.allows(position)
                and not any(c.id in taken[(sv.session.site.id, slot.day, b)] for b in slot.blocks)]

    def missing(sv, venue_id: str) -> int:
        return seat_weight * max(0, sv.session.trainees - capacity[venue_id])

    chosen = {}
    for key, entries in sorted(items.items(), key=lambda kv: (-max(e[0].session.trainees for e in kv[1]),
                                                               -len(kv[1]), kv[0])):
        free_at = [free(*entry) for entry in entries]
        venue_ids = sorted({v for fitting in free_at for v in fitting})
        if not venue_ids:
            continue
        home = homes.get(key) if homes.get(key) in venue_ids else min(venue_ids, key=lambda v: (
            sum(missing(entry[0], v) for entry, fitting in zip(entries, free_at) if v in fitting)
            + stability_weight * any(v not in fitting for fitting in free_at),
            sum(v not in fitting for fitting in free_at), capacity[v], v))
        used = {home}
        for sv, position, slot in entries:
            fitting = free(sv, position, slot)  # again: the item's own sessions may share a block
            if not fitting:
                continue
            venue_id = home if home in fitting else min(fitting, key=lambda v: (
                missing(sv, v) + stability_weight * (v not in used), capacity[v], v))
            chosen[sv.session.id] = venue_id
            used.add(venue_id)
            for b in slot.blocks:
                taken[(sv.session.site.id, slot.day, b)].add(venue_id)
    return chosen


def _result(status: str, objective, bound, started: float, watcher, assignments, stats,
            violations=None) -> Result:
    return Result(status=Status(status), objective=objective,
                  bound=integral(bound) if bound is not None else None,
                  seconds=time.perf_counter() - started,
                  first_solution_seconds=watcher.first_solution, assignments=assignments,
                  stats=stats, soft_violations=violations or {})
