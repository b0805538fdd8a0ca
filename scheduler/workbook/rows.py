"""An instance as the rows of the workbook's sheets: one dict per row, keyed by the columns' keys,
with references still as ids (the writer shows them by name)."""

from __future__ import annotations

from scheduler.domain.instance import Instance
from scheduler.domain.values import TimeRule


def instance_rows(instance: Instance) -> dict[str, list[dict]]:
    """Every sheet's rows, in the instance's order (the reader rebuilds the same lists)."""
    term = instance.term
    return {
        "term": [{"instance": instance.name, "name": term.name, "start": term.start, "end": term.end,
                  "timezone": term.timezone, "holiday_source": term.holiday_source, "workdays": term.workdays,
                  "contact": instance.contact, "sender": instance.sender}],
        "holidays": [{"name": h.name, "start": h.dates.start,
                      "end": h.dates.end if h.dates.end != h.dates.start else None} for h in term.holidays],
        "townships": [{"id": t.id, "name": t.name} for t in instance.townships],
        "sites": [_fields(s, "id", "name", "tier", "township", "weekdays", "observe_holidays", "address")
                  for s in instance.sites],
        "blocks": [{"site": s.id, "name": b.name, "start": b.start, "end": b.end, "hours": b.hours}
                   for s in instance.sites for b in s.blocks],
        "venues": [_fields(v, "id", "name", "kind", "site", "township", "capacity", "overflow", "address",
                           "topics", "themes")
                   for v in instance.venues],
        "topics": [_fields(t, "id", "name", "main", "kind", "themes") for t in instance.topics],
        "teachers": [_fields(t, "id", "name", "kind", "township", "topics", "tiers", "townships", "max_per_day",
                             "max_per_week", "role", "phone") for t in instance.teachers],
        "obligations": [{"teacher": t.id, **_fields(o, "min_sessions", "period", "topic", "note")}
                        for t in instance.teachers for o in t.obligations],
        "classes": [_fields(c, "id", "name", "site", "trainees", "start", "end", "four_plus_n", "preferred_venues",
                            "min_hours", "max_hours",
                            "head_teacher", "head_teacher_phone")
                    for c in instance.classes],
        "curriculum": [{"class": c.id, **_fields(i, "id", "topic", "title", "mode", "method", "teacher_kind",
                                                 "teacher_role", "sessions", "length", "teachers",
                                                 "backup", "teacher_count", "venues", "joint_with", "first", "last",
                                                 "after", "min_days", "attendance")}
                       for c in instance.classes for i in c.curriculum],
        "time_rules": _time_rules(instance),
        "blackouts": [{"name": b.name, **_rule(b.when),
                       **_fields(b, "tiers", "sites", "townships", "venues", "teachers", "teacher_kinds")}
                      for b in instance.blackouts],
        "travel": [{"a": t.between[0], "b": t.between[1], "minutes": t.minutes} for t in instance.travel],
        "weights": [{"rule": rule, "weight": weight} for rule, weight in instance.weights.items()],
        "policies": [{"rule": rule, "level": setting.level.value, "weight": setting.weight}
                     for rule, setting in instance.policies.items()],
        "standards": [_standards(instance)],
    }


def _standards(instance: Instance) -> dict:
    """The 政策标准 row: the instance's figures, or nothing where they are the defaults."""
    standards = instance.standards
    defaults = type(standards)()
    return {name: getattr(standards, name) for name in type(standards).model_fields
            if getattr(standards, name) != getattr(defaults, name)}


def _fields(record, *names: str) -> dict:
    return {name: getattr(record, name) for name in names}


def _rule(rule: TimeRule) -> dict:
    return _fields(rule, "dates", "weekdays", "blocks", "note")


def _time_rules(instance: Instance) -> list[dict]:
    """The 时间限制 rows: whose (owner and name, with the item for a course) and which list."""
    rows = []
    for teacher in instance.teachers:
        for use in ("unavailable", "prefers", "avoids"):
            rows += [{"owner": "teachers", "name": teacher.id, "use": use, **_rule(r)}
                     for r in getattr(teacher, use)]
    for venue in instance.venues:
        rows += [{"owner": "venues", "name": venue.id, "use": "unavailable", **_rule(r)} for r in venue.unavailable]
    for term_class in instance.classes:
        for item in term_class.curriculum:
            rows += [{"owner": "items", "name": term_class.id, "item": item.id, "use": "unavailable", **_rule(r)}
                     for r in item.unavailable]
    return rows
