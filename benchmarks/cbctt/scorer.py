"""Score a CB-CTT solution against its instance: the hard violations and the four soft costs
of formulation UD2, written from the benchmark's rules alone (no engine code).

Hard violations, counted so that each is zero exactly when the rule holds:
* invalid: a line naming an unknown course or room, or a day or period out of range (such
  lines take no part in the other counts);
* missing / extra lectures: per course, lectures short of / beyond its number;
* room clashes: per room and period with k lectures, k − 1;
* curriculum clashes: per curriculum and period with k lectures of its courses, k − 1;
* teacher clashes: per teacher and period with k lectures of their courses, k − 1;
* unavailable: per lecture in a period where its course is unavailable.
Soft costs: room capacity 1 per student above the room's capacity per lecture; minimum
working days 5 per day short of the course's minimum; curriculum compactness 2 per lecture of
a curriculum with no lecture of it in the period just before or after on the same day; room
stability 1 per room beyond the first that a course uses.

    python -m benchmarks.cbctt.scorer INSTANCE.ctt SOLUTION.sol
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, fields

from benchmarks.cbctt.ctt import Problem, read_ctt
from benchmarks.cbctt.solution import Lecture, read_solution

CAPACITY_COST, MIN_DAYS_COST, COMPACTNESS_COST, STABILITY_COST = 1, 5, 2, 1


@dataclass(frozen=True)
class Score:
    invalid: int = 0
    missing_lectures: int = 0
    extra_lectures: int = 0
    room_clashes: int = 0
    curriculum_clashes: int = 0
    teacher_clashes: int = 0
    unavailable: int = 0
    room_capacity: int = 0  # the four soft costs, weighted
    min_working_days: int = 0
    compactness: int = 0
    room_stability: int = 0

    HARD = ("invalid", "missing_lectures", "extra_lectures", "room_clashes", "curriculum_clashes",
            "teacher_clashes", "unavailable")
    SOFT = ("room_capacity", "min_working_days", "compactness", "room_stability")

    @property
    def hard(self) -> int:
        return sum(getattr(self, name) for name in self.HARD)

    @property
    def cost(self) -> int:
        return sum(getattr(self, name) for name in self.SOFT)

    def describe(self) -> str:
        parts = [f"{f.name}={getattr(self, f.name)}" for f in fields(self) if getattr(self, f.name)]
        return f"hard {self.hard}, cost {self.cost}" + (f" ({', '.join(parts)})" if parts else "")


def score(problem: Problem, lectures: list[Lecture]) -> Score:
    valid = [x for x in lectures if _valid(problem, x)]
    counts: dict[str, int] = asdict(Score())
    counts["invalid"] = len(lectures) - len(valid)

    scheduled = Counter(x.course for x in valid)
    for course in problem.courses:
        counts["missing_lectures"] += max(0, course.lectures - scheduled[course.id])
        counts["extra_lectures"] += max(0, scheduled[course.id] - course.lectures)

    teacher_of = {c.id: c.teacher for c in problem.courses}
    by_room = Counter((x.room, x.day, x.period) for x in valid)
    by_teacher = Counter((teacher_of[x.course], x.day, x.period) for x in valid)
    by_curriculum = Counter((q, x.day, x.period) for x in valid for q in problem.curricula_of[x.course])
    counts["room_clashes"] = sum(k - 1 for k in by_room.values())
    counts["teacher_clashes"] = sum(k - 1 for k in by_teacher.values())
    counts["curriculum_clashes"] = sum(k - 1 for k in by_curriculum.values())
    counts["unavailable"] = sum((x.course, x.day, x.period) in problem.unavailable for x in valid)

    capacity = {r.id: r.capacity for r in problem.rooms}
    students = {c.id: c.students for c in problem.courses}
    counts["room_capacity"] = CAPACITY_COST * sum(max(0, students[x.course] - capacity[x.room])
                                                  for x in valid)
    days: dict[str, set[int]] = defaultdict(set)
    rooms: dict[str, set[str]] = defaultdict(set)
    for x in valid:
        days[x.course].add(x.day)
        rooms[x.course].add(x.room)
    counts["min_working_days"] = MIN_DAYS_COST * sum(max(0, c.min_days - len(days[c.id]))
                                                     for c in problem.courses)
    counts["room_stability"] = STABILITY_COST * sum(max(0, len(used) - 1) for used in rooms.values())
    counts["compactness"] = COMPACTNESS_COST * sum(
        k for (q, day, period), k in by_curriculum.items()
        if (q, day, period - 1) not in by_curriculum and (q, day, period + 1) not in by_curriculum)
    return Score(**counts)


def _valid(problem: Problem, lecture: Lecture) -> bool:
    return (lecture.course in problem.course_by_id and lecture.room in problem.room_by_id
            and 0 <= lecture.day < problem.days and 0 <= lecture.period < problem.periods_per_day)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    result = score(read_ctt(args[0]), read_solution(args[1]))
    print(result.describe())
    return 0 if result.hard == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
