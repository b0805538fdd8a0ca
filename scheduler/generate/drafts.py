"""Drafts of classes and curriculum items: mutable while planning, turned into the instance at the end."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from scheduler.domain.records import Site, Venue
from scheduler.domain.values import Mode, TimeRule
from scheduler.generate.topics import TOPIC_PY


@dataclass
class ItemDraft:
    id: str
    topic: str
    title: str
    mode: Mode = Mode.LECTURE
    sessions: int = 1
    length: int = 1
    teacher_count: int | None = None
    venues: list[str] | None = None
    joint_with: list[str] = field(default_factory=list)
    first: bool = False
    last: bool = False
    after: list[str] = field(default_factory=list)
    teachers: list[str] = field(default_factory=list)
    unavailable: list[TimeRule] = field(default_factory=list)

    @property
    def needed(self) -> int:
        return self.teacher_count or 1


@dataclass
class ClassDraft:
    id: str
    name: str
    site: Site
    trainees: int
    start: dt.date
    end: dt.date
    items: list[ItemDraft] = field(default_factory=list)
    four_plus_n: bool = False
    joint_units: int = 0  # units taken by joint sessions hosted by other classes
    emphasis: tuple[str, ...] = ()  # topics the class theme stresses


def item_id(items: list[ItemDraft], topic: str, stem: str | None = None) -> str:
    """The next free id for an item of this topic (or stem) in a curriculum."""
    stem = stem or TOPIC_PY[topic]
    taken = {i.id for i in items}
    k = 1
    while f"{stem}{k}" in taken:
        k += 1
    return f"{stem}{k}"


def fields_by_topic(draft: ClassDraft, fields: list[Venue],
                    field_topics: dict[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """Field sites big enough for the class, by the topic they illustrate."""
    found: dict[str, list[str]] = defaultdict(list)
    for venue in fields:
        if venue.capacity >= draft.trainees:
            for topic in field_topics[venue.id]:
                found[topic].append(venue.id)
    return dict(found)
