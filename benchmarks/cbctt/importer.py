"""A CB-CTT problem as an instance of our engine, and an engine plan back as CB-CTT lectures.

The mapping (every name below is the CB-CTT one):
* the week: `days` consecutive dates from Monday START_DATE, taught every day (no holidays);
* one county school, CAMPUS, whose blocks are the periods: period p is the block named
  block_name(p), of BLOCK_MINUTES (shorter when a day has very many periods) from 08:00;
* each room a classroom of that school; its `overflow` lets every course in, so that capacity
  is the soft rule soft_capacity (1 per missing seat);
* each curriculum a class (TermClass); each course one curriculum item hosted by one of the
  curricula that list it and `joint_with` the others (a joint session blocks them all); a
  course that no curriculum lists gets a class of its own;
* the item: topic, id and title are the course; its teacher; `sessions` = lectures, length 1,
  `min_days` = minimum working days, `attendance` = students, `unavailable` = the course's
  unavailable periods;
* each teacher a full-time teacher who teaches exactly their courses' topics;
* weights: soft_capacity 1, item_spread 5, class_isolated 2, item_room_stability 1 (the UD2
  costs), every other soft rule 0.

The host of a course does not change its cost (an item's sessions are held at the one school
and block all its classes either way); hosts are chosen so that as many curricula as possible
host a course (a maximum matching), since a class needs a curriculum item of its own. A
curriculum that still hosts none (comp02–comp05 have some) cannot be stated yet: CttImportError.

Where the engine's rules and UD2 differ (scheduler/rules.py): with a single period per day
class_isolated exempts the school, while UD2 counts every lecture as isolated; a course in no
curriculum has compactness counted for its own class, which UD2 does not; item_spread skips
single-session items, so a one-lecture course with a minimum of more than one day costs 0
instead of 5 per day. None occurs in comp01–comp07; the scorer counts UD2 exactly.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from pydantic import ValidationError

from benchmarks.cbctt.ctt import Problem
from benchmarks.cbctt.solution import Lecture
from scheduler.domain import Instance, Plan, PlanSession, session_id
from scheduler.rules import SOFT_RULE_IDS

START_DATE = dt.date(2024, 3, 4)  # a Monday
CAMPUS = "campus"
TOWNSHIP = "town"
FIRST_BLOCK = dt.time(8, 0)
BLOCK_MINUTES = 60
LATEST_END_MINUTE = 23 * 60 + 59
WEIGHTS = {"soft_capacity": 1, "item_spread": 5, "class_isolated": 2, "item_room_stability": 1}


class CttImportError(ValueError):
    """A CB-CTT problem that our engine cannot state; the message says what and why."""


def block_name(period: int) -> str:
    return f"第{period + 1}节"


def block_minutes(periods_per_day: int) -> int:
    """How long a period's block lasts, so that the day's blocks fit between 08:00 and 23:59."""
    room = LATEST_END_MINUTE - (FIRST_BLOCK.hour * 60 + FIRST_BLOCK.minute)
    minutes = min(BLOCK_MINUTES, room // periods_per_day)
    if minutes < 1:
        raise CttImportError(f"{periods_per_day} periods a day do not fit in one day's clock")
    return minutes


def to_instance(problem: Problem, name: str | None = None) -> Instance:
    """The engine's instance for a CB-CTT problem (named `name`, else the problem's Name)."""
    dates = [START_DATE + dt.timedelta(days=d) for d in range(problem.days)]
    hosts = _hosts(problem)
    largest = max((c.students for c in problem.courses), default=1)
    items: dict[str, list[dict]] = defaultdict(list)
    for course in problem.courses:
        if course.lectures == 0:
            continue  # nothing to schedule
        host = hosts[course.id]
        items[host].append(_item(problem, course, host, dates))
    audiences = {q.id: q.courses for q in problem.curricula}
    for course_id, host in hosts.items():
        audiences.setdefault(host, (course_id,))  # a course no curriculum lists
    classes = [{
        "id": class_id, "name": class_id, "site": CAMPUS, "start": dates[0], "end": dates[-1],
        "trainees": max([1, *(problem.course_by_id[c].students for c in courses)]),
        "curriculum": items[class_id],
    } for class_id, courses in audiences.items()]
    teachers: dict[str, list[str]] = defaultdict(list)
    for course in problem.courses:
        teachers[course.teacher].append(course.id)
    data = {
        "name": name or problem.name,
        "term": {"name": problem.name, "start": dates[0], "end": dates[-1], "holiday_source": "none"},
        "townships": [{"id": TOWNSHIP, "name": "CB-CTT"}],
        "sites": [{
            "id": CAMPUS, "name": problem.name, "tier": "county", "township": TOWNSHIP,
            "blocks": _blocks(problem.periods_per_day),
            "weekdays": sorted({d.isoweekday() for d in dates}), "observe_holidays": False,
        }],
        "venues": [{"id": room.id, "name": room.id, "kind": "classroom", "site": CAMPUS,
                    "capacity": room.capacity, "overflow": max(0, largest - room.capacity)}
                   for room in problem.rooms],
        "topics": [{"id": c.id, "name": c.id} for c in problem.courses],
        "teachers": [{"id": t, "name": t, "kind": "fulltime", "township": TOWNSHIP, "topics": courses}
                     for t, courses in teachers.items()],
        "classes": classes,
        "weights": {rule: WEIGHTS.get(rule, 0) for rule in SOFT_RULE_IDS},
    }
    try:
        return Instance.model_validate(data)
    except ValidationError as error:
        hostless = sorted(c["id"] for c in classes if not c["curriculum"])
        if hostless:
            raise CttImportError(
                f"{len(hostless)} curricula host no course of their own, and the engine needs every "
                f"class to have a curriculum item (TermClass.curriculum, min_length=1)\n"
                f"curricula hosting no course: {', '.join(hostless)}\n{error}") from error
        raise


def to_lectures(problem: Problem, plan: Plan) -> list[Lecture]:
    """The plan's sessions as CB-CTT lectures: one per block a session occupies."""
    period_of = {block_name(p): p for p in range(problem.periods_per_day)}
    lectures = []
    for session in plan.sessions:
        day = (session.date - START_DATE).days
        for block in session.blocks:
            lectures.append(Lecture(session.topic, session.venue or "", day, period_of[block]))
    return lectures


def plan_from_lectures(instance: Instance, lectures: list[Lecture]) -> Plan:
    """A CB-CTT solution as a plan of the imported instance, for the engine's checker: each
    course's lectures, in (day, period) order, become its item's sessions 1, 2, …"""
    site = instance.site(CAMPUS)
    hosts = {item.id: (term_class, item) for term_class in instance.classes
             for item in term_class.curriculum}
    sessions = []
    by_course: dict[str, list[Lecture]] = defaultdict(list)
    for lecture in lectures:
        by_course[lecture.course].append(lecture)
    for course, held in sorted(by_course.items()):
        term_class, item = hosts[course]
        for index, lecture in enumerate(sorted(held, key=lambda x: (x.day, x.period, x.room)), 1):
            block = site.blocks[lecture.period]
            sessions.append(PlanSession(
                id=session_id(term_class.id, item.id, index), classes=[term_class.id, *item.joint_with],
                topic=item.topic, title=item.title, mode=item.mode.value,
                date=instance.term.start + dt.timedelta(days=lecture.day),
                start=block.start.strftime("%H:%M"), end=block.end.strftime("%H:%M"),
                blocks=[block.name], teachers=list(item.teachers), venue=lecture.room, site=site.id))
    return Plan(instance=instance.name, status="FEASIBLE", objective=0, bound=0, solve_seconds=0,
                sessions=sessions)


def _blocks(periods_per_day: int) -> list[dict]:
    minutes = block_minutes(periods_per_day)
    first = FIRST_BLOCK.hour * 60 + FIRST_BLOCK.minute
    return [{"name": block_name(p), "start": _clock(first + p * minutes),
             "end": _clock(first + (p + 1) * minutes)} for p in range(periods_per_day)]


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _item(problem: Problem, course, host: str, dates: list[dt.date]) -> dict:
    unavailable: dict[int, list[str]] = defaultdict(list)
    for course_id, day, period in sorted(problem.unavailable):
        if course_id == course.id:
            unavailable[day].append(block_name(period))
    return {
        "id": course.id, "topic": course.id, "title": course.id, "teachers": [course.teacher],
        "sessions": course.lectures, "length": 1, "min_days": max(1, course.min_days),
        "attendance": max(1, course.students),
        "joint_with": [q for q in problem.curricula_of[course.id] if q != host],
        "unavailable": [{"dates": [dates[day]], "blocks": blocks}
                        for day, blocks in sorted(unavailable.items())],
    }


def _hosts(problem: Problem) -> dict[str, str]:
    """Course id -> the class that hosts it: a curriculum listing it, chosen by a maximum
    matching of curricula to courses (augmenting paths, in file order, so deterministic);
    unmatched courses go to the first curriculum that lists them, or to a class of their own."""
    matched: dict[str, str] = {}  # course -> curriculum

    def augment(curriculum, seen: set[str]) -> bool:
        for course in curriculum.courses:
            if course in seen or problem.course_by_id[course].lectures == 0:
                continue
            seen.add(course)
            if course not in matched or augment(by_id[matched[course]], seen):
                matched[course] = curriculum.id
                return True
        return False

    by_id = {q.id: q for q in problem.curricula}
    for curriculum in problem.curricula:
        augment(curriculum, set())
    used = {q.id for q in problem.curricula}
    hosts = {}
    for course in problem.courses:
        listed = problem.curricula_of[course.id]
        if course.id in matched:
            hosts[course.id] = matched[course.id]
        elif listed:
            hosts[course.id] = listed[0]
        else:
            own = _fresh_id(f"course-{course.id}", used)
            used.add(own)
            hosts[course.id] = own
    return hosts


def _fresh_id(wanted: str, used: set[str]) -> str:
    candidate, n = wanted, 1
    while candidate in used:
        n += 1
        candidate = f"{wanted}-{n}"
    return candidate
