"""What a replan changed: per session before → after, per person who is affected, and counts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from tabulate import tabulate

from scheduler.domain import Instance, Plan, PlanSession
from scheduler.domain.plan import SESSION_ID_SEPARATOR
from scheduler.text import WEEKDAY_CHARS
from scheduler.whatif import messages as msg
from scheduler.whatif.messages import ARROW, UNPLACED


@dataclass
class Diff:
    changed: list[tuple[PlanSession, PlanSession | None]]  # (before, after; None = not placed)
    teachers_lose: dict[str, list[str]] = field(default_factory=dict)  # teacher -> session ids
    teachers_gain: dict[str, list[str]] = field(default_factory=dict)
    teachers_move: dict[str, list[str]] = field(default_factory=dict)
    classes_moved: dict[str, list[str]] = field(default_factory=dict)  # class -> session ids
    classes_unplaced: dict[str, list[str]] = field(default_factory=dict)  # class -> session ids
    reasons: dict[str, str] = field(default_factory=dict)  # unplaced session -> why
    backups: dict[str, list[str]] = field(default_factory=dict)  # session -> named backups who took it over

    @property
    def teachers(self) -> set[str]:
        return set(self.teachers_lose) | set(self.teachers_gain) | set(self.teachers_move)

    @property
    def classes(self) -> set[str]:
        """Every class with a session changed in any way (time, teacher, room, or not placed)."""
        return {c for old, now in self.changed for c in (*old.classes, *(now.classes if now else ()))}


def diff_plans(before: Plan, after: Plan, instance: Instance | None = None) -> Diff:
    """What changed from `before` to `after`; with the instance, which sessions went to one of
    their item's named backups (B角)."""
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
    return Diff(changed, dict(lose), dict(gain), dict(move), dict(classes), dict(unplaced), reasons,
                _backups_taking_over(instance, changed) if instance else {})


def _backups_taking_over(instance: Instance, changed) -> dict[str, list[str]]:
    named = {(c.id, item.id): item.backup for c in instance.classes for item in c.curriculum}
    found = {}
    for old, now in changed:
        if now is None:
            continue
        backups = named.get(tuple(old.id.split(SESSION_ID_SEPARATOR)[:2]), [])
        taking = [t for t in now.teachers if t in backups and t not in old.teachers]
        if taking:
            found[old.id] = taking
    return found


def _moved(before: Plan, after: Plan, session_id: str) -> bool:
    old = next(s for s in before.sessions if s.id == session_id)
    now = next((s for s in after.sessions if s.id == session_id), None)
    return now is None or (now.date, now.start, now.end, now.venue) != (old.date, old.start, old.end, old.venue)


def _day(session: PlanSession) -> str:
    return msg.DAY.format(date=session.date, weekday=WEEKDAY_CHARS[session.date.weekday()])


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
        return first if len(ids) == 1 else msg.CLASSES_AND_MORE.format(first=first, count=len(ids))

    rows = []
    for old, now in diff.changed:
        if now is None:
            rows.append([old.id, audience(old.classes), old.title, f"{_day(old)}{ARROW}{UNPLACED}",
                         f"{old.start}–{old.end}{ARROW}-", f"{names(old.teachers, teachers)}{ARROW}-",
                         f"{venues.get(old.venue, old.venue or msg.ONLINE)}{ARROW}-",
                         diff.reasons.get(old.id, "")])
            continue
        rows.append([
            old.id, audience(old.classes), old.title,
            _was_is(_day(old), _day(now)),
            _was_is(f"{old.start}–{old.end}", f"{now.start}–{now.end}"),
            _was_is(names(old.teachers, teachers), names(now.teachers, teachers)),
            _was_is(venues.get(old.venue, old.venue or msg.ONLINE), venues.get(now.venue, now.venue or msg.ONLINE)),
            msg.BY_BACKUP.format(name=names(diff.backups[old.id], teachers)) if old.id in diff.backups else "",
        ])
    return tabulate(rows, headers=msg.SESSION_HEADERS)


def people_table(instance: Instance, diff: Diff) -> str:
    teachers = {t.id: t.name for t in instance.teachers}
    classes = {c.id: c.name for c in instance.classes}
    rows = []
    for t in sorted(diff.teachers):
        parts = []
        if t in diff.teachers_lose:
            parts.append(msg.LOST.format(count=len(diff.teachers_lose[t])))
        if t in diff.teachers_gain:
            parts.append(msg.GAINED.format(count=len(diff.teachers_gain[t])))
        if t in diff.teachers_move:
            parts.append(msg.MOVED.format(count=len(diff.teachers_move[t])))
        ids = sorted({*diff.teachers_lose.get(t, []), *diff.teachers_gain.get(t, []),
                      *diff.teachers_move.get(t, [])})
        rows.append([msg.TEACHER, f"{teachers.get(t, t)}({t})", "，".join(parts), "、".join(ids)])
    for c in sorted(diff.classes_moved.keys() | diff.classes_unplaced.keys()):
        moved, unplaced = diff.classes_moved.get(c, []), diff.classes_unplaced.get(c, [])
        parts = ([msg.CLASS_MOVED.format(count=len(moved))] if moved else []) + \
                ([msg.CLASS_UNPLACED.format(count=len(unplaced))] if unplaced else [])
        rows.append([msg.CLASS, f"{classes.get(c, c)}({c})", "，".join(parts), "、".join([*moved, *unplaced])])
    return tabulate(rows, headers=msg.PEOPLE_HEADERS)


def tradeoff_table(instance: Instance, baseline: Plan, plans: list[Plan], allowed: list[int], pick: int) -> str:
    """One row per plan of the trade-off: the limit, its changed sessions, people and penalty."""
    rows = []
    for n, (plan, limit) in enumerate(zip(plans, allowed)):
        diff = diff_plans(baseline, plan, instance)
        rows.append([n, limit, measure_of(diff, "changes"), measure_of(diff, "people"), plan.objective,
                     msg.PICKED if n == pick else ""])
    return tabulate(rows, headers=msg.TRADEOFF_HEADERS)


def measure_of(diff: Diff, kind: str) -> int:
    """The changed sessions, or the teachers and classes affected (solve/measures.py counts alike)."""
    return len(diff.changed) if kind == "changes" else len(diff.teachers) + len(diff.classes)


def counts_line(diff: Diff) -> str:
    return msg.COUNTS.format(sessions=len(diff.changed), teachers=len(diff.teachers), classes=len(diff.classes))
