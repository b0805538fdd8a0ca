"""Hints that start CP-SAT from a plan: the greedy plan's choices, or a solver's whole answer."""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.solve.greedy import greedy_plan
from scheduler.solve.variables import ModelContext


def hint_greedy_plan(ctx: ModelContext) -> int:
    """Hint the greedy plan's choices; returns how many sessions it placed."""
    placements = greedy_plan(ctx.expansion)
    hint_choices(ctx, placements)
    return len(placements)


def hint_choices(ctx: ModelContext, placements: dict) -> None:
    """Hint each session's slot, teachers and venue from a placement with `slot` (a position
    in the session's slots, or None to leave the time free), `teachers` and `venue`. A
    counted session is hinted at the slots of its group's placed sessions (and off the
    others only when all of them are placed)."""
    for sv in ctx.sessions:
        members = ctx.expansion.members.get(sv.session.id, (sv.session.id,))
        placed = [placements[m] for m in members if m in placements]
        if not placed:
            continue
        placement = placed[0]
        positions = {p.slot for p in placed if p.slot is not None}
        all_placed = len(positions) == len(members)
        for t, x in enumerate(sv.x):
            if t in positions or all_placed:
                ctx.model.add_hint(x, t in positions)
        for teacher_id, y in sv.y.items():
            ctx.model.add_hint(y, teacher_id in placement.teachers)
        for venue_id, r in sv.r.items():
            ctx.model.add_hint(r, venue_id == placement.venue)


def hint_solution(ctx: ModelContext, solver: cp_model.CpSolver) -> None:
    """Hint every variable with its value in the solver's plan: a complete, feasible hint."""
    model = ctx.model
    model.clear_hints()
    for index in range(len(model.proto.variables)):
        var = model.get_int_var_from_proto_index(index)
        model.add_hint(var, solver.value(var))
