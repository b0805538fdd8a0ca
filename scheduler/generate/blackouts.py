"""Blackouts: the weekly study afternoon, farm seasons, hall maintenance and flood drills."""

from __future__ import annotations

import datetime as dt
import random

from scheduler.domain.records import Blackout, Term
from scheduler.domain.values import DateRange, TeacherKind, Tier, TimeRule
from scheduler.generate.places import County
from scheduler.generate.sizes import Size


def draw_blackouts(rng: random.Random, size: Size, term: Term, counties: list[County]) -> list[Blackout]:
    year = term.start.year
    blackouts = [Blackout(
        name="党的创新理论学习日", sites=[c.site.id for c in counties],
        when=TimeRule(weekdays=[1], blocks=["下午"], note="每周一下午教职工集中学习"))]
    if term.start.month < 7:
        busy = [("春耕农忙", dt.date(year, 4, 15), dt.date(year, 5, 10)),
                ("三夏农忙", dt.date(year, 6, 5), dt.date(year, 6, 20))]
    else:
        busy = [("秋收秋种", dt.date(year, 9, 20), dt.date(year, 10, 15))]
    for name, first, last in busy:
        if last < term.start or first > term.end:
            continue
        blackouts.append(Blackout(name=f"{name}（土专家、田秀才）", teacher_kinds=[TeacherKind.EXPERT],
                                  when=TimeRule(dates=[DateRange(start=first, end=last)])))
        blackouts.append(Blackout(name=f"{name}（农民夜校停课）", tiers=[Tier.VILLAGE],
                                  when=TimeRule(dates=[DateRange(start=first + dt.timedelta(days=5),
                                                                 end=last)])))
    if size.weeks >= 12:
        for county in counties:
            blackouts += _county_closures(rng, size, term, county)
    return blackouts


def _county_closures(rng: random.Random, size: Size, term: Term, county: County) -> list[Blackout]:
    first = term.start + dt.timedelta(days=rng.randint(20, 7 * size.weeks - 30))
    hall = Blackout(
        name="报告厅设备检修", venues=[county.hall.id],
        when=TimeRule(dates=[DateRange(start=first, end=first + dt.timedelta(days=4))]))
    township = rng.choice(county.townships[1:])
    first = term.start + dt.timedelta(days=rng.randint(10, 7 * size.weeks - 20))
    drill = Blackout(
        name=f"{township.name}防汛应急演练", townships=[township.id],
        when=TimeRule(dates=[DateRange(start=first, end=first + dt.timedelta(days=1))]))
    return [hall, drill]
