"""Small instances built in code for rule tests: a base county, then per-test tweaks."""

from __future__ import annotations

import copy

from scheduler.domain import Instance

BASE: dict = {
    "name": "mini",
    "term": {"name": "测试", "start": "2024-03-04", "end": "2024-03-08"},  # Monday to Friday
    "townships": [{"id": "qy", "name": "清源镇"}],
    "sites": [{
        "id": "county", "name": "县委党校", "tier": "county", "township": "qy",
        "blocks": [{"name": "上午", "start": "08:30", "end": "11:30"},
                   {"name": "下午", "start": "14:30", "end": "17:30"}],
    }],
    "venues": [
        {"id": "r1", "name": "第一教室", "kind": "classroom", "site": "county", "capacity": 50},
        {"id": "r2", "name": "第二教室", "kind": "classroom", "site": "county", "capacity": 50},
    ],
    "topics": [{"id": "A", "name": "政治理论"}, {"id": "B", "name": "党建实务"}],
    "teachers": [
        {"id": "t1", "name": "王老师", "kind": "fulltime", "township": "qy", "topics": ["A", "B"]},
        {"id": "t2", "name": "李老师", "kind": "fulltime", "township": "qy", "topics": ["A", "B"]},
    ],
    "classes": [],
}


def klass(class_id: str, start: str, end: str, *items: dict, trainees: int = 30) -> dict:
    return {"id": class_id, "name": f"{class_id}班", "site": "county", "trainees": trainees,
            "start": start, "end": end, "curriculum": list(items)}


def item(item_id: str, topic: str = "A", **extra) -> dict:
    return {"id": item_id, "topic": topic, "title": f"课程{item_id}", **extra}


def make(*classes: dict, **changes) -> Instance:
    """The base instance with these classes; `changes` replace top-level sections, and
    `teachers__t1={...}` style keys update one record of a section."""
    data = copy.deepcopy(BASE)
    data["classes"] = list(classes)
    for key, value in changes.items():
        if "__" in key:
            section, record_id = key.split("__", 1)
            record = next(r for r in data[section] if r["id"] == record_id)
            record.update(value)
        else:
            data[key] = value
    return Instance.model_validate(data)
