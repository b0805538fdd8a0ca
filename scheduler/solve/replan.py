"""Replanning against a baseline: fewest weighted changes first, then the usual plan quality.

Each session may carry its baseline placement (slot position, teachers, venue). The model is
the term-plan model without item symmetry breaking (sessions are compared with their own
baseline, so they are not interchangeable), plus change terms:

* `teacher`: each teacher of a session who was not one of its baseline teachers;
* `kind`: such a new teacher whose kind (full-time, cadre, expert, part-time) none of the
  baseline teachers had;
* `backup`: such a new teacher who is one of the item's named backups (B角), instead of
  `teacher` and `kind`: the school prepared them;
* `date`: the session is on another date;
* `block`: it starts or ends at another time of day;
* `venue`: it is in another venue (sessions that need one).

Two solves, both hinted: (1) `minimize_changes`, on the hard rules only (the soft rules are
most of a county's model and play no part here), the baseline given as a hint so that the
first plan CP-SAT finds is close to it; (2) `improve_quality`, with the changes held at the
best value found, the soft-rule penalty, hinted with the first solve's plan. Either may
count changed sessions or affected people instead (a `Measure`, solve/measures.py).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from scheduler.expand import Expansion
from scheduler.solve import control, params
from scheduler.solve.budget import Budget
from scheduler.solve.evaluation import evaluate, exact_penalties, integral
from scheduler.solve.hints import hint_choices, hint_solution
from scheduler.solve.measures import Measure, measured
from scheduler.solve.model import build_model
from scheduler.solve.options import SolveOptions
from scheduler.solve.progress import Watcher
from scheduler.solve.result import Assignment, Result, Stats, Status
from scheduler.solve.variables import ModelContext, read_assignments

CHANGE_KINDS = ("teacher", "kind", "date", "block", "venue", "backup")


@dataclass(frozen=True)
class Baseline:
    """A session's placement in the baseline plan, in terms of the replan's expansion."""

    slot: int | None  # position among the session's slots; None when no longer allowed
    date: object
    start: object
    end: object
    teachers: tuple[str, ...]
    venue: str | None


@dataclass
class Changes:
    """The fewest weighted changes found, and what CP-SAT proved about them."""

    status: str  # OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN
    cost: int | None = None
    bound: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    assignments: list[Assignment] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False
    spent: float = 0.0  # of the time limit: wall seconds, or deterministic time with one worker

    @property
    def found(self) -> bool:
        return self.status in ("OPTIMAL", "FEASIBLE")


def minimize_changes(expansion: Expansion, baseline: dict[str, Baseline], weights: dict[str, int],
                     options: SolveOptions, hint: dict[str, Baseline] | None = None,
                     measure: Measure | None = None) -> Changes:
    """The plan with the fewest weighted changes, or the least of `measure` (hard rules only:
    quality comes after)."""
    started = time.perf_counter()
    ctx = build_model(expansion, options.skip_rules, soft=False, symmetry=False)
    terms = _change_terms(ctx, baseline)
    ctx.model.minimize(_objective(ctx, terms, baseline, weights, measure))
    hint_choices(ctx, hint or baseline)
    runner = control.current()
    watcher = Watcher(time.perf_counter(), options)
    budget = Budget(options.time_limit, options.repeatable, started)

    # First follow the hint to a plan (one worker, as the term plan's first phase: several
    # workers do not follow a partial hint), then improve it with every worker from the
    # complete hint that plan gives.
    solver = params.replan(options, budget.left(), workers=1, follow_hint=True)
    status = runner.solve(solver, ctx.model, watcher)
    budget.spend(solver)
    if status == cp_model.FEASIBLE and budget.left() > 0.2 and not runner.interrupted:
        hint_solution(ctx, solver)
        second = params.replan(options, budget.left())
        second_status = runner.solve(second, ctx.model, watcher)
        budget.spend(second)
        if second_status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            solver, status = second, second_status
        elif second_status == cp_model.INFEASIBLE:  # cannot be: the first plan is feasible
            status = second_status
    outcome = Changes(solver.status_name(status), seconds=time.perf_counter() - started,
                      interrupted=runner.interrupted, spent=budget.spent())
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        outcome.cost = round(solver.objective_value)
        outcome.bound = integral(solver.best_objective_bound)
        outcome.counts = {kind: int(sum(solver.value(t) for t in terms[kind])) for kind in CHANGE_KINDS}
        outcome.assignments = read_assignments(ctx, solver)
    return outcome


def improve_quality(expansion: Expansion, baseline: dict[str, Baseline], weights: dict[str, int],
                    max_cost: int, options: SolveOptions, hint: dict[str, Baseline],
                    measure: Measure | None = None) -> Result:
    """With the weighted changes (or `measure`) at most `max_cost`, the plan of least
    soft-rule penalty; `hint` (a plan within that cost) is the starting point and the fallback."""
    started = time.perf_counter()
    ctx = build_model(expansion, options.skip_rules, soft=options.soft, symmetry=False)
    terms = _change_terms(ctx, baseline)
    ctx.model.add(_objective(ctx, terms, baseline, weights, measure) <= max_cost)
    hint_choices(ctx, hint)
    stats = Stats(variables=len(ctx.model.proto.variables), constraints=len(ctx.model.proto.constraints),
                  sessions=len(expansion.sessions), build_seconds=round(time.perf_counter() - started, 3))
    if isinstance(ctx.quality, int):  # no soft rule has a weight: any plan within the cost will do
        ctx.model.clear_objective()
    budget = Budget(options.time_limit, options.repeatable, started)
    control.current().phase("quality")
    solver = params.replan(options, max(0.5, budget.left()))
    runner = control.current()
    watcher = Watcher(time.perf_counter(), options)
    status = runner.solve(solver, ctx.model, watcher)
    budget.spend(solver)
    stats.spent = budget.spent()
    stats.quality_status = solver.status_name(status)
    stats.interrupted = runner.interrupted
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        kept = _hinted_plan(ctx, hint)  # stopped before a plan (deadline, Ctrl-C): the hint is one
        if kept is not None:
            return kept
        return Result(status=Status(solver.status_name(status)), objective=None, bound=None,
                      seconds=time.perf_counter() - started, first_solution_seconds=None,
                      assignments=[], stats=stats)
    objective, violations = (0, {}) if isinstance(ctx.quality, int) else exact_penalties(ctx, solver.value)
    bound = 0 if isinstance(ctx.quality, int) else integral(solver.best_objective_bound)
    return Result(status=Status(solver.status_name(status)), objective=objective, bound=bound,
                  seconds=time.perf_counter() - started, first_solution_seconds=watcher.first_solution,
                  assignments=read_assignments(ctx, solver), stats=stats, soft_violations=violations)


def _objective(ctx: ModelContext, terms: dict[str, list], baseline: dict[str, Baseline],
               weights: dict[str, int], measure: Measure | None):
    if measure is None or measure.kind == "cost":
        return _weighted(terms, weights)
    return measured(ctx, baseline, measure)


def _weighted(terms: dict[str, list], weights: dict[str, int]):
    return sum(weights.get(kind, 0) * sum(terms[kind]) for kind in CHANGE_KINDS)


def _change_terms(ctx: ModelContext, baseline: dict[str, Baseline]) -> dict[str, list]:
    instance = ctx.expansion.instance
    terms: dict[str, list] = {kind: [] for kind in CHANGE_KINDS}
    for sv in ctx.sessions:
        was = baseline.get(sv.session.id)
        if was is None:
            continue
        slots = sv.session.slots
        terms["date"].append(1 - sum(x for x, s in zip(sv.x, slots) if s.date == was.date))
        terms["block"].append(1 - sum(x for x, s in zip(sv.x, slots)
                                      if (s.start, s.end) == (was.start, was.end)))
        kinds = {instance.teacher(t).kind for t in was.teachers}
        for teacher_id, y in sv.y.items():
            if teacher_id in sv.session.item.backup and teacher_id not in was.teachers:
                terms["backup"].append(y)
            elif teacher_id not in was.teachers:
                terms["teacher"].append(y)
                if instance.teacher(teacher_id).kind not in kinds:
                    terms["kind"].append(y)
        if sv.session.needs_venue:
            kept = sv.r.get(was.venue) if was.venue else None
            terms["venue"].append(1 - kept if kept is not None else 1)
    return terms


def _hinted_plan(ctx: ModelContext, hint: dict[str, Baseline]) -> Result | None:
    """The hint as the plan, evaluated exactly; None when it does not place every session."""
    started = time.perf_counter()
    plan = {}
    for sv in ctx.sessions:
        was = hint.get(sv.session.id)
        if was is None or was.slot is None:
            return None
        plan[sv.session.id] = Assignment(sv.session.id, was.slot, tuple(was.teachers), was.venue)
    evaluated = (0, {}) if isinstance(ctx.quality, int) else evaluate(ctx, plan)
    if evaluated is None:
        return None
    return Result(status=Status.FEASIBLE, objective=evaluated[0], bound=None, seconds=time.perf_counter() - started,
                  first_solution_seconds=None, assignments=list(plan.values()), stats=Stats(hint_kept=1),
                  soft_violations=evaluated[1])
