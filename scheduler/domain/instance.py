"""The term plan a county school's staff write: the whole instance and its lookups.

Field names are English (they are the file format); values such as names and titles are
usually Chinese. The records are in `records`, the field value types in `values`.
"""

from __future__ import annotations

from functools import cached_property
from typing import Annotated

from pydantic import Field, model_validator

from scheduler.domain.findings import InstanceReferenceError
from scheduler.domain.policies import Level, PolicySetting, Standards
from scheduler.domain.records import (
    Blackout,
    CurriculumItem,
    Site,
    Teacher,
    Term,
    TermClass,
    Topic,
    Township,
    TravelTime,
    Venue,
)
from scheduler.domain.references import reference_findings
from scheduler.domain.values import DateRange, Id, Name, Record
from scheduler.rules import RULES

__all__ = ["DateRange", "Instance"]  # DateRange: the command-line modules take it from here


class Instance(Record):
    """A whole term plan: the input of `scheduler solve`."""

    name: Id = Field(description="实例名称，也是默认输出文件名")
    term: Term
    townships: list[Township] = Field(min_length=1)
    sites: list[Site] = Field(min_length=1)
    venues: list[Venue] = Field(default_factory=list)
    topics: list[Topic] = Field(min_length=1)
    teachers: list[Teacher] = Field(min_length=1)
    classes: list[TermClass] = Field(min_length=1)
    blackouts: list[Blackout] = Field(default_factory=list)
    travel: list[TravelTime] = Field(default_factory=list, description="乡镇之间的路程（分钟）")
    contact: Name | None = Field(None, description="学校联系方式，印在授课通知单上，例如 县委党校教务科 0358-1234567")
    sender: Name | None = Field(None, description="调课通知的落款（默认为县委党校的名称，没有县级学校时为“党校”）")
    weights: dict[str, Annotated[int, Field(ge=0, le=1_000_000)]] = Field(
        default_factory=dict, description="软约束权重，覆盖默认值；键为软约束 id，0 表示关闭"
    )

    policies: dict[str, PolicySetting] = Field(
        default_factory=dict, description="政策规则的考核方式：键为规则 id，值为 hard / soft / off 或 {level, weight}")
    standards: Standards = Field(default_factory=Standards, description="政策规则的标准（互动式教学比例、学时折算）")

    @model_validator(mode="after")
    def _references(self) -> Instance:
        findings = reference_findings(self)
        if findings:
            raise InstanceReferenceError(findings)
        return self

    # Lookups used everywhere; instances are frozen, so each index is built once.
    @cached_property
    def _indexes(self) -> dict[str, dict]:
        return {
            "sites": _index(self.sites), "teachers": _index(self.teachers),
            "venues": _index(self.venues), "classes": _index(self.classes),
            "topics": _index(self.topics), "townships": _index(self.townships),
            "travel": {frozenset(t.between): t.minutes for t in self.travel},
        }

    def site(self, site_id: str) -> Site:
        return self._indexes["sites"][site_id]

    def teacher(self, teacher_id: str) -> Teacher:
        return self._indexes["teachers"][teacher_id]

    def venue(self, venue_id: str) -> Venue:
        return self._indexes["venues"][venue_id]

    def term_class(self, class_id: str) -> TermClass:
        return self._indexes["classes"][class_id]

    def topic(self, topic_id: str) -> Topic:
        return self._indexes["topics"][topic_id]

    def township(self, township_id: str) -> Township:
        return self._indexes["townships"][township_id]

    def counts(self) -> dict[str, int]:
        """How big the instance is: classes, sessions, teachers, venues."""
        return {
            "classes": len(self.classes),
            "sessions": sum(item.sessions for c in self.classes for item in c.curriculum),
            "teachers": len(self.teachers),
            "venues": len(self.venues),
        }

    def weight(self, rule_id: str) -> int:
        """The weight of a soft rule: the instance's own, or the rule's default."""
        return self.weights.get(rule_id, RULES[rule_id].weight)

    def policy(self, rule_id: str) -> Level:
        """How a policy rule holds in this instance: its setting, else hard."""
        setting = self.policies.get(rule_id)
        return setting.level if setting is not None else Level.HARD

    def policy_weight(self, rule_id: str) -> int:
        setting = self.policies.get(rule_id)
        if setting is not None and setting.weight is not None:
            return setting.weight
        return RULES[rule_id].weight

    def audience(self, item: CurriculumItem | None, class_ids) -> int:
        """How many attend a session of `item` held for `class_ids`: the item's `attendance`
        where given, else the trainees of every (known) class attending."""
        if item is not None and item.attendance is not None:
            return item.attendance
        classes = self._indexes["classes"]
        return sum(classes[c].trainees for c in class_ids if c in classes)

    def travel_minutes(self, a: str, b: str) -> int:
        """Minutes between two townships, either direction; 0 when the same or not listed."""
        if a == b:
            return 0
        return self._indexes["travel"].get(frozenset((a, b)), 0)


def _index(records):
    return {record.id: record for record in records}
