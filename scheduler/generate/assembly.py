"""Assembly: draw the term, places, staff, blackouts and classes in a fixed order from one seeded
random stream, plan the witness, and turn the drafts into an `Instance` and the witness `Plan`."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict

from scheduler.domain.instance import Instance
from scheduler.domain.plan import Plan, PlanSession, session_id
from scheduler.domain.records import CurriculumItem, Term, TermClass, Topic
from scheduler.domain.values import Mode, Tier, TimeRule
from scheduler.generate.availability import Availability
from scheduler.generate.blackouts import draw_blackouts
from scheduler.generate.classes import Curricula
from scheduler.generate.drafts import ClassDraft
from scheduler.generate.places import Places
from scheduler.generate.sizes import SIZES, TERM_STARTS
from scheduler.generate.staff import Staff
from scheduler.generate.topics import MAIN, TOPICS
from scheduler.generate.witness import Placed, Witness


def generate(size: str, seed: int) -> Instance:
    """A feasible synthetic instance of the given size ("S", "M" or "L")."""
    return generate_with_plan(size, seed)[0]


def generate_with_plan(size: str, seed: int) -> tuple[Instance, Plan]:
    """The instance and the witness plan that proves it feasible."""
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}; choose one of {', '.join(SIZES)}")
    rng = random.Random(f"party-school-{size}-{seed}")
    term = draw_term(rng, size, seed)
    places = Places(rng, SIZES[size])
    places.build()
    staff = Staff(rng, SIZES[size], term, places)
    staff.build()
    blackouts = draw_blackouts(rng, SIZES[size], term, places.counties)
    available = Availability(term, places.sites, places.venues, staff.teachers, blackouts)
    curricula = Curricula(rng, SIZES[size], term, places, available)
    curricula.build()
    witness = Witness(rng, places, available, staff.obligations)
    witness.plan_all(curricula.drafts)
    decorate(rng, curricula.drafts, witness.placed)
    topics = [Topic(id=t[0], name=t[1], main=t[3]) for t in TOPICS]
    teachers = [teacher.model_copy(update={"obligations": kept}) if (kept := witness.obligations_met(teacher.id))
                else teacher for teacher in staff.teachers]
    instance = Instance(name=f"synthetic-{size.lower()}-{seed}", term=term, townships=places.townships,
                        sites=places.sites, venues=places.venues, topics=topics, teachers=teachers,
                        classes=term_classes(curricula.drafts), blackouts=blackouts)
    return instance, witness_plan(instance, witness.placed)


def draw_term(rng: random.Random, size: str, seed: int) -> Term:
    start = rng.choice(TERM_STARTS)
    end = start + dt.timedelta(days=7 * SIZES[size].weeks - 1)
    season = "春季" if start.month < 7 else "秋季"
    return Term(name=f"{start.year}年{season}学期（合成数据 {size}-{seed}）", start=start, end=end)


def decorate(rng: random.Random, drafts: list[ClassDraft], placed: list[Placed]) -> None:
    """Pin some teachers and restrict some venues, consistently with the witness."""
    by_item: dict[tuple[str, str], list[Placed]] = defaultdict(list)
    for session in placed:
        by_item[(session.owner, session.item)].append(session)
    for draft in drafts:
        for item in draft.items:
            sessions = by_item.get((draft.id, item.id), [])
            if not sessions:
                continue
            common = [t for t in sessions[0].teachers if all(t in s.teachers for s in sessions)]
            if common and (item.first or item.mode is Mode.FIELD) and rng.random() < 0.15:
                item.teachers = [rng.choice(common)]
            if (item.mode in (Mode.LECTURE, Mode.INTERACTIVE) and item.venues is None
                    and draft.site.tier is Tier.COUNTY and rng.random() < 0.05):
                used = sorted({s.venue for s in sessions if s.venue})
                item.venues = used
            if item.mode is Mode.LECTURE and rng.random() < 0.03:
                taken = {(s.date.isoweekday(), s.site.blocks[s.first_block].name) for s in sessions}
                weekday = rng.randint(1, 5)
                block = draft.site.blocks[-1].name
                if (weekday, block) not in taken:
                    item.unavailable = [TimeRule(weekdays=[weekday], blocks=[block], note="授课教师固定坐班")]


def term_classes(drafts: list[ClassDraft]) -> list[TermClass]:
    """The classes with at least one placed session, each without its unplaced items."""
    keep_classes = []
    for draft in drafts:
        draft.items = [i for i in draft.items if i.sessions > 0]
        if draft.items:
            keep_classes.append(draft)
    kept_ids = [d.id for d in keep_classes]
    classes = []
    for draft in keep_classes:
        ids = [i.id for i in draft.items]
        curriculum = [CurriculumItem(
            id=item.id, topic=item.topic, title=item.title, mode=item.mode, sessions=item.sessions,
            length=item.length, teachers=item.teachers, teacher_count=item.teacher_count,
            venues=item.venues, joint_with=[c for c in item.joint_with if c in kept_ids],
            first=item.first, last=item.last, after=[a for a in item.after if a in ids],
            unavailable=item.unavailable) for item in draft.items]
        four = draft.four_plus_n and all(any(i.topic == t for i in draft.items) for t in MAIN)
        classes.append(TermClass(id=draft.id, name=draft.name, site=draft.site.id, trainees=draft.trainees,
                                 start=draft.start, end=draft.end, four_plus_n=four, curriculum=curriculum))
    return classes


def witness_plan(instance: Instance, placed: list[Placed]) -> Plan:
    sessions = []
    index: Counter[tuple[str, str]] = Counter()
    for session in sorted(placed, key=lambda p: (p.owner, p.item, p.index)):
        index[(session.owner, session.item)] += 1
        blocks = session.site.blocks[session.first_block:session.first_block + session.length]
        sessions.append(PlanSession(
            id=session_id(session.owner, session.item, index[(session.owner, session.item)]),
            classes=session.classes, topic=session.topic, title=session.title, mode=session.mode.value,
            date=session.date, start=blocks[0].start.strftime("%H:%M"), end=blocks[-1].end.strftime("%H:%M"),
            blocks=[b.name for b in blocks], teachers=session.teachers, venue=session.venue,
            site=session.site.id))
    sessions.sort(key=lambda s: (s.date, s.start, s.id))
    return Plan(instance=instance.name, status="FEASIBLE", objective=0, bound=0, solve_seconds=0.0,
                sessions=sessions)
