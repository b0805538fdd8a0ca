"""What each page shows (the templates' values): the index, the record pages and 调整."""

from __future__ import annotations

from collections import defaultdict

from scheduler.check.compliance import compliance
from scheduler.check.context import CheckContext
from scheduler.domain import Instance, Plan, PlanSession
from scheduler.html import grids, overview
from scheduler.html import messages as m
from scheduler.html.changes import Changes
from scheduler.html.labels import Labels
from scheduler.policy import measures
from scheduler.rules import rule_name


def sessions_by_record(plan: Plan) -> dict[tuple[str, str], list[PlanSession]]:
    found: dict[tuple[str, str], list[PlanSession]] = defaultdict(list)
    for s in plan.sessions:
        for c in s.classes:
            found[("class", c)].append(s)
        for t in s.teachers:
            found[("teacher", t)].append(s)
        if s.venue is not None:
            found[("venue", s.venue)].append(s)
        found[("site", s.site)].append(s)
    return found


def _township(instance: Instance, township_id: str | None) -> str:
    names = {t.id: t.name for t in instance.townships}
    return names.get(township_id, township_id or "")


def facts(instance: Instance, labels: Labels, kind: str, record_id: str) -> list[tuple[str, object]]:
    """The few lines above a record's grid: where, when, how big."""
    if kind == "class":
        c = instance.term_class(record_id)
        lines = [(m.FACT_SITE, [labels.link("site", c.site)]),
                 (m.FACT_DATES, m.DATES.format(start=c.start, end=c.end)), (m.FACT_TRAINEES, str(c.trainees))]
        return lines + ([(m.FACT_FOUR_PLUS_N, m.YES)] if c.four_plus_n else [])
    if kind == "teacher":
        t = instance.teacher(record_id)
        return [(m.FACT_KIND, m.TEACHER_KIND_NAMES[t.kind]), (m.FACT_TOWNSHIP, _township(instance, t.township))]
    if kind == "venue":
        v = instance.venue(record_id)
        where = [labels.link("site", v.site)] if v.site else _township(instance, v.township)
        return [(m.FACT_KIND, m.VENUE_KIND_NAMES[v.kind]), (m.FACT_SITE, where), (m.FACT_CAPACITY, str(v.capacity))]
    s = instance.site(record_id)
    lines = [(m.FACT_TIER, m.TIER_NAMES[s.tier]), (m.FACT_TOWNSHIP, _township(instance, s.township))]
    return lines + ([(m.FACT_ADDRESS, s.address)] if s.address else [])


def compliance_by_class(instance: Instance, plan: Plan) -> dict[str, list[dict]]:
    """Per class, each policy rule in force: required, planned, met (check/compliance.py)."""
    found: dict[str, list[dict]] = defaultdict(list)
    for row in compliance(CheckContext(instance, plan)):
        found[row.class_id].append({"rule": rule_name(row.rule), "required": row.required, "planned": row.planned,
                                    "met": row.met})
    return found


def record_page(instance: Instance, labels: Labels, kind: str, record_id: str, sessions: list[PlanSession],
                order: dict[str, tuple[str, str]], policy: list[dict]) -> dict:
    weeks = grids.week_grids(sessions, instance.term.start, order,
                             lambda s, continued: labels.entry(s, continued, kind, record_id))
    return {"title": m.PAGE_TITLE.format(kind=m.KIND_TITLES[kind], name=labels.name(kind, record_id)),
            "body_class": "grid-page", "facts": facts(instance, labels, kind, record_id), "weeks": weeks,
            "count": len(sessions), "highlighted": any(s.id in labels.changed for s in sessions),
            "policy": policy}


def _list_rows(instance: Instance, labels: Labels, counts: dict) -> list[tuple[str, list]]:
    n = lambda kind, rid: len(counts.get((kind, rid), ()))  # noqa: E731
    sites = {s.id: s.name for s in instance.sites}
    return [
        ("class", [[labels.link("class", c.id), sites.get(c.site, c.site), m.DATES.format(start=c.start, end=c.end),
                    c.trainees, n("class", c.id)] for c in instance.classes]),
        ("teacher", [[labels.link("teacher", t.id), m.TEACHER_KIND_NAMES[t.kind], _township(instance, t.township),
                      n("teacher", t.id)] for t in instance.teachers]),
        ("venue", [[labels.link("venue", v.id), m.VENUE_KIND_NAMES[v.kind],
                    sites[v.site] if v.site else _township(instance, v.township), v.capacity, n("venue", v.id)]
                   for v in instance.venues]),
        ("site", [[labels.link("site", s.id), m.TIER_NAMES[s.tier], _township(instance, s.township),
                   n("site", s.id)] for s in instance.sites]),
    ]


def index_page(instance: Instance, plan: Plan, labels: Labels, counts: dict, policy: dict[str, list[dict]]) -> dict:
    penalties = overview.penalties(instance, plan)
    coverage = [{"link": labels.link("class", c.class_id), "counts": c.counts, "missing": c.missing}
                for c in overview.coverage(instance, plan)]
    return {"title": m.INDEX, "body_class": "index-page", "counts": overview.counts(instance, plan),
            "tiers": [(t, m.TIER_NAMES[t]) for t in overview.TIERS], "months": overview.months(instance, plan),
            "penalties": penalties, "penalty_total": sum(p.penalty for p in penalties), "coverage": coverage,
            "main_topic_names": [instance.topic(t).name for t in measures.main_topics(instance)],
            "lists": _list_rows(instance, labels, counts),
            "policy_rows": sum(len(rows) for rows in policy.values()),
            "policy_unmet": [{"link": labels.link("class", class_id), **row}
                             for class_id, rows in policy.items() for row in rows if not row["met"]],
            "unplaced": [{"id": u.id, "classes": labels.links("class", u.classes), "title": u.title,
                          "reason": u.reason} for u in plan.unplaced]}


def _field(before: str, after: str | None) -> dict:
    return {"before": before, "after": after if after is not None else m.UNPLACED,
            "changed": after is None or after != before}


def changes_page(changes: Changes, labels: Labels) -> dict:
    sessions = []
    for s in changes.sessions:
        old_day, old_time, old_teachers, old_venue = s.before
        new = s.after
        names = lambda ids: "、".join(labels.name("teacher", t) for t in ids) or "-"  # noqa: E731
        fields = [_field(old_day, new and new[0]), _field(old_time, new and new[1]),
                  _field(names(old_teachers), new and names(new[2])),
                  _field(labels.link("venue", old_venue).text, new and labels.link("venue", new[3]).text)]
        sessions.append({"id": s.id, "classes": labels.links("class", s.classes), "title": s.title,
                         "fields": fields, "reason": s.reason})
    said = {s.id: m.SESSION_SAID.format(day=s.before[0], time=s.before[1], title=s.title) for s in changes.sessions}
    listed = lambda ids: m.LIST_JOIN.join(said.get(i, i) for i in ids)  # noqa: E731
    people = [{"kind": m.PEOPLE_KINDS[p.kind], "link": labels.link(p.kind, p.id), "lost": listed(p.lost),
               "gained": listed(p.gained), "moved": listed(p.moved)} for p in changes.people]
    unknown = m.UNKNOWN
    return {"title": m.CHANGES_TITLE.format(old=changes.old_revision, new=changes.new_revision),
            "body_class": "changes-page", "changes": changes, "sessions": sessions, "people": people,
            "cost": unknown if changes.cost is None else changes.cost,
            "bound": unknown if changes.bound is None else changes.bound,
            "proven": m.PROVEN if changes.proven else m.NOT_PROVEN,
            "counts_line": m.CHANGED_COUNTS.format(
                sessions=len(changes.sessions), teachers=sum(p.kind == "teacher" for p in changes.people),
                classes=len({c for s in changes.sessions for c in s.classes}))}
