"""Timetables and summaries as tabulate tables (Chinese columns aligned through wcwidth)."""

from __future__ import annotations

from collections import defaultdict

from tabulate import tabulate

from scheduler import text
from scheduler.domain import Instance, Penalty, Plan, PlanSession
from scheduler.report.width import clip, fit_rows
from scheduler.rules import RULES

BY_CHOICES = ("class", "teacher", "venue", "day")
TERMINAL_WIDTH = 120


def _names(records) -> dict[str, str]:
    return {r.id: r.name for r in records}


class _Labels:
    def __init__(self, instance: Instance):
        self.classes = _names(instance.classes)
        self.teachers = _names(instance.teachers)
        self.venues = _names(instance.venues)
        self.sites = _names(instance.sites)
        self.topics = _names(instance.topics)

    def teacher_list(self, ids: list[str]) -> str:
        return "、".join(self.teachers.get(t, t) for t in ids)

    def venue(self, venue_id: str | None) -> str:
        return "线上" if venue_id is None else self.venues.get(venue_id, venue_id)

    def class_list(self, ids: list[str]) -> str:
        return "、".join(self.classes.get(c, c) for c in ids)


def _when(session: PlanSession) -> list[str]:
    return [session.date.isoformat(), f"周{text.WEEKDAY_CHARS[session.date.weekday()]}",
            f"{session.start}-{session.end}"]


def _ordered(sessions: list[PlanSession]) -> list[PlanSession]:
    return sorted(sessions, key=lambda s: (s.date, s.start, s.id))


def timetables(instance: Instance, plan: Plan, by: str, only: str | None = None,
               width: int = TERMINAL_WIDTH) -> list[tuple[str, str]]:
    """(heading, table) pairs, one per class / teacher / venue / day, each line at most `width`
    columns wide (long cells abbreviated with …)."""
    labels = _Labels(instance)
    groups: dict[str, list[PlanSession]] = defaultdict(list)
    for session in plan.sessions:
        keys = {"class": session.classes, "teacher": session.teachers,
                "venue": [session.venue or "online"], "day": [session.date.isoformat()]}[by]
        for key in keys:
            groups[key].append(session)
    if by == "class":
        order, title = [c.id for c in instance.classes], labels.classes
        headers = ["日期", "星期", "时间", "课程", "专题", "方式", "教师", "场地"]
        row = lambda s: [*_when(s), s.title, labels.topics.get(s.topic, s.topic),  # noqa: E731
                         text.MODE_NAMES.get(s.mode, s.mode), labels.teacher_list(s.teachers), labels.venue(s.venue)]
    elif by == "teacher":
        order, title = [t.id for t in instance.teachers], labels.teachers
        headers = ["日期", "星期", "时间", "学校", "班次", "课程", "场地"]
        row = lambda s: [*_when(s), labels.sites.get(s.site, s.site), labels.class_list(s.classes),  # noqa: E731
                         s.title, labels.venue(s.venue)]
    elif by == "venue":
        order, title = [v.id for v in instance.venues] + ["online"], {**labels.venues, "online": "线上"}
        headers = ["日期", "星期", "时间", "班次", "课程", "教师"]
        row = lambda s: [*_when(s), labels.class_list(s.classes), s.title,  # noqa: E731
                         labels.teacher_list(s.teachers)]
    else:
        order, title = sorted(groups), {d: d for d in groups}
        headers = ["时间", "学校", "班次", "课程", "教师", "场地"]
        row = lambda s: [f"{s.start}-{s.end}", labels.sites.get(s.site, s.site),  # noqa: E731
                         labels.class_list(s.classes), s.title, labels.teacher_list(s.teachers),
                         labels.venue(s.venue)]
    result = []
    for key in order:
        if only is not None and key != only:
            continue
        sessions = _ordered(groups.get(key, []))
        if not sessions and only is None:
            continue
        heading = clip(f"{title.get(key, key)}（{key}）：{len(sessions)} 次课", width)
        rows = fit_rows([row(s) for s in sessions], headers, width)
        result.append((heading, tabulate(rows, headers=headers, disable_numparse=True)))
    return result


def summary(instance: Instance, plan: Plan, extra: dict | None = None) -> str:
    teachers = {t for s in plan.sessions for t in s.teachers}
    venues = {s.venue for s in plan.sessions if s.venue}
    by_tier = defaultdict(int)
    tiers = {site.id: site.tier.value for site in instance.sites}
    for s in plan.sessions:
        by_tier[tiers.get(s.site, "?")] += 1
    rows = [
        ["状态", plan.status],
        ["课次", len(plan.sessions)],
        ["其中 县委党校 / 乡镇党校 / 农民夜校",
         f"{by_tier['county']} / {by_tier['township']} / {by_tier['village']}"],
        ["班次", len(instance.classes)],
        ["授课教师", f"{len(teachers)} / {len(instance.teachers)}"],
        ["使用场地", f"{len(venues)} / {len(instance.venues)}"],
        ["目标值", plan.objective],
        ["下界", plan.bound],
        ["求解用时（秒）", plan.solve_seconds],
    ]
    for key, value in (extra or {}).items():
        rows.append([key, value])
    return tabulate(rows, headers=["项目", "值"])


def findings_table(lines: list[str]) -> str:
    return "\n".join(f"  - {line}" for line in lines)


def penalty_table(penalties: list[Penalty]) -> str:
    """One row per soft rule: its name, weight, violations, penalty and worst cases."""
    rows = [[RULES[p.rule].name if p.rule in RULES else p.rule, p.weight, p.violations, p.penalty,
             text.WORST_SEPARATOR.join(p.worst)] for p in penalties]
    return tabulate(rows, headers=list(text.PENALTY_HEADERS))
