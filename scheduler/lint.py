"""`scheduler check`: what can be seen wrong in an instance before any solving.

Every finding has the path of the record and field it is about, so the CLI can name the
file, the line, the record and the field.
"""

from __future__ import annotations

from collections import defaultdict

from scheduler.domain import Finding, Instance, Mode, VenueKind
from scheduler.expand import Expansion, Session
from scheduler.solve.rules.teacher_obligation import period_windows


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
        findings += _class_capacity(expansion, term_class, ("classes", class_index[term_class.id]))
        if term_class.id not in expansion.sessions_by_class:
            findings.append(Finding(path=("classes", class_index[term_class.id], "curriculum"),
                                    severity="warning",
                                    message=f"班次 {term_class.name} 没有任何课（本班没有课程项，也没有合班课）"))

    for ti, teacher in enumerate(instance.teachers):
        findings += _obligation_findings(expansion, teacher, ("teachers", ti))
        if teacher.id not in expansion.sessions_by_teacher:
            findings.append(Finding(path=("teachers", ti, "topics"), severity="warning",
                                    message=f"教师 {teacher.name} 没有可以上的课（专题、授课范围或时间都不匹配）"))

    block_names = {b.name for site in instance.sites for b in site.blocks}
    for bi, blackout in enumerate(instance.blackouts):
        for k, name in enumerate(blackout.when.blocks or []):
            if name not in block_names:
                findings.append(Finding(path=("blackouts", bi, "when", "blocks", k), severity="warning",
                                        message=f"没有任何学校有名为 {name!r} 的时段"))
    return findings


def _item_findings(instance: Instance, session: Session, path: tuple, taught: set[str]) -> list[Finding]:
    item = session.item
    found: list[Finding] = []
    label = f"{session.owner.name}的“{item.title}”"
    if not session.slots:
        found.append(Finding(path=(*path, "length") if item.length > 1 else path,
                             message=f"{label}在班次日期内没有可用的上课时段"
                                     f"（需要连续 {item.length} 个时段，现场教学只在白天）"))
    if item.topic not in taught:
        topic = instance.topic(item.topic).name
        found.append(Finding(path=(*path, "topic"), message=f"没有任何教师能讲授专题 {topic}"))
    elif len(session.teachers) < session.teachers_needed:
        found.append(Finding(path=(*path, "topic"),
                             message=f"{label}需要 {session.teachers_needed} 位教师，但能讲该专题、"
                                     f"到 {session.site.name} 授课且有空的教师只有 {len(session.teachers)} 位"))
    for k, teacher_id in enumerate(item.teachers):
        candidate = next((c for c in session.teachers if c.id == teacher_id), None)
        if candidate is not None and candidate.slots is not None and not candidate.slots:
            found.append(Finding(path=(*path, "teachers", k),
                                 message=f"指定教师 {instance.teacher(teacher_id).name} 在{label}可用的时段都没空"))
    if item.mode is not Mode.ONLINE and not session.venues:
        found.append(_no_venue(instance, session, path))
    return found


def _no_venue(instance: Instance, session: Session, path: tuple) -> Finding:
    """Why no venue fits, pointing at the field to change: the item's own venue list, the head
    count (attendance, joint classes or the class's trainees), or where it is taught."""
    item = session.item
    label = f"{session.owner.name}的“{item.title}”"
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
        return Finding(path=field, message=f"{label}有 {session.trainees} 人，超过所有可用场地的容量（最大 {biggest} 人）")
    if item.venues is None:
        field = (*path, "mode") if item.mode is Mode.FIELD else (*class_path, "site")
    if item.mode is Mode.FIELD:
        return Finding(path=field, message=f"{label}是现场教学，但 {session.site.name} 附近没有容量足够、有空的现场教学点")
    return Finding(path=field, message=f"{label}在 {session.site.name} 没有容量足够（{session.trainees} 人）、有空的教室或报告厅")


def _class_capacity(expansion: Expansion, term_class, path: tuple) -> list[Finding]:
    """A class whose dates hold fewer usable blocks than its sessions need."""
    sessions = expansion.sessions_by_class.get(term_class.id, [])
    need = sum(s.item.length for s in sessions if s.site.id == term_class.site)
    cells = {(slot.date, slot.first_block + b)
             for s in sessions if s.site.id == term_class.site
             for slot in s.slots for b in range(len(slot.block_names))}
    if need > len(cells):
        return [Finding(path=(*path, "end"),
                        message=f"{term_class.name}（{term_class.start}–{term_class.end}）的课程需要 {need} "
                                f"个时段，但这些日期只有 {len(cells)} 个可用时段")]
    return []


def _obligation_findings(expansion: Expansion, teacher, path: tuple) -> list[Finding]:
    found = []
    entries = expansion.sessions_by_teacher.get(teacher.id, [])
    for oi, obligation in enumerate(teacher.obligations):
        relevant = [(s, c) for s, c in entries if obligation.topic is None or s.item.topic == obligation.topic]
        for first, last in period_windows(expansion.instance.term, obligation.period):
            fitting = defaultdict(int)
            for session, candidate in relevant:
                if any(first <= slot.date <= last and candidate.allows(t)
                       for t, slot in enumerate(session.slots)):
                    fitting[session.id] += 1
            if len(fitting) < obligation.min_sessions:
                found.append(Finding(
                    path=(*path, "obligations", oi),
                    message=f"教师 {teacher.name} 在 {first}–{last} 需要至少 {obligation.min_sessions} 次课，"
                            f"但这段时间只有 {len(fitting)} 次课是他/她能上的"))
    return found
