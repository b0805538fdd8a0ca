"""Teachers: full-time lecturers, county cadres, part-time teachers, township leaders, local experts
and other local talent, with the obligations the witness plan will try to meet."""

from __future__ import annotations

import datetime as dt
import random

from scheduler.check.periods import obligation_periods
from scheduler.domain.records import Obligation, Teacher, Term, Township
from scheduler.domain.values import DateRange, Period, TeacherKind, Tier, TimeRule
from scheduler.generate.names import NameBook
from scheduler.generate.places import County, Places
from scheduler.generate.sizes import Size
from scheduler.generate.topics import ordered_topics

COUNTY_CADRE_ROLES = (  # role, topics, tiers
    ("县委副书记、党校校长", ("政治理论", "开班结业"), (Tier.COUNTY,)),
    ("县委组织部副部长", ("党建实务", "开班结业"), (Tier.COUNTY, Tier.TOWNSHIP)),
    ("县纪委监委常委", ("廉政文化",), (Tier.COUNTY, Tier.TOWNSHIP)),
    ("县委宣传部副部长", ("政治理论",), (Tier.COUNTY, Tier.TOWNSHIP)),
    ("县委政法委副书记", ("法治教育", "政治理论"), (Tier.COUNTY,)),
    ("县农业农村局局长", ("乡村振兴", "实用技术"), (Tier.COUNTY, Tier.TOWNSHIP)),
    ("县应急管理局局长", ("应急管理",), (Tier.COUNTY, Tier.TOWNSHIP)),
    ("县司法局局长", ("法治教育", "纠纷调解"), (Tier.COUNTY, Tier.TOWNSHIP)),
    ("县乡村振兴局局长", ("乡村振兴",), (Tier.COUNTY, Tier.TOWNSHIP)),
    ("县人社局副局长", ("技能素养",), (Tier.COUNTY,)),
    ("县网格化服务管理中心主任", ("网格治理",), (Tier.COUNTY, Tier.TOWNSHIP)),
    ("县妇联主席", ("纠纷调解", "党性教育"), (Tier.COUNTY, Tier.TOWNSHIP)),
)
COUNTY_PARTTIME_ROLES = (
    ("高校教授", ("政治理论", "乡村振兴")),
    ("企业负责人", ("乡村振兴", "技能素养")),
    ("全国劳动模范", ("党性教育", "红色文化")),
    ("红色教育基地讲解员", ("红色文化", "党性教育")),
    ("律师", ("法治教育", "纠纷调解")),
    ("农业专家", ("实用技术", "乡村振兴")),
    ("应急救援队队长", ("应急管理",)),
    ("党史研究室研究员", ("红色文化", "政治理论")),
)
LOCAL_ROLES = (  # role, kind, topics, tiers, reach neighbours
    ("村党支部书记", TeacherKind.CADRE, ("党建实务", "乡村振兴"), (Tier.TOWNSHIP, Tier.VILLAGE), 1),
    ("老党员", TeacherKind.PARTTIME, ("红色文化", "党性教育", "政治理论"), (Tier.VILLAGE,), 1),
    ("老模范", TeacherKind.PARTTIME, ("党性教育", "乡村振兴"), (Tier.VILLAGE,), 1),
    ("中小学教师", TeacherKind.PARTTIME, ("技能素养", "政治理论"), (Tier.VILLAGE,), 1),
    ("乡村医生", TeacherKind.PARTTIME, ("技能素养",), (Tier.VILLAGE,), 1),
    ("司法所所长", TeacherKind.PARTTIME, ("法治教育", "纠纷调解"), (Tier.TOWNSHIP, Tier.VILLAGE), 2),
    ("派出所民警", TeacherKind.PARTTIME, ("法治教育", "应急管理"), (Tier.TOWNSHIP, Tier.VILLAGE), 1),
    ("农技站技术员", TeacherKind.PARTTIME, ("实用技术", "乡村振兴"), (Tier.TOWNSHIP, Tier.VILLAGE), 2),
    ("驻村第一书记", TeacherKind.CADRE, ("党建实务", "乡村振兴", "政治理论"), (Tier.VILLAGE,), 1),
    ("村文书", TeacherKind.PARTTIME, ("技能素养", "网格治理"), (Tier.VILLAGE,), 0),
)
EXPERT_SKILLS = ("设施蔬菜", "果树", "养殖", "农机", "中药材", "食用菌", "小杂粮", "电商")
COUNTY_TOPICS = ("政治理论", "党建实务", "乡村振兴", "技能素养", "开班结业", "党性教育", "红色文化",
                 "廉政文化", "法治教育", "网格治理", "应急管理", "纠纷调解")

# An obligation as planned: the obligation and its periods (first day, last day), clipped to the term.
PlannedObligation = tuple[Obligation, list[tuple[dt.date, dt.date]]]


def term_periods(term: Term, period: Period) -> list[tuple[dt.date, dt.date]]:
    """The periods of an obligation, as the checker counts them."""
    return [(p.start, p.end) for p in obligation_periods(period, term.start, term.end)]


class Staff:
    """Draws every county's teachers; `obligations` holds each teacher's planned obligations."""

    def __init__(self, rng: random.Random, size: Size, term: Term, places: Places):
        self.rng = rng
        self.size = size
        self.term = term
        self.places = places
        self.names = NameBook(rng)
        self.teachers: list[Teacher] = []
        self.obligations: dict[str, list[PlannedObligation]] = {}
        per = size.teachers
        self.fulltime = max(8, round(per * 0.07))
        self.cadres = max(3, round(per * 0.05))
        self.county_pt = max(3, round(per * 0.05))
        self.members = 1 if size.townships <= 4 else 2
        self.experts = max(8, round(per * 0.3))

    def build(self) -> None:
        half_year = term_periods(self.term, Period.HALF_YEAR)
        secretary_period = Period.HALF_YEAR if half_year else Period.TERM
        for county in self.places.counties:
            reach = [t.id for t in county.townships] if self.size.counties > 1 else None
            self._fulltime(county, reach)
            self._county_cadres(county, reach)
            self._county_parttime(county, reach)
            for township in county.townships:
                self._township_leaders(township, secretary_period)
            self._experts(county)
            used = (self.fulltime + self.cadres + self.county_pt + len(county.townships) * (1 + self.members)
                    + self.experts)
            self._local_talent(county, max(0, self.size.teachers - used))

    def add(self, teacher: Teacher, obligations=()) -> None:
        self.teachers.append(teacher)
        self.obligations[teacher.id] = list(obligations)

    def maybe_away(self, chance: float) -> list[TimeRule]:
        """Sometimes a few days away (study trip, leave)."""
        if self.rng.random() >= chance:
            return []
        span = (self.term.end - self.term.start).days
        first = self.term.start + dt.timedelta(days=self.rng.randint(0, max(0, span - 7)))
        last = first + dt.timedelta(days=self.rng.randint(2, 6))
        note = self.rng.choice(("外出学习", "参加上级培训", "休假", "出差"))
        return [TimeRule(dates=[DateRange(start=first, end=last)], note=note)]

    def _fulltime(self, county: County, reach: list[str] | None) -> None:
        """Full-time lecturers: county school and township schools (送教下乡)."""
        rng = self.rng
        for k in range(self.fulltime):
            tid, name = self.names.person()
            primary = COUNTY_TOPICS[k % len(COUNTY_TOPICS)]
            extra = rng.sample([t for t in COUNTY_TOPICS if t != primary], rng.choice((1, 2, 3)))
            if "开班结业" not in extra and primary != "开班结业" and k % 3 == 0:
                extra.append("开班结业")
            topics = [primary, *extra]
            self.add(Teacher(
                id=tid, name=name, kind=TeacherKind.FULLTIME, township=county.seat.id,
                topics=ordered_topics(topics), tiers=[Tier.COUNTY, Tier.TOWNSHIP], townships=reach,
                max_per_day=2, max_per_week=rng.choice((6, 7, 8)), unavailable=self.maybe_away(0.25)),
                obligations=[(Obligation(period=Period.MONTH, min_sessions=2, note="专职教师每月授课任务"),
                              term_periods(self.term, Period.MONTH))] if k % 2 == 0 else [])

    def _county_cadres(self, county: County, reach: list[str] | None) -> None:
        """Leading cadres of the county."""
        rng = self.rng
        for k in range(self.cadres):
            role, topics, tiers = COUNTY_CADRE_ROLES[k % len(COUNTY_CADRE_ROLES)]
            tid, name = self.names.person()
            unavailable = [TimeRule(weekdays=[6, 7], note="周末不安排")] if rng.random() < 0.5 else []
            unavailable += self.maybe_away(0.4)
            self.add(Teacher(
                id=tid, name=f"{name}（{role}）", kind=TeacherKind.CADRE, township=county.seat.id,
                topics=list(topics), tiers=list(tiers), townships=reach,
                max_per_week=rng.choice((2, 3)), unavailable=unavailable))

    def _county_parttime(self, county: County, county_reach: list[str] | None) -> None:
        """Scholars, entrepreneurs, model workers (in L some serve the whole prefecture)."""
        rng = self.rng
        for k in range(self.county_pt):
            role, topics = COUNTY_PARTTIME_ROLES[k % len(COUNTY_PARTTIME_ROLES)]
            tid, name = self.names.person()
            prefecture = self.size.counties > 1 and k < 2
            if prefecture:
                role, tiers, reach = "市委党校教授", [Tier.COUNTY], [c.seat.id for c in self.places.counties]
                topics = ("政治理论", "党建实务", "党性教育")
            else:
                tiers, reach = [Tier.COUNTY, Tier.TOWNSHIP], county_reach
            self.add(Teacher(
                id=tid, name=f"{name}（{role}）", kind=TeacherKind.PARTTIME, township=county.seat.id,
                topics=list(topics), tiers=tiers, townships=reach,
                max_per_week=rng.choice((2, 3)), unavailable=self.maybe_away(0.3)))

    def _township_leaders(self, township: Township, secretary_period: Period) -> None:
        """A township's party secretary and team members."""
        rng = self.rng
        title = "党工委书记" if township.name.endswith("街道") else "党委书记"
        tid, name = self.names.person()
        self.add(Teacher(
            id=tid, name=f"{name}（{township.name}{title}）", kind=TeacherKind.CADRE,
            township=township.id, topics=["党建实务", "政治理论"],
            tiers=[Tier.TOWNSHIP, Tier.VILLAGE], townships=[township.id],
            max_per_week=2, unavailable=self.maybe_away(0.3)),
            obligations=[(Obligation(period=secretary_period, topic="党建实务", note="书记讲党课"),
                          term_periods(self.term, secretary_period))])
        for _ in range(self.members):
            tid, name = self.names.person()
            topics = rng.sample(["党建实务", "乡村振兴", "政治理论", "法治教育", "应急管理"], 2)
            self.add(Teacher(
                id=tid, name=f"{name}（{township.name}党政班子成员）", kind=TeacherKind.CADRE,
                township=township.id, topics=ordered_topics(topics),
                tiers=[Tier.TOWNSHIP, Tier.VILLAGE], townships=[township.id],
                max_per_day=1, max_per_week=2),
                obligations=[(Obligation(period=Period.TERM, note="党政班子成员每年至少上一次党课"),
                              term_periods(self.term, Period.TERM))])

    def _experts(self, county: County) -> None:
        """Local experts (土专家、田秀才): own and neighbouring townships."""
        rng = self.rng
        for k in range(self.experts):
            township = county.townships[k % len(county.townships)]
            tid, name = self.names.person()
            skill = rng.choice(EXPERT_SKILLS)
            label = rng.choice(("土专家", "田秀才"))
            topics = ["实用技术"] + rng.sample(["乡村振兴", "技能素养"], rng.choice((0, 1, 1)))
            self.add(Teacher(
                id=tid, name=f"{name}（{skill}{label}）", kind=TeacherKind.EXPERT, township=township.id,
                topics=topics, tiers=[Tier.TOWNSHIP, Tier.VILLAGE],
                townships=[township.id, *self.places.neighbours[township.id]],
                max_per_day=rng.choice((1, 2)), max_per_week=rng.choice((2, 3))))

    def _local_talent(self, county: County, count: int) -> None:
        """Other local talent fills the county's quota."""
        rng = self.rng
        for k in range(count):
            township = county.townships[k % len(county.townships)]
            role, kind, topics, tiers, reach = LOCAL_ROLES[k % len(LOCAL_ROLES)]
            tid, name = self.names.person()
            unavailable = []
            if role == "中小学教师":
                unavailable = [TimeRule(weekdays=[1, 2, 3, 4, 5], blocks=["上午", "下午"], note="白天在校上课")]
            elif role == "乡村医生":
                unavailable = [TimeRule(weekdays=[rng.randint(1, 5)], note="值夜班")]
            self.add(Teacher(
                id=tid, name=f"{name}（{role}）", kind=kind, township=township.id,
                topics=list(topics), tiers=list(tiers),
                townships=[township.id, *self.places.neighbours[township.id][:reach]],
                max_per_day=1, max_per_week=rng.choice((2, 3)), unavailable=unavailable))
