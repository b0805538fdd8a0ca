"""Cross-record checks of an instance: every id it mentions exists, ids are unique, and so on.

Run by the Instance model validator, so any Instance object (loaded, generated or imported)
holds together. Each finding carries the path of the offending field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from scheduler.domain.instance import Finding, VenueKind

if TYPE_CHECKING:
    from scheduler.domain.instance import Instance

Path = tuple[str | int, ...]


def reference_findings(instance: Instance) -> list[Finding]:
    findings: list[Finding] = []

    def error(path: Path, message: str) -> None:
        findings.append(Finding(path=path, message=message))

    collections = {
        "townships": instance.townships,
        "sites": instance.sites,
        "venues": instance.venues,
        "topics": instance.topics,
        "teachers": instance.teachers,
        "classes": instance.classes,
    }
    ids: dict[str, set[str]] = {}
    for key, records in collections.items():
        seen: set[str] = set()
        for index, record in enumerate(records):
            if record.id in seen:
                error((key, index, "id"), f"id {record.id!r} 重复")
            seen.add(record.id)
        ids[key] = seen

    def known(path: Path, value: str | None, key: str, what: str) -> bool:
        if value is not None and value not in ids[key]:
            error(path, f"未知的{what} {value!r}")
            return False
        return True

    def known_all(path: Path, values: Iterable[str], key: str, what: str) -> None:
        for position, value in enumerate(values):
            known((*path, position), value, key, what)

    for i, site in enumerate(instance.sites):
        known(("sites", i, "township"), site.township, "townships", "乡镇")

    for i, venue in enumerate(instance.venues):
        known(("venues", i, "site"), venue.site, "sites", "学校")
        known(("venues", i, "township"), venue.township, "townships", "乡镇")
        if venue.kind in (VenueKind.CLASSROOM, VenueKind.HALL) and venue.site is None:
            error(("venues", i, "site"), "教室和报告厅必须写明所属学校 site")
        if venue.kind is VenueKind.FIELD and venue.site is None and venue.township is None:
            error(("venues", i, "township"), "现场教学点必须写明所在乡镇 township 或学校 site")

    topic_by_id = {t.id: t for t in instance.topics}
    teacher_by_id = {t.id: t for t in instance.teachers}
    for i, teacher in enumerate(instance.teachers):
        base = ("teachers", i)
        known((*base, "township"), teacher.township, "townships", "乡镇")
        known_all((*base, "topics"), teacher.topics, "topics", "专题")
        known_all((*base, "townships"), teacher.townships or [], "townships", "乡镇")
        for j, obligation in enumerate(teacher.obligations):
            path = (*base, "obligations", j, "topic")
            if known(path, obligation.topic, "topics", "专题") and obligation.topic is not None:
                if obligation.topic not in teacher.topics:
                    error(path, f"教师 {teacher.name} 不能讲授专题 {obligation.topic!r}，无法完成该任务")

    main_topics = {t.id for t in instance.topics if t.main}
    # "4+N" counts every session a class attends: its own items and the joint items of other
    # classes that name it in `joint_with`.
    joint_topics: dict[str, set[str]] = {}
    for term_class in instance.classes:
        for item in term_class.curriculum:
            for other in item.joint_with:
                joint_topics.setdefault(other, set()).add(item.topic)
    for i, term_class in enumerate(instance.classes):
        base = ("classes", i)
        known((*base, "site"), term_class.site, "sites", "学校")
        item_ids = {item.id for item in term_class.curriculum}
        for j, item in enumerate(term_class.curriculum):
            path = (*base, "curriculum", j)
            topic_ok = known((*path, "topic"), item.topic, "topics", "专题")
            for k, teacher_id in enumerate(item.teachers):
                if known((*path, "teachers", k), teacher_id, "teachers", "教师") and topic_ok:
                    teacher = teacher_by_id[teacher_id]
                    if item.topic not in teacher.topics:
                        error((*path, "teachers", k),
                              f"指定教师 {teacher.name} 不能讲授专题 "
                              f"{topic_by_id[item.topic].name}（其 topics 中没有 {item.topic!r}）")
            known_all((*path, "venues"), item.venues or [], "venues", "场地")
            for k, other in enumerate(item.joint_with):
                if other == term_class.id:
                    error((*path, "joint_with", k), "合班课不能与本班自己合班")
                else:
                    known((*path, "joint_with", k), other, "classes", "班次")
            for k, before in enumerate(item.after):
                if before == item.id:
                    error((*path, "after", k), "课程项不能排在自己之后")
                elif before not in item_ids:
                    error((*path, "after", k), f"本班没有课程项 {before!r}")
        _after_cycles(term_class, base, error)
        if term_class.four_plus_n:
            if not main_topics:
                error((*base, "four_plus_n"), "实例的 topics 中没有标记 main: true 的四大主题课")
            attended = {item.topic for item in term_class.curriculum} | joint_topics.get(term_class.id, set())
            missing = sorted(main_topics - attended)
            if missing:
                names = "、".join(topic_by_id[t].name for t in missing)
                error((*base, "four_plus_n"), f"“4+N”课程缺少主题课：{names}")
        firsts = [item.id for item in term_class.curriculum if item.first]
        lasts = [item.id for item in term_class.curriculum if item.last]
        for flag, flagged in (("first", firsts), ("last", lasts)):
            if len(flagged) > 1:
                error((*base, "curriculum"), f"多个课程项标记为 {flag}：{', '.join(flagged)}")

    for i, term_class in enumerate(instance.classes):
        known_all(("classes", i, "preferred_venues"), term_class.preferred_venues, "venues", "场地")
    for i, entry in enumerate(instance.travel):
        known_all(("travel", i, "between"), entry.between, "townships", "乡镇")
    from scheduler.rules import SOFT_RULE_IDS

    for key in instance.weights:
        if key not in SOFT_RULE_IDS:
            error(("weights", key), f"未知的软约束 {key!r}（可用：{', '.join(SOFT_RULE_IDS)}）")

    for i, blackout in enumerate(instance.blackouts):
        base = ("blackouts", i)
        known_all((*base, "sites"), blackout.sites, "sites", "学校")
        known_all((*base, "townships"), blackout.townships, "townships", "乡镇")
        known_all((*base, "venues"), blackout.venues, "venues", "场地")
        known_all((*base, "teachers"), blackout.teachers, "teachers", "教师")
    return findings


def _after_cycles(term_class, base: Path, error) -> None:
    """Report an `after` cycle (A after B after A) once per class."""
    graph = {item.id: [b for b in item.after if b != item.id] for item in term_class.curriculum}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                return [*trail, node, nxt]
            if nxt in graph and state.get(nxt) is None:
                found = visit(nxt, [*trail, node])
                if found:
                    return found
        state[node] = 2
        return None

    for node in graph:
        if state.get(node) is None:
            cycle = visit(node, [])
            if cycle:
                error((*base, "curriculum"), f"课程顺序 after 构成循环：{' → '.join(cycle)}")
                return
