"""The index's term at a glance: counts, month calendars by tier, penalties, 4+N coverage."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from dataclasses import dataclass

from scheduler.check import score_plan
from scheduler.domain import Instance, Plan
from scheduler.domain.values import Mode, Tier
from scheduler.policy import measures
from scheduler.rules import RULES

TIERS = (Tier.COUNTY.value, Tier.TOWNSHIP.value, Tier.VILLAGE.value)


@dataclass
class Counts:
    classes: int
    sessions: int
    teachers: int
    teachers_total: int
    field_visits: int
    evenings: int  # (night school, day) pairs with a session


@dataclass
class Day:
    date: dt.date | None  # None: a cell of the month grid outside the month
    in_term: bool
    tiers: list[tuple[str, int]]  # (tier, sessions) for the tiers teaching that day


@dataclass
class Month:
    year: int
    month: int
    weeks: list[list[Day]]


@dataclass
class PenaltyRow:
    rule: str
    weight: int
    violations: int
    penalty: int
    worst: list[str]


@dataclass
class Coverage:
    class_id: str
    counts: list[int]  # sessions per main topic, in the order of `main_topics`
    missing: list[str]  # names of main topics with no session


def tier_of(instance: Instance) -> dict[str, str]:
    return {site.id: site.tier.value for site in instance.sites}


def counts(instance: Instance, plan: Plan) -> Counts:
    tiers = tier_of(instance)
    evenings = {(s.site, s.date) for s in plan.sessions if tiers.get(s.site) == Tier.VILLAGE.value}
    return Counts(len(instance.classes), len(plan.sessions), len({t for s in plan.sessions for t in s.teachers}),
                  len(instance.teachers), sum(1 for s in plan.sessions if s.mode == Mode.FIELD.value),
                  len(evenings))


def months(instance: Instance, plan: Plan) -> list[Month]:
    """Every month of the term as weeks of seven days, each day with its sessions per tier."""
    tiers = tier_of(instance)
    per_day = Counter((s.date, tiers.get(s.site, "")) for s in plan.sessions)
    start, end = instance.term.start, instance.term.end
    result = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        weeks = []
        for week in calendar.Calendar().monthdatescalendar(year, month):
            weeks.append([_day(d, d.month == month, start, end, per_day) for d in week])
        result.append(Month(year, month, weeks))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def _day(date: dt.date, in_month: bool, start: dt.date, end: dt.date, per_day: Counter) -> Day:
    if not in_month:
        return Day(None, False, [])
    return Day(date, start <= date <= end, [(t, per_day[(date, t)]) for t in TIERS if per_day[(date, t)]])


def penalties(instance: Instance, plan: Plan) -> list[PenaltyRow]:
    """The checker's own evaluation of the plan, rule by rule, with its worst cases by name."""
    return [PenaltyRow(RULES[p.rule].name if p.rule in RULES else p.rule, p.weight, p.violations, p.penalty,
                       list(p.worst)) for p in score_plan(instance, plan)]


def coverage(instance: Instance, plan: Plan) -> list[Coverage]:
    """Per "4+N" class: how many sessions of each main topic it attends in the plan (joint
    sessions of other classes count, as `scheduler check` counts them in the curriculum)."""
    topics = measures.main_topics(instance)
    attended = measures.sessions_attended(plan)
    result = []
    for term_class in instance.classes:
        if not term_class.four_plus_n:
            continue
        counts = attended[term_class.id]
        numbers = [counts[t] for t in topics]
        missing = [instance.topic(t).name for t in measures.missing_main_topics(instance, set(+counts))]
        result.append(Coverage(term_class.id, numbers, missing))
    return result
