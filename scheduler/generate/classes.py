"""Classes and their curricula: county-school classes, township "4+N" terms and short classes,
village night schools. Every class asks for at most WINDOW_SHARE of its usable blocks."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from scheduler.domain.records import Site, Term, Venue
from scheduler.domain.values import Mode, VenueKind
from scheduler.generate.availability import Availability
from scheduler.generate.drafts import ClassDraft, ItemDraft, fields_by_topic, item_id
from scheduler.generate.places import County, Places
from scheduler.generate.sizes import WINDOW_SHARE, Size
from scheduler.generate.topics import COUNTY_THEMES, FIELD_TITLES, MAIN, TITLES

TOWNSHIP_SHORT_NAMES = {"lunxun": "村（社区）党支部书记轮训班", "jishu": "实用技术培训班", "zhuanti": "专题讲座"}
TOWNSHIP_SHORT_TOPICS = {"lunxun": ("党建实务", "政治理论", "法治教育"),
                         "jishu": ("实用技术", "乡村振兴", "技能素养"),
                         "zhuanti": ("政治理论", "法治教育", "应急管理", "纠纷调解", "红色文化")}
TOWNSHIP_TERM_POOL = ("政治理论", "党建实务", "乡村振兴", "技能素养", "红色文化", "法治教育",
                      "实用技术", "党性教育", "纠纷调解", "应急管理")
NIGHT_MENU = ("政治理论", "党建实务", "乡村振兴", "实用技术", "实用技术", "技能素养", "法治教育", "红色文化",
              "党性教育", "纠纷调解", "应急管理")


class Curricula:
    """Draws the classes of every school and their curricula into `drafts`."""

    def __init__(self, rng: random.Random, size: Size, term: Term, places: Places, available: Availability):
        self.rng = rng
        self.size = size
        self.term = term
        self.places = places
        self.available = available
        self.drafts: list[ClassDraft] = []

    def build(self) -> None:
        for county in self.places.counties:
            self._county_classes(county)
        for county in self.places.counties:
            for township in county.townships:
                self._township_classes(township.id, township.name)
        self._night_classes()

    def _fields(self, draft: ClassDraft, fields: list[Venue]) -> dict[str, list[str]]:
        return fields_by_topic(draft, fields, self.places.field_topics)

    # ------------------------------------------------------------------ county classes
    def _county_classes(self, county: County) -> None:
        counters: Counter[str] = Counter()
        tracks = [self._county_track(county, counters) for _ in range(self.size.county_tracks)]
        classes = sorted((d for t in tracks for d in t), key=lambda d: (d.start, d.id))
        joints = self._pick_joint_pairs(classes, county)
        for draft in classes:
            self._county_curriculum(draft, county, joints.get(draft.id))
        self.drafts += classes

    def _county_track(self, county: County, counters: Counter[str]) -> list[ClassDraft]:
        """One after another, the classes of one track of the county school."""
        rng, site = self.rng, county.site
        cursor = self.term.start + dt.timedelta(days=rng.randint(0, 6))
        drafts = []
        while True:
            teaching = self.available.teaching_days(site, cursor, self.term.end)
            if len(teaching) < 2:
                break
            span = rng.choice((3, 4, 5, 5, 5))  # teaching days, so 3–7 calendar days
            first, last = teaching[0], teaching[min(span, len(teaching)) - 1]
            theme = rng.choice(COUNTY_THEMES)
            counters[theme[0]] += 1
            low, high = theme[3]
            capacity = max(v.capacity for v in self.places.site_venues[site.id] if v.kind is VenueKind.CLASSROOM)
            drafts.append(ClassDraft(
                id=f"{county.pinyin}-{theme[0]}-{counters[theme[0]]}",
                name=f"{county.name}{theme[1]}（第{counters[theme[0]]}期）", site=site,
                trainees=min(capacity, rng.randint(low, high)), start=first, end=last,
                emphasis=theme[2]))
            cursor = last + dt.timedelta(days=rng.choice((1, 1, 2, 3)))
        return drafts

    def _pick_joint_pairs(self, classes: list[ClassDraft], county: County) -> dict[str, ClassDraft]:
        """Now and then two classes running at once share a lecture in the hall."""
        partner: dict[str, ClassDraft] = {}
        taken: list[str] = []
        for a in classes:
            for b in classes:
                if a is b or a.id in taken or b.id in taken or b.start < a.start:
                    continue
                lo, hi = max(a.start, b.start), min(a.end, b.end)
                if hi < lo or len(self.available.teaching_days(a.site, lo, hi)) < 3:
                    continue
                if a.trainees + b.trainees > county.hall.capacity or self.rng.random() > 0.2:
                    continue
                partner[a.id] = b
                b.joint_units += 1
                taken += [a.id, b.id]
        return partner

    def _county_curriculum(self, draft: ClassDraft, county: County, joint: ClassDraft | None) -> None:
        rng, site = self.rng, draft.site
        units = int(WINDOW_SHARE * self.available.units(site, draft.start, draft.end)) - draft.joint_units
        items: list[ItemDraft] = []
        emphasis = self.available.supported(draft, draft.emphasis, 3)
        if units >= 3:
            items.append(ItemDraft("kaiban", "开班结业", "开班式暨入学教育", first=True))
            units -= 1
        closing = units >= 3
        if closing:
            units -= 1
        if joint is not None and units >= 2:
            topic = rng.choice(self.available.supported(draft, ("政治理论", "廉政文化", "党性教育"), 3)
                               or ["政治理论"])
            items.append(ItemDraft("heban", topic, f"{rng.choice(TITLES[topic])}（合班）",
                                   joint_with=[joint.id], venues=[county.hall.id]))
            units -= 1
        if units >= 5 and rng.random() < 0.6:
            draft.four_plus_n = True
            for topic in MAIN:
                items.append(ItemDraft(item_id(items, topic), topic, rng.choice(TITLES[topic])))
                units -= 1
        units = self._county_field_visit(draft, county, items, units)
        pool = emphasis + self.available.supported(draft, MAIN, 3) or list(MAIN)
        self._county_lectures(site, items, units, pool)
        if closing:
            items.append(ItemDraft("jieye", "开班结业", "结业式", last=True))
        draft.items = items

    def _county_field_visit(self, draft: ClassDraft, county: County, items: list[ItemDraft], units: int) -> int:
        """Sometimes a field visit after a lecture of its topic; returns the units left."""
        rng = self.rng
        fields = self._fields(draft, self.places.county_fields[county.index])
        options = self.available.supported(draft, fields, 3)
        if units >= 2 and options and rng.random() < 0.6:
            topic = rng.choice(options)
            theory = next((i for i in items if i.topic == topic and not i.joint_with), None)
            if theory is None:
                theory = ItemDraft(item_id(items, topic), topic, rng.choice(TITLES[topic]))
                items.append(theory)
                units -= 1
            length = 2 if units >= 3 and rng.random() < 0.4 else 1
            if units >= length:
                items.append(ItemDraft(item_id(items, topic, "xianchang"), topic, FIELD_TITLES[topic],
                                       mode=Mode.FIELD, length=length, venues=fields[topic],
                                       after=[theory.id]))
                units -= length
        return units

    def _county_lectures(self, site: Site, items: list[ItemDraft], units: int, pool: list[str]) -> None:
        """Fill the remaining units with lectures, interactive and online sessions."""
        rng = self.rng
        while units > 0:
            topic = rng.choice(pool)
            sessions = 2 if units >= 2 and rng.random() < 0.25 else 1
            mode = Mode.LECTURE
            teacher_count = None
            roll = rng.random()
            if roll < 0.25:
                mode = Mode.INTERACTIVE
                if roll < 0.05 and len(self.available.qualified(site, topic)) >= 4:
                    teacher_count = 2  # two-teacher teaching (双人教学)
            elif roll < 0.3:
                mode = Mode.ONLINE
            items.append(ItemDraft(item_id(items, topic), topic, rng.choice(TITLES[topic]), mode=mode,
                                   sessions=sessions, teacher_count=teacher_count))
            units -= sessions

    # ------------------------------------------------------------------ township classes
    def _township_classes(self, township_id: str, township_name: str) -> None:
        rng, weeks = self.rng, self.size.weeks
        site = self.available.site_by_id[f"zx-{township_id}"]
        hall = max(v.capacity for v in self.places.site_venues[site.id])
        fields = self.places.field_venues[township_id]
        terms = self.size.township_terms
        stretch = weeks / terms
        for k in range(terms):
            first = self.term.start + dt.timedelta(days=int(7 * k * stretch) + rng.randint(0, 4))
            last = min(self.term.end, first + dt.timedelta(days=int(7 * stretch) - rng.randint(3, 8)))
            if last <= first:
                continue
            draft = ClassDraft(
                id=f"{township_id}-xueqi-{k + 1}", name=f"{township_name}党校“4+N”主题学期（第{k + 1}期）",
                site=site, trainees=min(hall, rng.randint(40, 120)), start=first, end=last)
            units = min(rng.randint(10, 14), int(WINDOW_SHARE * self.available.units(site, first, last)))
            self._township_term_curriculum(draft, units, fields)
            if draft.items:
                self.drafts.append(draft)
        for k in range(self.size.township_short):
            span = rng.choice((1, 2, 2, 3))
            first = self.term.start + dt.timedelta(days=rng.randint(0, 7 * weeks - span))
            teaching = self.available.teaching_days(site, first, self.term.end)
            if len(teaching) < span:
                continue
            first, last = teaching[0], teaching[span - 1]
            units = int(WINDOW_SHARE * self.available.units(site, first, last))
            if units < 1:
                continue
            kind = rng.choice(("lunxun", "jishu", "zhuanti"))
            draft = ClassDraft(
                id=f"{township_id}-{kind}-{k + 1}", name=f"{township_name}{TOWNSHIP_SHORT_NAMES[kind]}",
                site=site, trainees=min(hall, rng.randint(30, 100)), start=first, end=last)
            self._township_short_curriculum(draft, kind, units, fields)
            if draft.items:
                self.drafts.append(draft)

    def _township_term_curriculum(self, draft: ClassDraft, units: int, fields: list[Venue]) -> None:
        rng, site = self.rng, draft.site
        items: list[ItemDraft] = []
        if units < 2:
            return
        items.append(ItemDraft("kaixue", "党建实务", "开学第一课：书记讲党课", first=True))
        units -= 1
        closing = units >= 6 and len(self.available.qualified(site, "开班结业")) >= 2
        if closing:
            units -= 1
        mains = self.available.supported(draft, MAIN)
        if units >= 4 and len(mains) == 4:
            draft.four_plus_n = True
            for topic in MAIN:
                items.append(ItemDraft(item_id(items, topic), topic, rng.choice(TITLES[topic])))
                units -= 1
        by_topic = self._fields(draft, fields)
        options = [t for t in self.available.supported(draft, by_topic) if any(i.topic == t for i in items)]
        if units >= 1 and options and rng.random() < 0.6:
            topic = rng.choice(options)
            theory = next(i for i in items if i.topic == topic and not i.joint_with)
            items.append(ItemDraft(item_id(items, topic, "xianchang"), topic, FIELD_TITLES[topic],
                                   mode=Mode.FIELD, venues=by_topic[topic], after=[theory.id]))
            units -= 1
        pool = self.available.supported(draft, TOWNSHIP_TERM_POOL)
        while units > 0 and pool:
            topic = rng.choice(pool)
            mode = Mode.INTERACTIVE if rng.random() < 0.25 else Mode.LECTURE
            items.append(ItemDraft(item_id(items, topic), topic, rng.choice(TITLES[topic]), mode=mode))
            units -= 1
        if closing:
            items.append(ItemDraft("jieye", "开班结业", "结业式", last=True))
        draft.items = items

    def _township_short_curriculum(self, draft: ClassDraft, kind: str, units: int, fields: list[Venue]) -> None:
        rng = self.rng
        supported = self.available.supported(draft, TOWNSHIP_SHORT_TOPICS[kind])
        if not supported:
            return
        items: list[ItemDraft] = []
        usable_fields = self._fields(draft, fields).get("实用技术")
        for k in range(units):
            topic = supported[k % len(supported)]
            if kind == "jishu" and k == 1 and usable_fields and items[0].topic == "实用技术":
                items.append(ItemDraft(item_id(items, topic, "xianchang"), "实用技术", FIELD_TITLES["实用技术"],
                                       mode=Mode.FIELD, venues=usable_fields, after=[items[0].id]))
                continue
            mode = Mode.INTERACTIVE if rng.random() < 0.2 else Mode.LECTURE
            items.append(ItemDraft(item_id(items, topic), topic, rng.choice(TITLES[topic]), mode=mode))
        draft.items = items

    # ------------------------------------------------------------------ night schools
    def _night_classes(self) -> None:
        months = []
        day = self.term.start.replace(day=1)
        while day <= self.term.end:
            nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            months.append((max(day, self.term.start), min(nxt - dt.timedelta(days=1), self.term.end)))
            day = nxt
        for county in self.places.counties:
            for vpy, vname, _ in county.villages:
                for first, last in months:
                    self._night_class(vpy, vname, first, last)

    def _night_class(self, vpy: str, vname: str, first: dt.date, last: dt.date) -> None:
        """One village's night school for one month."""
        rng = self.rng
        site = self.available.site_by_id[f"yx-{vpy}"]
        venue_cap = self.places.site_venues[site.id][0].capacity
        cap = int(WINDOW_SHARE * self.available.units(site, first, last))
        if cap < 1:
            return
        wanted = min(4, max(1, round(rng.gauss(self.size.night_mean, 1.0))))
        draft = ClassDraft(
            id=f"yx-{vpy}-{first:%Y%m}", name=f"{vname}农民夜校（{first.month}月）", site=site,
            trainees=min(venue_cap, rng.randint(20, 50)), start=first, end=last)
        supported = self.available.supported(draft, NIGHT_MENU, 3)
        count = min(wanted, cap, len(supported))
        if count < 1:
            return
        items: list[ItemDraft] = []
        for topic in rng.sample(supported, count):
            roll = rng.random()
            mode = Mode.INTERACTIVE if roll < 0.3 else Mode.ONLINE if roll < 0.35 else Mode.LECTURE
            items.append(ItemDraft(item_id(items, topic), topic, rng.choice(TITLES[topic]), mode=mode))
        draft.items = items
        self.drafts.append(draft)
