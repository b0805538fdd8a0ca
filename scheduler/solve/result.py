"""What a solver run gives back, and its conversion into the plan file's model."""

from __future__ import annotations

from dataclasses import dataclass, field

from scheduler.domain import Plan, PlanSession


@dataclass(frozen=True)
class Assignment:
    session_id: str
    slot_position: int
    teachers: tuple[str, ...]
    venue: str | None


@dataclass
class Result:
    status: str  # OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN, MODEL_INVALID
    objective: float | None
    bound: float | None
    seconds: float
    first_solution_seconds: float | None
    assignments: list[Assignment]
    stats: dict[str, int | float | str] = field(default_factory=dict)
    soft_violations: dict[str, int] = field(default_factory=dict)  # rule id -> violations

    @property
    def has_plan(self) -> bool:
        return self.status in ("OPTIMAL", "FEASIBLE")


def to_plan(expansion, result: Result) -> Plan:
    sessions = []
    for assignment in result.assignments:
        session = expansion.by_id[assignment.session_id]
        slot = session.slots[assignment.slot_position]
        sessions.append(PlanSession(
            id=session.id, classes=list(session.class_ids), topic=session.item.topic,
            title=session.item.title, mode=session.item.mode.value, date=slot.date,
            start=slot.start.strftime("%H:%M"), end=slot.end.strftime("%H:%M"),
            blocks=list(slot.block_names), teachers=list(assignment.teachers),
            venue=assignment.venue, site=session.site.id,
        ))
    return Plan(
        instance=expansion.instance.name, status=result.status,
        objective=_number(result.objective), bound=_number(result.bound),
        solve_seconds=round(result.seconds, 3), sessions=sessions,
    )


def _number(value: float | None) -> int | float:
    if value is None:
        return 0
    return int(round(value)) if abs(value - round(value)) < 1e-9 else value
