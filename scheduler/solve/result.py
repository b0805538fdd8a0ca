"""What a solver run gives back, and its conversion into the plan file's model."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from scheduler.domain import Plan, PlanSession


class Status(StrEnum):
    """A run's outcome, named as CP-SAT names it (a str: `== "OPTIMAL"` holds)."""

    OPTIMAL = "OPTIMAL"
    FEASIBLE = "FEASIBLE"
    INFEASIBLE = "INFEASIBLE"
    UNKNOWN = "UNKNOWN"
    MODEL_INVALID = "MODEL_INVALID"


@dataclass
class Stats:
    """What a run counted on the way (None: the run had no such step)."""

    # The model
    variables: int | None = None
    constraints: int | None = None
    sessions: int | None = None
    build_seconds: float | None = None
    greedy_placed: int | None = None
    # Phase 1, by parts (solve/decompose.py)
    phase1_status: str | None = None
    phase1_seconds: float | None = None
    parts_swept: int | None = None
    rechoose_status: str | None = None
    parts_deterministic: float = 0.0
    parts_bound: int | None = None
    parts_bounded: bool | None = None
    # Phase 2
    phase2_status: str | None = None
    lns_iterations: int | None = None
    lns_improvements: int | None = None
    lns_adopted: int | None = None
    # The end of the run
    evaluated: bool | None = None  # False: the final evaluation ran out of its time
    solutions: int | None = None
    interrupted: bool | None = None
    wall_cut: bool | None = None
    # Times first (solve/staged.py)
    strategy: str | None = None
    times_variables: int | None = None
    counted_sessions: int | None = None
    first_objective: int | None = None
    times_seconds: float | None = None
    times_status: str | None = None
    times_slices: str | None = None  # how the times stage's slices went to its two searches
    times_objective: int | None = None
    venues_unfit: int | None = None
    venues_objective: int | None = None
    venues_seconds: float = 0.0  # every venue choice of the run, added up
    home_rounds: int | None = None
    homes_seconds: float = 0.0  # the rounds' times-model solves
    homes_objective: int | None = None  # the best plan after the rounds
    together_seconds: float | None = None
    together_objective: int | None = None
    # Replanning's quality stage (solve/replan.py)
    spent: float | None = None
    quality_status: str | None = None
    hint_kept: int | None = None


@dataclass(frozen=True)
class Assignment:
    session_id: str
    slot_position: int
    teachers: tuple[str, ...]
    venue: str | None


@dataclass
class Result:
    status: Status
    objective: float | None
    bound: float | None
    seconds: float
    first_solution_seconds: float | None
    assignments: list[Assignment]
    stats: Stats = field(default_factory=Stats)
    soft_violations: dict[str, int] = field(default_factory=dict)  # rule id -> violations

    def __post_init__(self) -> None:
        self.status = Status(self.status)

    @property
    def has_plan(self) -> bool:
        return self.status in (Status.OPTIMAL, Status.FEASIBLE)


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
        instance=expansion.instance.name, status=result.status.value,
        objective=_number(result.objective), bound=_number(result.bound),
        solve_seconds=round(result.seconds, 3), sessions=sessions,
    )


def _number(value: float | None) -> int | float:
    if value is None:
        return 0
    return int(round(value)) if abs(value - round(value)) < 1e-9 else value
