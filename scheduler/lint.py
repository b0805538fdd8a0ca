"""`scheduler check`: what can be seen wrong in an instance before any solving.

Every finding has the path of the record and field it is about, so the CLI can name the
file, the line, the record and the field.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from scheduler import text
from scheduler.check.periods import obligation_periods, periods_not_in_force
from scheduler.domain import Finding, Instance, Mode, Site, Teacher, VenueKind
from scheduler.expand import Expansion, OptionBuilder, Session
from scheduler.policy.lint import policy_findings
from scheduler.text import TIER_NAMES


def lint(expansion: Expansion) -> list[Finding]:
    instance = expansion.instance
    findings: list[Finding] = []
    class_index = {c.id: i for i, c in enumerate(instance.classes)}
    taught = {topic for teacher in instance.teachers for topic in teacher.topics}
    first_session: dict[tuple[str, str], Session] = {}
    for session in expansion.sessions:
        first_session.setdefault((session.owner.id, session.item.id), session)

    for (class_id, item_id), session in first_session.items():
        ci = class_index[class_id]
        ii = next(j for j, it in enumerate(session.owner.curriculum) if it.id == item_id)
        findings += _item_findings(instance, session, ("classes", ci, "curriculum", ii), taught)

    for term_class in instance.classes:
        findings += _class_dates(instance, term_class, ("classes", class_index[term_class.id]))
        findings += _class_capacity(expansion, term_class, ("classes", class_index[term_class.id]))
        if term_class.id not in expansion.sessions_by_class:
            findings.append(Finding(path=("classes", class_index[term_class.id], "curriculum"),
                                    severity="warning",
                                    message=text.LINT_CLASS_EMPTY.format(cls=term_class.name)))

    for ti, teacher in enumerate(instance.teachers):
        findings += _obligation_findings(expansion, teacher, ("teachers", ti))
        for oi, message in _obligations_not_in_force(instance, teacher):
            findings.append(Finding(path=("teachers", ti, "obligations", oi), severity="warning",
                                    message=message))
        if teacher.id not in expansion.sessions_by_teacher:
            findings.append(Finding(path=("teachers", ti, "topics"), severity="warning",
                                    message=text.LINT_TEACHER_IDLE.format(teacher=teacher.name)))

    findings += _without_stand_in(expansion)
    block_names = {b.name for site in instance.sites for b in site.blocks}
    for bi, blackout in enumerate(instance.blackouts):
        for k, name in enumerate(blackout.when.blocks or []):
            if name not in block_names:
                findings.append(Finding(path=("blackouts", bi, "when", "blocks", k), severity="warning",
                                        message=text.LINT_NO_SUCH_BLOCK.format(block=repr(name))))
    return findings + policy_findings(expansion)


def _item_findings(instance: Instance, session: Session, path: tuple, taught: set[str]) -> list[Finding]:
    item = session.item
    found: list[Finding] = []
    label = text.LINT_ITEM.format(owner=session.owner.name, title=item.title)
    if not session.slots:
        found.append(Finding(path=(*path, "length") if item.length > 1 else path,
                             message=text.LINT_NO_SLOT.format(item=label, length=item.length)))
    if item.topic not in taught:
        topic = instance.topic(item.topic).name
        found.append(Finding(path=(*path, "topic"), message=text.LINT_NOBODY_TEACHES.format(topic=topic)))
    elif len(session.teachers) < session.teachers_needed:
        found.append(Finding(path=(*path, "topic"),
                             message=text.LINT_TOO_FEW_TEACHERS.format(item=label, need=session.teachers_needed,
                                                                       site=session.site.name,
                                                                       have=len(session.teachers))))
    for k, teacher_id in enumerate(item.teachers):
        outside = _outside_scope(instance, instance.teacher(teacher_id), session.site)
        if outside:
            found.append(Finding(path=(*path, "teachers", k), message=text.NAMED_TEACHER_OUT_OF_SCOPE.format(
                teacher=instance.teacher(teacher_id).name, scope=outside, label=label,
                site=session.site.name, tier=TIER_NAMES[session.site.tier],
                township=_township_name(instance, session.site.township))))
        candidate = next((c for c in session.teachers if c.id == teacher_id), None)
        if candidate is not None and candidate.slots is not None and not candidate.slots:
            found.append(Finding(path=(*path, "teachers", k),
                                 message=text.LINT_NAMED_BUSY.format(teacher=instance.teacher(teacher_id).name,
                                                                     item=label)))
    if item.mode is not Mode.ONLINE and not session.venues:
        found.append(_no_venue(instance, session, path))
    return found


def _without_stand_in(expansion: Expansion) -> list[Finding]:
    """Items whose named teachers have no backup (B角) and nobody else qualified and free on
    the item's days: should one of them drop out, a what-if has nobody to give the sessions to.
    The stand-ins are the candidates expand would offer were the item to name no teacher."""
    instance = expansion.instance
    builder = OptionBuilder(instance, expansion.calendar)
    found = []
    for ci, term_class in enumerate(instance.classes):
        for ii, item in enumerate(term_class.curriculum):
            if not item.teachers or item.backup:
                continue
            released = item.model_copy(update={"teachers": [], "teacher_count": item.teachers_needed})
            stand_ins = [c for c in builder.session(term_class, released, 1).teachers if c.id not in item.teachers]
            if stand_ins:
                continue
            named = "、".join(instance.teacher(t).name for t in item.teachers)
            found.append(Finding(path=("classes", ci, "curriculum", ii, "teachers"), severity="warning",
                                 message=text.LINT_NO_STAND_IN.format(
                                     item=text.LINT_ITEM.format(owner=term_class.name, title=item.title),
                                     teachers=named, topic=instance.topic(item.topic).name)))
    return found


def _township_name(instance: Instance, township_id: str) -> str:
    return next((t.name for t in instance.townships if t.id == township_id), township_id)


def _outside_scope(instance: Instance, teacher: Teacher, site: Site) -> str:
    """The teacher's limits that the site falls outside of, in words ("" when inside them)."""
    limits = []
    if teacher.tiers is not None and site.tier not in teacher.tiers:
        limits.append("、".join(TIER_NAMES[t] for t in teacher.tiers))
    if teacher.townships is not None and site.township not in teacher.townships:
        limits.append("、".join(_township_name(instance, t) for t in teacher.townships))
    return "；".join(limits)


def _no_venue(instance: Instance, session: Session, path: tuple) -> Finding:
    """Why no venue fits, pointing at the field to change: the item's own venue list, the head
    count (attendance, joint classes or the class's trainees), or where it is taught."""
    item = session.item
    label = text.LINT_ITEM.format(owner=session.owner.name, title=item.title)
    kinds = {VenueKind.FIELD} if item.mode is Mode.FIELD else {VenueKind.CLASSROOM, VenueKind.HALL}
    same_kind = [v for v in instance.venues if v.kind in kinds]
    class_path = path[:2]
    if item.venues is not None:
        field = (*path, "venues")
    elif item.attendance is not None:
        field = (*path, "attendance")
    elif item.joint_with:
        field = (*path, "joint_with")
    else:
        field = (*class_path, "trainees")
    if same_kind and all(v.capacity < session.trainees for v in same_kind):
        biggest = max(v.capacity for v in same_kind)
        return Finding(path=field,
                       message=text.LINT_TOO_MANY.format(item=label, people=session.trainees, biggest=biggest))
    if item.venues is None:
        field = (*path, "mode") if item.mode is Mode.FIELD else (*class_path, "site")
    if item.mode is Mode.FIELD:
        return Finding(path=field,
                       message=text.LINT_NO_FIELD_SITE.format(item=label, site=session.site.name))
    return Finding(path=field,
                   message=text.LINT_NO_ROOM.format(item=label, site=session.site.name, people=session.trainees))


def _class_capacity(expansion: Expansion, term_class, path: tuple) -> list[Finding]:
    """A class whose dates hold fewer usable blocks than its sessions need."""
    sessions = expansion.sessions_by_class.get(term_class.id, [])
    need = sum(s.item.length for s in sessions if s.site.id == term_class.site)
    cells = {(slot.date, slot.first_block + b)
             for s in sessions if s.site.id == term_class.site
             for slot in s.slots for b in range(len(slot.block_names))}
    if need > len(cells):
        return [Finding(path=(*path, "end"),
                        message=text.LINT_CLASS_CROWDED.format(cls=term_class.name, start=term_class.start,
                                                               end=term_class.end, need=need, have=len(cells)))]
    return []


def _class_dates(instance: Instance, term_class, path: tuple) -> list[Finding]:
    """Class dates reaching past the term: sessions go on term days only (scheduler.rules)."""
    term = instance.term
    words = dict(cls=term_class.name, start=term_class.start, end=term_class.end,
                 term_start=term.start, term_end=term.end)
    if term_class.end < term.start or term_class.start > term.end:
        return [Finding(path=(*path, "start" if term_class.start > term.end else "end"),
                        message=text.CLASS_OUTSIDE_TERM.format(**words))]
    found = []
    if term_class.start < term.start:
        before = term.start - dt.timedelta(days=1)
        found.append(Finding(path=(*path, "start"), severity="warning",
                             message=text.CLASS_PARTLY_OUTSIDE_TERM.format(**words, outside=text.DAYS_SPAN.format(
                                 first=term_class.start, last=before,
                                 count=(before - term_class.start).days + 1))))
    if term_class.end > term.end:
        after = term.end + dt.timedelta(days=1)
        found.append(Finding(path=(*path, "end"), severity="warning",
                             message=text.CLASS_PARTLY_OUTSIDE_TERM.format(**words, outside=text.DAYS_SPAN.format(
                                 first=after, last=term_class.end, count=(term_class.end - after).days + 1))))
    return found


def obligations_not_in_force(instance: Instance) -> list[str]:
    """One line per obligation with a calendar period this term covers less than half of."""
    return [message for teacher in instance.teachers
            for _, message in _obligations_not_in_force(instance, teacher)]


def _obligations_not_in_force(instance: Instance, teacher: Teacher) -> list[tuple[int, str]]:
    term = instance.term
    found = []
    for oi, obligation in enumerate(teacher.obligations):
        dropped = periods_not_in_force(obligation.period, term.start, term.end)
        if not dropped:
            continue
        topic = f" {instance.topic(obligation.topic).name}" if obligation.topic else ""
        what = text.OBLIGATION_WHAT.format(period=text.OBLIGATION_PERIOD_WORDS[str(obligation.period)],
                                           count=obligation.min_sessions, topic=topic)
        kept = obligation_periods(obligation.period, term.start, term.end)
        where = (text.OBLIGATION_IN_PERIODS.format(periods="、".join(p.label for p in dropped))
                 if kept else text.OBLIGATION_WHOLE_TERM)
        why = "、".join(text.OBLIGATION_COVERAGE.format(period=p.label, inside=p.inside, days=p.days)
                       for p in dropped)
        found.append((oi, text.OBLIGATION_NOT_IN_FORCE.format(teacher=teacher.name, what=what,
                                                              where=where, why=why)))
    return found


def _obligation_findings(expansion: Expansion, teacher, path: tuple) -> list[Finding]:
    found = []
    entries = expansion.sessions_by_teacher.get(teacher.id, [])
    for oi, obligation in enumerate(teacher.obligations):
        relevant = [(s, c) for s, c in entries if obligation.topic is None or s.item.topic == obligation.topic]
        term = expansion.instance.term
        for period in obligation_periods(obligation.period, term.start, term.end):
            first, last = period.start, period.end
            fitting = defaultdict(int)
            for session, candidate in relevant:
                if any(first <= slot.date <= last and candidate.allows(t)
                       for t, slot in enumerate(session.slots)):
                    fitting[session.id] += 1
            if len(fitting) < obligation.min_sessions:
                found.append(Finding(
                    path=(*path, "obligations", oi),
                    message=text.LINT_OBLIGATION_SHORT.format(teacher=teacher.name, first=first, last=last,
                                                              need=obligation.min_sessions, have=len(fitting))))
    return found
