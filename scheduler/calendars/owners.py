"""Whose calendars: the teachers, classes and venues of an instance, their names on one line,
and the plan references an export cannot resolve."""

from __future__ import annotations

import re
from dataclasses import dataclass

from scheduler.calendars.messages import PLAN_PROBLEM, PLAN_PROBLEM_WHAT
from scheduler.domain import Instance, Plan

OWNER_KINDS = ("teacher", "class", "venue")

# Line breaks and other control characters: a name is one line, and iCalendar TEXT has no
# place for the others (an unescaped line break even makes the library fail).
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def plain(text: str) -> str:
    """Text from the instance or plan on one line, without control characters."""
    return CONTROL.sub(" ", text).strip()


@dataclass(frozen=True)
class Owner:
    """Whose calendar: a teacher, a class or a venue of the instance."""

    kind: str
    id: str
    name: str
    home_township: str | None  # reminders the evening before for sessions away from it


def owners(instance: Instance, kind: str) -> list[Owner]:
    """Every teacher, class or venue of the instance, in the instance's order."""
    if kind == "teacher":
        return [Owner("teacher", t.id, plain(t.name), t.township) for t in instance.teachers]
    if kind == "class":
        return [Owner("class", c.id, plain(c.name), instance.site(c.site).township) for c in instance.classes]
    if kind == "venue":
        return [Owner("venue", v.id, plain(v.name), None) for v in instance.venues]
    raise ValueError(kind)


def plan_problems(instance: Instance, plan: Plan) -> list[str]:
    """References of the plan's sessions that the instance does not know (bad input)."""
    lookups = {"classes": instance.term_class, "teachers": instance.teacher, "venue": instance.venue,
               "topic": instance.topic, "site": instance.site}
    problems = []
    for session in plan.sessions:
        for field, lookup in lookups.items():
            value = getattr(session, field)
            for ref in value if isinstance(value, list) else ([value] if value else []):
                try:
                    lookup(ref)
                except KeyError:
                    problems.append(PLAN_PROBLEM.format(session=session.id, what=PLAN_PROBLEM_WHAT[field],
                                                        id=ref))
    return problems
