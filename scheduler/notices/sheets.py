"""What each teacher's 授课通知单 lists: their sessions in date order, each with where (venue,
township, address), who (classes, trainees, head teachers), what (topic, title, mode)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from scheduler.domain import Instance, Plan, PlanSession
from scheduler.domain.plan import SESSION_ID_SEPARATOR
from scheduler.notices import messages as m


@dataclass(frozen=True)
class Row:
    date: str
    weekday: str
    block: str
    time: str
    place: str
    where: str  # site, township and address, as far as the instance gives them
    classes: str
    trainees: str
    head_teachers: tuple[str, ...]
    title: str
    topic: str
    mode: str


@dataclass(frozen=True)
class Sheet:
    teacher: str
    name: str
    rows: tuple[Row, ...]


def day_label(day: dt.date) -> str:
    return m.DATE.format(month=day.month, day=day.day)


def weekday_label(day: dt.date) -> str:
    return m.WEEKDAY.format(char=m.WEEKDAY_CHARS[day.weekday()])


def block_label(session: PlanSession) -> str:
    """上午, or 上午至下午 for a session over several blocks; the clock time when none is named."""
    if not session.blocks:
        return f"{session.start}–{session.end}"
    return session.blocks[0] if len(session.blocks) == 1 else f"{session.blocks[0]}至{session.blocks[-1]}"


def salutation(name: str) -> str:
    """王志强 → 王志强老师; 郝书记（县委副书记、党校校长） → 郝书记."""
    short = re.sub(r"[（(][^（）()]*[）)]$", "", name).strip() or name
    return short if short.endswith(m.ADDRESSED) else short + m.TEACHER


def place_label(instance: Instance, session: PlanSession) -> str:
    if session.venue is None:
        return m.SHEET_ONLINE
    venues = {v.id: v for v in instance.venues}
    venue = venues.get(session.venue)
    return venue.name if venue else session.venue


def class_label(instance: Instance, class_ids: list[str] | tuple[str, ...]) -> str:
    """The host class's name, with 等 N 个班 for a joint session."""
    names = {c.id: c.name for c in instance.classes}
    first = names.get(class_ids[0], class_ids[0]) if class_ids else ""
    return first if len(class_ids) <= 1 else f"{first}等 {len(class_ids)} 个班"


def sender(instance: Instance) -> str:
    """The signature of notices: the instance's own, else its county school's name."""
    if instance.sender:
        return instance.sender
    county = next((s for s in instance.sites if s.tier.value == "county"), None)
    return county.name if county else m.DEFAULT_SENDER


def ordered(sessions) -> list[PlanSession]:
    return sorted(sessions, key=lambda s: (s.date, s.start, s.id))


class _Lookups:
    """The instance's records by id, built once per run; unknown ids fall back to themselves."""

    def __init__(self, instance: Instance):
        self.instance = instance
        self.classes = {c.id: c for c in instance.classes}
        self.sites = {s.id: s for s in instance.sites}
        self.venues = {v.id: v for v in instance.venues}
        self.townships = {t.id: t.name for t in instance.townships}
        self.topics = {t.id: t.name for t in instance.topics}


def sheets(instance: Instance, plan: Plan, teacher_ids: list[str]) -> list[Sheet]:
    """One sheet per teacher, in the order given."""
    by_teacher: dict[str, list[PlanSession]] = {t: [] for t in teacher_ids}
    for session in plan.sessions:
        for t in session.teachers:
            if t in by_teacher:
                by_teacher[t].append(session)
    names = {t.id: t.name for t in instance.teachers}
    lookups = _Lookups(instance)
    return [Sheet(t, names.get(t, t), tuple(_row(lookups, s) for s in ordered(by_teacher[t])))
            for t in teacher_ids]


def _row(lookups: _Lookups, session: PlanSession) -> Row:
    classes = [lookups.classes[c] for c in session.classes if c in lookups.classes]
    heads = tuple(m.SHEET_HEAD_TEACHER.format(name=" ".join(filter(None, (c.head_teacher, c.head_teacher_phone))))
                  for c in classes if c.head_teacher)
    venue = lookups.venues.get(session.venue) if session.venue else None
    return Row(
        date=day_label(session.date), weekday=weekday_label(session.date), block=block_label(session),
        time=f"{session.start}–{session.end}",
        place=m.SHEET_ONLINE if session.venue is None else (venue.name if venue else session.venue),
        where=_where(lookups, session), classes="、".join(c.name for c in classes) or "、".join(session.classes),
        trainees=m.SHEET_TRAINEES.format(count=lookups.instance.audience(_item(lookups, session), session.classes)),
        head_teachers=heads, title=session.title, topic=lookups.topics.get(session.topic, session.topic),
        mode=m.MODE_NAMES.get(session.mode, session.mode))


def _where(lookups: _Lookups, session: PlanSession) -> str:
    """The school, township and address of the place, each said once."""
    site = lookups.sites.get(session.site)
    venue = lookups.venues.get(session.venue) if session.venue else None
    township = (venue.township if venue and venue.township else None) or (site.township if site else None)
    address = (venue.address if venue else None) or (site.address if site else None)
    parts = [site.name if site else session.site, lookups.townships.get(township, "") if township else "", address]
    return " · ".join(dict.fromkeys(p for p in parts if p))


def _item(lookups: _Lookups, session: PlanSession):
    parts = session.id.split(SESSION_ID_SEPARATOR)
    klass = lookups.classes.get(parts[0]) if len(parts) == 3 else None
    return klass.item(parts[1]) if klass else None
