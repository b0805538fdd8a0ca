"""调课通知 after a replan: for each person affected (a teacher who loses, gains or moves a
session; the head teacher of each class with a changed session, where the instance names one)
ONE message of at most 200 characters saying what was, what is now and what to do. What
changed comes from scheduler.whatif.diff; too many changes for one message are summarised."""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.domain import Instance, Plan, PlanSession
from scheduler.notices import messages as m
from scheduler.notices.sheets import (
    block_label,
    class_label,
    day_label,
    place_label,
    salutation,
    sender,
    weekday_label,
)
from scheduler.whatif.diff import Diff, diff_plans


@dataclass(frozen=True)
class Message:
    name: str
    phone: str
    text: str
    teacher: str | None = None  # the teacher's id; None for a head teacher
    classes: tuple[str, ...] = ()  # the classes a head teacher is told about


def change_messages(instance: Instance, before: Plan, after: Plan, teachers: list[str] | None = None
                    ) -> list[Message]:
    """Teachers' messages in the instance's order, then head teachers' (all of them, unless
    `teachers` limits the messages to those teachers)."""
    diff = diff_plans(before, after)
    pairs = {old.id: (old, now) for old, now in diff.changed}
    wanted = diff.teachers if teachers is None else diff.teachers & set(teachers)
    result = [_teacher_message(instance, t, diff, pairs) for t in (t.id for t in instance.teachers) if t in wanted]
    if teachers is None:
        result += _head_messages(instance, diff)
    return result


def _when(session: PlanSession) -> str:
    return m.WHEN.format(date=day_label(session.date), weekday=weekday_label(session.date),
                         block=block_label(session))


def _names(instance: Instance, ids) -> str:
    names = {t.id: t.name for t in instance.teachers}
    return m.NAME_JOIN.join(salutation(names.get(i, i)) for i in ids)


def _teacher_clauses(instance: Instance, teacher: str, diff: Diff, pairs) -> list[tuple[tuple, str]]:
    clauses = []
    for sid in diff.teachers_lose.get(teacher, []):
        old, now = pairs[sid]
        instead = (m.LOSE_TO.format(teachers=_names(instance, now.teachers)) if now is not None and now.teachers
                   else m.LOSE_UNPLACED)
        clauses.append(((old.date, old.start, sid), m.LOSE.format(
            when=_when(old), cls=class_label(instance, old.classes), title=old.title, instead=instead)))
    for sid in diff.teachers_gain.get(teacher, []):
        old, now = pairs[sid]
        others = [t for t in old.teachers if t not in now.teachers]
        text = m.GAIN.format(when=_when(now), time=now.start, place=place_label(instance, now),
                             cls=class_label(instance, now.classes), title=now.title)
        clauses.append(((now.date, now.start, sid),
                        text + (m.GAIN_FROM.format(teachers=_names(instance, others)) if others else "")))
    for sid in diff.teachers_move.get(teacher, []):
        old, now = pairs[sid]
        cls = class_label(instance, now.classes)
        if (old.date, old.start, old.end) == (now.date, now.start, now.end):
            text = m.MOVE_PLACE.format(when=_when(now), cls=cls, title=now.title, place=place_label(instance, now))
        else:
            new = _when(now) + (place_label(instance, now) if now.venue != old.venue else "")
            text = m.MOVE.format(cls=cls, title=now.title, old=_when(old), new=new)
        clauses.append(((min(old.date, now.date), now.start, sid), text))
    return sorted(clauses)


def _teacher_message(instance: Instance, teacher_id: str, diff: Diff, pairs) -> Message:
    teacher = instance.teacher(teacher_id)
    clauses = [text for _, text in _teacher_clauses(instance, teacher_id, diff, pairs)]
    counts = [(m.SUMMARY_LOSE, diff.teachers_lose), (m.SUMMARY_GAIN, diff.teachers_gain),
              (m.SUMMARY_MOVE, diff.teachers_move)]
    parts = m.SUMMARY_JOIN.join(label.format(count=len(table[teacher_id]))
                                for label, table in counts if teacher_id in table)
    ids = {*diff.teachers_lose.get(teacher_id, []), *diff.teachers_gain.get(teacher_id, []),
           *diff.teachers_move.get(teacher_id, [])}
    summary = m.SUMMARY_TEACHER.format(count=len(ids), parts=parts, first=_first(pairs, ids))
    text = _compose(instance, m.TEACHER_TO, {"name": salutation(teacher.name)}, clauses, summary)
    return Message(teacher.name, teacher.phone or "", text, teacher=teacher_id)


def _head_messages(instance: Instance, diff: Diff) -> list[Message]:
    """One message per head teacher (by name and phone), over all the classes they head."""
    heads: dict[tuple[str, str], list[str]] = {}
    for c in instance.classes:
        if c.head_teacher and c.id in diff.classes:
            heads.setdefault((c.head_teacher, c.head_teacher_phone or ""), []).append(c.id)
    result = []
    for (name, phone), class_ids in heads.items():
        changed = [(old, now) for old, now in diff.changed
                   if set(class_ids) & {*old.classes, *(now.classes if now else ())}]
        clauses = [clause for old, now in changed for clause in _class_clauses(instance, old, now)]
        ids = {old.id for old, _ in changed}
        pairs = {old.id: (old, now) for old, now in changed}
        summary = m.SUMMARY_CLASS.format(count=len(ids), first=_first(pairs, ids))
        classes = m.NAME_JOIN.join(instance.term_class(c).name for c in class_ids)
        text = _compose(instance, m.HEAD_TO, {"name": salutation(name), "classes": classes}, clauses, summary,
                        intro=m.CLASS_INTRO, action=m.CLASS_ACTION)
        result.append(Message(name, phone, text, classes=tuple(class_ids)))
    return result


def _class_clauses(instance: Instance, old: PlanSession, now: PlanSession | None) -> list[str]:
    if now is None:
        return [m.CLASS_UNPLACED.format(title=old.title, when=_when(old))]
    if (old.date, old.start, old.end) != (now.date, now.start, now.end):
        new = _when(now) + (place_label(instance, now) if now.venue != old.venue else "")
        return [m.CLASS_MOVE.format(title=now.title, old=_when(old), new=new)]
    clauses = []
    if sorted(old.teachers) != sorted(now.teachers):
        clauses.append(m.CLASS_TEACHER.format(title=now.title, when=_when(now),
                                              teachers=_names(instance, now.teachers)))
    if old.venue != now.venue or not clauses:
        clauses.append(m.CLASS_PLACE.format(title=now.title, when=_when(now), place=place_label(instance, now)))
    return clauses


def _first(pairs, ids) -> str:
    days = [d for sid in ids for d in (pairs[sid][0].date, *((pairs[sid][1].date,) if pairs[sid][1] else ()))]
    first = min(days)
    return f"{day_label(first)}（{weekday_label(first)}）"


def _compose(instance: Instance, to: str, fields: dict[str, str], clauses: list[str], summary: str,
             intro: str = "", action: str = "") -> str:
    """The full message when it fits in 200 characters, else the summary; the names clipped
    with … only when even the summary does not fit (names of any length are allowed)."""
    signature = m.SIGNATURE.format(sender=sender(instance))
    ask = m.ASK.format(contact=instance.contact) + m.END if instance.contact else ""
    tail = ("，" + action if action else "") + m.END
    full = intro + m.CLAUSE_SEPARATOR.join(clauses) + tail
    for body in (full + ask, full, summary + m.END + ask, summary + m.END):
        text = to.format(**fields) + body + signature
        if len(text) <= m.MAX_MESSAGE:
            return text
    return _clipped(to, fields, summary + m.END, signature)


def _clipped(to: str, fields: dict[str, str], body: str, signature: str) -> str:
    """Names and the signature cut short with … so that the summary fits."""
    signature = _clip(signature, 30)
    room = m.MAX_MESSAGE - len(to.format(**{k: "" for k in fields})) - len(body) - len(signature)
    share = max(2, room // len(fields))
    return to.format(**{k: _clip(v, share) for k, v in fields.items()}) + body + signature


def _clip(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1] + m.ELLIPSIS
