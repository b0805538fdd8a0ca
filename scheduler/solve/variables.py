"""The decision variables: per session a time choice, a teacher choice and a venue choice.

The three choices are separate (never one variable per session × slot × teacher × venue):
  x[s][t]  session s starts at its t-th allowed slot (exactly one is true);
  start/end/day/week[s]  integer views of that choice, channelled from x;
  y[s][p]  teacher p teaches session s (only qualified, free candidates exist);
  r[s][v]  session s is held in venue v (only fitting venues exist);
  optional intervals tie y and r to the session's time for the no-overlap rules.
A session counting several interchangeable ones (solve/counted.py, the times-only model) has
`count` of its slot literals true and no integer views or intervals: the rules that apply to
it read slot literals only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from scheduler.expand import Expansion, Session
from scheduler.solve.result import Assignment


@dataclass
class SessionVars:
    session: Session
    x: list[cp_model.IntVar]
    start: cp_model.LinearExprT | None
    end: cp_model.LinearExprT | None
    size: cp_model.LinearExprT | None
    day: cp_model.LinearExprT | None
    week: cp_model.LinearExprT | None
    interval: cp_model.IntervalVar | None
    y: dict[str, cp_model.IntVar] = field(default_factory=dict)
    r: dict[str, cp_model.IntVar] = field(default_factory=dict)
    teacher_intervals: dict[str, cp_model.IntervalVar] = field(default_factory=dict)
    venue_intervals: dict[str, cp_model.IntervalVar] = field(default_factory=dict)


@dataclass
class ModelContext:
    """What every rule module gets: the model, the expansion and the variables."""

    model: cp_model.CpModel
    expansion: Expansion
    sessions: list[SessionVars]
    by_id: dict[str, SessionVars]
    soft: dict[str, list] = field(default_factory=dict)  # soft rule id -> violation terms
    quality: Any = 0  # the weighted sum of the soft terms: the usual objective


def read_assignment(sv: SessionVars, source) -> Assignment:
    """The session's slot, teachers and venue in a plan of CP-SAT's: `source` is a solver or
    a solution callback (anything with boolean_value). Not for a counted session (see
    read_assignments)."""
    position = next(t for t, x in enumerate(sv.x) if source.boolean_value(x))
    teachers = tuple(p for p, y in sv.y.items() if source.boolean_value(y))
    venue = next((v for v, r in sv.r.items() if source.boolean_value(r)), None)
    return Assignment(sv.session.id, position, teachers, venue)


def read_assignments(ctx: ModelContext, source) -> list[Assignment]:
    """Every session's slot, teachers and venue in a plan of CP-SAT's; a counted session's
    chosen slots go to its group's sessions in time order (the order the whole model's
    symmetry breaking keeps them in)."""
    found = []
    for sv in ctx.sessions:
        members = ctx.expansion.members.get(sv.session.id)
        if members is None:
            found.append(read_assignment(sv, source))
            continue
        positions = sorted((t for t, x in enumerate(sv.x) if source.boolean_value(x)),
                           key=lambda t: sv.session.slots[t].start_minute)
        teachers = tuple(p for p, y in sv.y.items() if source.boolean_value(y))
        found += [Assignment(member, t, teachers, None) for member, t in zip(members, positions)]
    return found


def plan_values(ctx: ModelContext, plan: dict[str, Assignment]):
    """value(var) of every decision variable (slot, teacher and venue literals) in a plan of
    assignments. A session with a single slot (one held in place) takes it, whatever the
    position of that slot among the session's own; a counted session takes its group's slots
    (its teachers and venue are those of the group's first session)."""
    values: dict[int, int] = {}
    for sv in ctx.sessions:
        members = ctx.expansion.members.get(sv.session.id, (sv.session.id,))
        held = plan[members[0]]
        if len(sv.x) > 1:
            positions = {plan[member].slot_position for member in members}
        else:
            positions = {0}
        for t, x in enumerate(sv.x):
            values[x.index] = int(t in positions)
        for teacher_id, y in sv.y.items():
            values[y.index] = int(teacher_id in held.teachers)
        for venue_id, r in sv.r.items():
            values[r.index] = int(venue_id == held.venue)
    return lambda var: values[var.index]


def hint_plan(ctx: ModelContext, plan: dict[str, Assignment]) -> None:
    """Hint every decision variable with its value in a plan of assignments."""
    value = plan_values(ctx, plan)
    for var in decisions(ctx):
        ctx.model.add_hint(var, value(var))


def decisions(ctx: ModelContext):
    """Every decision variable: each session's slot, teacher and venue literals."""
    for sv in ctx.sessions:
        yield from sv.x
        yield from sv.y.values()
        yield from sv.r.values()


def held_copy(ctx: ModelContext, value) -> cp_model.CpModel:
    """A copy of the model, without hints, with each decision variable's domain reduced to
    value(var) (rather than a constraint per variable: for a whole county's plan a copy a tenth
    smaller that CP-SAT loads in a third of the memory and time): what is left to solve are
    the soft rules' auxiliary variables."""
    model = ctx.model.clone()
    model.clear_hints()
    for var in decisions(ctx):
        held = value(var)
        model.get_int_var_from_proto_index(var.index).with_domain(cp_model.Domain(held, held))
    return model


def block_cover(svs) -> dict[tuple[int, int], list]:
    """(day, block index) -> slot literals of these sessions that occupy that block (the
    sessions are at one site, or the caller keys the sites apart)."""
    cover: dict[tuple[int, int], list] = defaultdict(list)
    for sv in svs:
        for t, slot in enumerate(sv.session.slots):
            for b in slot.blocks:
                cover[(slot.day, b)].append(sv.x[t])
    return cover


def _channel(model: cp_model.CpModel, x: list, values: list[int], name: str):
    """An integer equal to values[t] for the chosen slot t (a constant when all agree)."""
    distinct = sorted(set(values))
    if len(distinct) == 1:
        return distinct[0]
    var = model.new_int_var_from_domain(cp_model.Domain.from_values(distinct), name)
    model.add(var == sum(v * b for v, b in zip(values, x)))
    return var


def build_variables(model: cp_model.CpModel, expansion: Expansion, venues: bool = True) -> ModelContext:
    """The variables of every session; without venue variables when `venues` is False (the
    times-only model, see solve/staged.py)."""
    sessions: list[SessionVars] = []
    for n, session in enumerate(expansion.sessions):
        slots = session.slots
        x = [model.new_bool_var(f"x[{n},{t}]") for t in range(len(slots))]
        if session.count > 1:
            sessions.append(_counted_variables(model, session, x, n, venues))
            continue
        if x:
            model.add_exactly_one(x)
        else:
            model.add_bool_or([])  # no slot at all: the instance is infeasible
        start = _channel(model, x, [s.start_minute for s in slots] or [0], f"start[{n}]")
        end = _channel(model, x, [s.end_minute for s in slots] or [0], f"end[{n}]")
        size = _channel(model, x, [s.end_minute - s.start_minute for s in slots] or [0], f"size[{n}]")
        day = _channel(model, x, [s.day for s in slots] or [0], f"day[{n}]")
        week = _channel(model, x, [s.week for s in slots] or [0], f"week[{n}]")
        interval = model.new_interval_var(start, size, end, f"iv[{n}]")
        sv = SessionVars(session, x, start, end, size, day, week, interval)
        for candidate in session.teachers:
            y = model.new_bool_var(f"y[{n},{candidate.id}]")
            sv.y[candidate.id] = y
            sv.teacher_intervals[candidate.id] = model.new_optional_interval_var(
                start, size, end, y, f"ivt[{n},{candidate.id}]")
        for candidate in (session.venues if venues else ()):
            r = model.new_bool_var(f"r[{n},{candidate.id}]")
            sv.r[candidate.id] = r
            sv.venue_intervals[candidate.id] = model.new_optional_interval_var(
                start, size, end, r, f"ivv[{n},{candidate.id}]")
        sessions.append(sv)
    return ModelContext(model, expansion, sessions, {sv.session.id: sv for sv in sessions})


def _counted_variables(model: cp_model.CpModel, session: Session, x: list, n: int,
                       venues: bool) -> SessionVars:
    """A counted session's variables: `count` slot literals true, a teacher literal per
    candidate; no integer views, intervals or venue literals (solve/counted.py groups only
    sessions whose rules need none)."""
    if venues:
        raise ValueError("counted sessions belong to the times-only model")
    model.add(sum(x) == session.count)
    sv = SessionVars(session, x, None, None, None, None, None, None)
    for candidate in session.teachers:
        sv.y[candidate.id] = model.new_bool_var(f"y[{n},{candidate.id}]")
    return sv
