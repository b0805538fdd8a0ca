"""Cross-record checks of an instance: every id it mentions exists, ids are unique, and so on.

Run by the Instance model validator, so any Instance object (loaded, generated or imported)
holds together. Each finding carries the path of the offending field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from scheduler.domain.findings import Finding
from scheduler.domain.values import VenueKind
from scheduler.rules import POLICY_RULE_IDS, SOFT_RULE_IDS

if TYPE_CHECKING:
    from scheduler.domain.instance import Instance
    from scheduler.domain.records import CurriculumItem, Teacher, TermClass, Topic

Path = tuple[str | int, ...]


class _Findings:
    """The findings so far, and the ids each collection declares (to tell an unknown id)."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.ids: dict[str, set[str]] = {}

    def error(self, path: Path, message: str) -> None:
        self.findings.append(Finding(path=path, message=message))

    def known(self, path: Path, value: str | None, key: str, what: str) -> bool:
        if value is not None and value not in self.ids[key]:
            self.error(path, f"未知的{what} {value!r}")
            return False
        return True

    def known_all(self, path: Path, values: Iterable[str], key: str, what: str) -> None:
        for position, value in enumerate(values):
            self.known((*path, position), value, key, what)


def reference_findings(instance: Instance) -> list[Finding]:
    found = _Findings()
    _unique_ids(instance, found)
    _places(instance, found)
    _teachers(instance, found)
    _classes(instance, found)
    _lists(instance, found)
    return found.findings


def _unique_ids(instance: Instance, found: _Findings) -> None:
    collections: dict[str, list[Any]] = {
        "townships": instance.townships,
        "sites": instance.sites,
        "venues": instance.venues,
        "topics": instance.topics,
        "teachers": instance.teachers,
        "classes": instance.classes,
    }
    for key, records in collections.items():
        seen: set[str] = set()
        for index, record in enumerate(records):
            if record.id in seen:
                found.error((key, index, "id"), f"id {record.id!r} 重复")
            seen.add(record.id)
        found.ids[key] = seen


def _places(instance: Instance, found: _Findings) -> None:
    for i, site in enumerate(instance.sites):
        found.known(("sites", i, "township"), site.township, "townships", "乡镇")

    for i, venue in enumerate(instance.venues):
        found.known(("venues", i, "site"), venue.site, "sites", "学校")
        found.known(("venues", i, "township"), venue.township, "townships", "乡镇")
        if venue.kind in (VenueKind.CLASSROOM, VenueKind.HALL) and venue.site is None:
            found.error(("venues", i, "site"), "教室和报告厅必须写明所属学校 site")
        if venue.kind is VenueKind.FIELD and venue.site is None and venue.township is None:
            found.error(("venues", i, "township"), "现场教学点必须写明所在乡镇 township 或学校 site")


def _teachers(instance: Instance, found: _Findings) -> None:
    for i, teacher in enumerate(instance.teachers):
        base = ("teachers", i)
        found.known((*base, "township"), teacher.township, "townships", "乡镇")
        found.known_all((*base, "topics"), teacher.topics, "topics", "专题")
        found.known_all((*base, "townships"), teacher.townships or [], "townships", "乡镇")
        for j, obligation in enumerate(teacher.obligations):
            path = (*base, "obligations", j, "topic")
            if found.known(path, obligation.topic, "topics", "专题") and obligation.topic is not None:
                if obligation.topic not in teacher.topics:
                    found.error(path, f"教师 {teacher.name} 不能讲授专题 {obligation.topic!r}，无法完成该任务")


def _classes(instance: Instance, found: _Findings) -> None:
    topic_by_id = {t.id: t for t in instance.topics}
    teacher_by_id = {t.id: t for t in instance.teachers}
    for i, term_class in enumerate(instance.classes):
        base = ("classes", i)
        found.known((*base, "site"), term_class.site, "sites", "学校")
        item_ids = {item.id for item in term_class.curriculum}
        for j, item in enumerate(term_class.curriculum):
            _item(found, term_class, item, (*base, "curriculum", j), item_ids, topic_by_id, teacher_by_id)
        _after_cycles(term_class, base, found.error)
        firsts = [item.id for item in term_class.curriculum if item.first]
        lasts = [item.id for item in term_class.curriculum if item.last]
        for flag, flagged in (("first", firsts), ("last", lasts)):
            if len(flagged) > 1:
                found.error((*base, "curriculum"), f"多个课程项标记为 {flag}：{', '.join(flagged)}")


def _item(found: _Findings, term_class: TermClass, item: CurriculumItem, path: Path, item_ids: set[str],
          topic_by_id: dict[str, Topic], teacher_by_id: dict[str, Teacher]) -> None:
    """One curriculum item: its topic, teachers (who can teach it), venues, joint classes, order."""
    topic_ok = found.known((*path, "topic"), item.topic, "topics", "专题")
    for field, role in (("teachers", "指定教师"), ("backup", "B角")):
        for k, teacher_id in enumerate(getattr(item, field)):
            if found.known((*path, field, k), teacher_id, "teachers", "教师") and topic_ok:
                teacher = teacher_by_id[teacher_id]
                if item.topic not in teacher.topics:
                    found.error((*path, field, k),
                                f"{role} {teacher.name} 不能讲授专题 "
                                f"{topic_by_id[item.topic].name}（其 topics 中没有 {item.topic!r}）")
    found.known_all((*path, "venues"), item.venues or [], "venues", "场地")
    for k, other in enumerate(item.joint_with):
        if other == term_class.id:
            found.error((*path, "joint_with", k), "合班课不能与本班自己合班")
        else:
            found.known((*path, "joint_with", k), other, "classes", "班次")
    for k, before in enumerate(item.after):
        if before == item.id:
            found.error((*path, "after", k), "课程项不能排在自己之后")
        elif before not in item_ids:
            found.error((*path, "after", k), f"本班没有课程项 {before!r}")


def _lists(instance: Instance, found: _Findings) -> None:
    """Preferred venues, travel, weights and blackouts: lists of ids (or rule ids) to know."""
    for i, term_class in enumerate(instance.classes):
        found.known_all(("classes", i, "preferred_venues"), term_class.preferred_venues, "venues", "场地")
    for i, entry in enumerate(instance.travel):
        found.known_all(("travel", i, "between"), entry.between, "townships", "乡镇")

    for key in instance.weights:
        if key not in SOFT_RULE_IDS:
            found.error(("weights", key), f"未知的软约束 {key!r}（可用：{', '.join(SOFT_RULE_IDS)}）")

    for key in instance.policies:
        if key not in POLICY_RULE_IDS:
            found.error(("policies", key), f"未知的政策规则 {key!r}（可用：{', '.join(POLICY_RULE_IDS)}）")
    for i, venue in enumerate(instance.venues):
        found.known_all(("venues", i, "topics"), venue.topics, "topics", "专题")

    for i, blackout in enumerate(instance.blackouts):
        base = ("blackouts", i)
        found.known_all((*base, "sites"), blackout.sites, "sites", "学校")
        found.known_all((*base, "townships"), blackout.townships, "townships", "乡镇")
        found.known_all((*base, "venues"), blackout.venues, "venues", "场地")
        found.known_all((*base, "teachers"), blackout.teachers, "teachers", "教师")


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
