"""Which dropouts a robustness report replans: every teacher with a session on or after the
start date, each alone and for the rest of the term, in the order of their ids."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from scheduler.domain.instance import Instance
from scheduler.domain.plan import Plan
from scheduler.whatif.changes import Change


@dataclass(frozen=True)
class Scenario:
    teacher: str
    start: dt.date

    def change(self) -> Change:
        return Change.model_validate({"drop_teacher": self.teacher, "from": self.start.isoformat()})


def risk_start(instance: Instance, given: dt.date | None, today: dt.date) -> dt.date:
    """`given`, else today clipped to the term (before it: its first day; after: its last)."""
    if given is not None:
        return given
    return max(instance.term.start, min(today, instance.term.end))


def scenarios(plan: Plan, start: dt.date) -> list[Scenario]:
    teachers = {t for s in plan.sessions if s.date >= start for t in s.teachers}
    return [Scenario(t, start) for t in sorted(teachers)]


def lost_sessions(plan: Plan, scenario: Scenario) -> list[str]:
    """The ids of the sessions the teacher would no longer give."""
    return [s.id for s in plan.sessions if s.date >= scenario.start and scenario.teacher in s.teachers]
