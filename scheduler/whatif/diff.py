"""What a replan changed: per session before → after, per person who is affected, and counts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from tabulate import tabulate

from scheduler.domain import Instance, Plan, PlanSession
from scheduler.text import WEEKDAY_CHARS

ARROW = " → "
UNPLACED = "未安排"


@dataclass
class Diff:
    changed: list[tuple[PlanSession, PlanSession | None]]  # (before, after; None = not placed)
    teachers_lose: dict[str, list[str]] = field(default_factory=dict)  # teacher -> session ids
    teachers_gain: dict[str, list[str]] = field(default_factory=dict)
    teachers_move: dict[str, list[str]] = field(default_factory=dict)
    classes_moved: dict[str, list[str]] = field(default_factory=dict)  # class -> session ids
    classes_unplaced: dict[str, list[str]] = field(default_factory=dict)  # class -> session ids
    reasons: dict[str, str] = field(default_factory=dict)  # unplaced session -> why

    @property
    def teachers(self) -> set[str]:
        return set(self.teachers_lose) | set(self.teachers_gain) | set(self.teachers_move)

    @property
    def classes(self) -> set[str]:
        """Every class with a session changed in any way (time, teacher, room, or not placed)."""
        return {c for old, now in self.changed for c in (*old.classes, *(now.classes if now else ()))}


def diff_plans(before: Plan, after: Plan) -> Diff:
    new = {s.id: s for s in after.sessions}
    changed = []
    lose, gain, move, classes, unplaced = (defaultdict(list) for _ in range(5))
    for old in sorted(before.sessions, key=lambda s: (s.date, s.start, s.id)):
        now = new.get(old.id)
        if now is not None and now.placement() == old.placement():
            continue
        changed.append((old, now))
        stays = set(old.teachers) & set(now.teachers) if now else set()
        for t in old.teachers:
            (move if t in stays else lose)[t].append(old.id)
        for t in (now.teachers if now else []):
            if t not in stays:
                gain[t].append(old.id)
        if now is None:
            for c in old.classes:
                unplaced[c].append(old.id)
        elif (now.date, now.start, now.end) != (old.date, old.start, old.end):
            for c in old.classes:
                classes[c].append(old.id)
    # A teacher who keeps a session whose time did not change is not bothered by it.
    for t, ids in list(move.items()):
        kept = [i for i in ids if _moved(before, after, i)]
        if kept:
            move[t] = kept
        else:
            del move[t]
    reasons = {u.id: u.reason for u in after.unplaced}
    return Diff(changed, dict(lose), dict(gain), dict(move), dict(classes), dict(unplaced), reasons)


def _moved(before: Plan, after: Plan, session_id: str) -> bool:
    old = next(s for s in before.sessions if s.id == session_id)
    now = next((s for s in after.sessions if s.id == session_id), None)
    return now is None or (now.date, now.start, now.end, now.venue) != (old.date, old.start, old.end, old.venue)


def _day(session: PlanSession) -> str:
    return f"{session.date:%m-%d}(周{WEEKDAY_CHARS[session.date.weekday()]})"


def _was_is(old: str, new: str) -> str:
    return old if old == new else f"{old}{ARROW}{new}"


def session_table(instance: Instance, diff: Diff) -> str:
    teachers = {t.id: t.name for t in instance.teachers}
    venues = {v.id: v.name for v in instance.venues}
    classes = {c.id: c.name for c in instance.classes}

    def names(ids, table):
        return "、".join(table.get(i, i) for i in ids) or "-"

    def audience(ids):
        first = classes.get(ids[0], ids[0])
        return first if len(ids) == 1 else f"{first}等 {len(ids)} 个班"

    rows = []
    for old, now in diff.changed:
        if now is None:
            rows.append([old.id, audience(old.classes), old.title, f"{_day(old)}{ARROW}{UNPLACED}",
                         f"{old.start}–{old.end}{ARROW}-", f"{names(old.teachers, teachers)}{ARROW}-",
                         f"{venues.get(old.venue, old.venue or '线上')}{ARROW}-",
                         diff.reasons.get(old.id, "")])
            continue
        rows.append([
            old.id, audience(old.classes), old.title,
            _was_is(_day(old), _day(now)),
            _was_is(f"{old.start}–{old.end}", f"{now.start}–{now.end}"),
            _was_is(names(old.teachers, teachers), names(now.teachers, teachers)),
            _was_is(venues.get(old.venue, old.venue or "线上"), venues.get(now.venue, now.venue or "线上")),
            "",
        ])
    return tabulate(rows, headers=["课次", "班次", "课程", "日期", "时间", "教师", "场地", "说明"])


def people_table(instance: Instance, diff: Diff) -> str:
    teachers = {t.id: t.name for t in instance.teachers}
    classes = {c.id: c.name for c in instance.classes}
    rows = []
    for t in sorted(diff.teachers):
        parts = []
        if t in diff.teachers_lose:
            parts.append(f"少了 {len(diff.teachers_lose[t])} 次课")
        if t in diff.teachers_gain:
            parts.append(f"多了 {len(diff.teachers_gain[t])} 次课")
        if t in diff.teachers_move:
            parts.append(f"{len(diff.teachers_move[t])} 次课换了时间或场地")
        ids = sorted({*diff.teachers_lose.get(t, []), *diff.teachers_gain.get(t, []),
                      *diff.teachers_move.get(t, [])})
        rows.append(["教师", f"{teachers.get(t, t)}({t})", "，".join(parts), "、".join(ids)])
    for c in sorted(diff.classes_moved.keys() | diff.classes_unplaced.keys()):
        moved, unplaced = diff.classes_moved.get(c, []), diff.classes_unplaced.get(c, [])
        parts = ([f"{len(moved)} 次课换了时间"] if moved else []) + \
                ([f"{len(unplaced)} 次课{UNPLACED}"] if unplaced else [])
        rows.append(["班次", f"{classes.get(c, c)}({c})", "，".join(parts), "、".join([*moved, *unplaced])])
    return tabulate(rows, headers=["", "受影响的人", "变化", "课次"])


def counts_line(diff: Diff) -> str:
    return (f"共变动 {len(diff.changed)} 次课，涉及教师 {len(diff.teachers)} 位、"
            f"班次 {len(diff.classes)} 个")
