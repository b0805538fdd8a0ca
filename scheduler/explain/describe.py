"""The minimal set in the user's words: one Chinese sentence per group, naming the records."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from scheduler.expand import Expansion, OptionBuilder, blackout_hits_site
from scheduler.explain import messages as msg
from scheduler.explain.groups import Group, rule_of
from scheduler.explain.minimize import Explanation
from scheduler.explain.policy_groups import policy_sentences
from scheduler.rules import rule_name
from scheduler.text import TIER_NAMES

_PERIOD = {"month": "每月", "quarter": "每季度", "half_year": "每半年", "year": "每年", "term": "本学期"}


def date_span(start: dt.date, end: dt.date) -> str:
    first = f"{start.month}月{start.day}日"
    if start == end:
        return first
    if (start.year, start.month) == (end.year, end.month):
        return f"{first}–{end.day}日"
    return f"{first}–{end.month}月{end.day}日"


def describe(explanation: Explanation, expansion: Expansion) -> list[str]:
    """The lines to print: a heading, then one numbered line per group."""
    if explanation.status == "FEASIBLE":
        return [msg.FEASIBLE]
    if explanation.status != "INFEASIBLE":
        return [msg.UNKNOWN.format(seconds=explanation.seconds)]
    if not explanation.groups:
        return [msg.NO_GROUPS]
    writer = Writer(expansion, explanation.groups)
    lines = [msg.HEADING.format(count=len(explanation.groups))]
    for n, group in enumerate(explanation.groups, 1):
        lines.append(msg.ITEM.format(n=n, rule=rule_name(rule_of(group[0])), text=writer.sentence(group)))
    lines.append(msg.HINT)
    if not explanation.minimal:
        lines.append(msg.NOT_MINIMAL)
    return lines


def describe_group(group: Group, expansion: Expansion, groups: list[Group] | None = None) -> str:
    return Writer(expansion, groups or [group]).sentence(group)


class Writer:
    def __init__(self, expansion: Expansion, groups: list[Group]):
        self.expansion = expansion
        self.instance = expansion.instance
        self.builder = OptionBuilder(self.instance, expansion.calendar)
        self.groups = groups
        # the classes the explanation is about: named by a group, else every class
        named = {g[1] for g in groups if g[0] in ("class_window", "class_no_overlap", "ordering",
                                                  "item_unavailable", "required_teacher",
                                                  "venue_topic", "teacher_role")}
        self.classes = [c for c in self.instance.classes if c.id in named]

    # --- names ---------------------------------------------------------------------------
    def klass(self, class_id: str) -> str:
        c = self.instance.term_class(class_id)
        return f"{c.name}（{date_span(c.start, c.end)}）"

    def item(self, class_id: str, item_id: str):
        return next(i for i in self.instance.term_class(class_id).curriculum if i.id == item_id)

    def topic(self, topic_id: str) -> str:
        return self.instance.topic(topic_id).name

    def free_blocks(self, term_class, rules) -> int:
        """Teaching blocks of the class's site inside its dates not hit by these time rules."""
        site = self.instance.site(term_class.site)
        count = 0
        for day, free in self.builder.site_blocks(site).items():
            if term_class.start <= day <= term_class.end:
                count += sum(1 for ok, block in zip(free, site.blocks)
                             if ok and not any(r.matches(day, block.name) for r in rules))
        return count

    def involved_classes(self, predicate) -> list:
        pool = self.classes or self.instance.classes
        return [c for c in pool if any(predicate(s) for s in self.expansion.sessions_by_class.get(c.id, []))]

    # --- sentences -----------------------------------------------------------------------
    def sentence(self, group: Group) -> str:
        return self.sentences()[group[0]](*group[1:])

    def sentences(self) -> dict:
        """The sentence for each kind of group explain/groups.py makes."""
        return {
            "class_window": self._class_window,
            "site_calendar": self._site_calendar,
            "item_unavailable": self._item_unavailable,
            "ordering": self._ordering,
            "qualified": self._qualified,
            "teacher_scope": self._teacher_scope,
            "teacher_available": self._teacher_available,
            "teacher_daily_limit": self._teacher_daily_limit,
            "teacher_weekly_limit": self._teacher_weekly_limit,
            "teacher_obligation": self._teacher_obligation,
            "required_teacher": self._required_teacher,
            "teacher_no_overlap": self._teacher_no_overlap,
            "venue_capacity": self._venue_capacity,
            "venue_available": self._venue_available,
            "venue_no_overlap": self._venue_no_overlap,
            "class_no_overlap": self._class_no_overlap,
            **policy_sentences(self),
        }

    def _class_window(self, class_id):
        c = self.instance.term_class(class_id)
        sessions = self.expansion.sessions_by_class.get(class_id, [])
        need = sum(s.item.length for s in sessions)
        return msg.CLASS_WINDOW.format(klass=self.klass(class_id), sessions=len(sessions), need=need,
                                       site=self.instance.site(c.site).name, cells=self.free_blocks(c, []))

    def _site_calendar(self, site_id):
        site = self.instance.site(site_id)
        names = [b.name for b in self.instance.blackouts if blackout_hits_site(b, site)]
        extra = msg.BLACKOUTS.format(names="、".join(names)) if names else ""
        return msg.SITE_CALENDAR.format(site=site.name, extra=extra)

    def _item_unavailable(self, class_id, item_id):
        return msg.ITEM_UNAVAILABLE.format(klass=self.klass(class_id), title=self.item(class_id, item_id).title)

    def _ordering(self, class_id):
        c = self.instance.term_class(class_id)
        titles = {i.id: i.title for i in c.curriculum}
        parts = []
        for i in c.curriculum:
            if i.first:
                parts.append(msg.ORDER_FIRST.format(title=i.title))
            if i.last:
                parts.append(msg.ORDER_LAST.format(title=i.title))
            if i.after:
                before = "、".join(f"“{titles.get(a, a)}”" for a in i.after)
                parts.append(msg.ORDER_AFTER.format(title=i.title, before=before))
        return msg.ORDERING.format(klass=self.klass(class_id), order="，".join(parts))

    def _qualified(self, topic_id):
        able = [t.name for t in self.instance.teachers if topic_id in t.topics]
        classes = self.involved_classes(lambda s: s.item.topic == topic_id)
        need = sum(1 for c in classes for s in self.expansion.sessions_by_class.get(c.id, [])
                   if s.item.topic == topic_id)
        where = "、".join(self.klass(c.id) for c in classes)
        return msg.QUALIFIED.format(topic=self.topic(topic_id), count=len(able),
                                    names="、".join(able) or "无", where=where, need=need)

    def _teacher_scope(self, teacher_id):
        t = self.instance.teacher(teacher_id)
        scope = []
        if t.tiers is not None:
            scope.append("、".join(TIER_NAMES.get(str(x), str(x)) for x in t.tiers))
        if t.townships is not None:
            scope.append("、".join(self._township(x) for x in t.townships))
        named = [f"{self.instance.term_class(s.owner.id).name}的“{s.item.title}”在{s.site.name}"
                 for s in self.expansion.sessions
                 if s.index == 1 and teacher_id in s.required_teachers
                 and not self.builder.qualified(t, s.item, s.site)]
        extra = msg.NAMED_OUT_OF_SCOPE.format(items="、".join(named)) if named else ""
        return msg.TEACHER_SCOPE.format(teacher=t.name, scope="；".join(scope)) + extra

    def _township(self, township_id):
        return next((t.name for t in self.instance.townships if t.id == township_id), township_id)

    def _teacher_available(self, teacher_id):
        t = self.instance.teacher(teacher_id)
        rules = self.builder.teacher_rules[teacher_id]
        blackouts = [b.name for b in self.instance.blackouts
                     if teacher_id in b.teachers or t.kind in b.teacher_kinds]
        extra = msg.BLACKOUTS.format(names="、".join(blackouts)) if blackouts else ""
        classes = self.involved_classes(lambda s: any(tc in t.topics for tc in (s.item.topic,))
                                        or teacher_id in s.required_teachers)
        free = "，".join(msg.FREE_IN.format(klass=self.klass(c.id), free=self.free_blocks(c, rules))
                        for c in classes[:3])
        return msg.TEACHER_AVAILABLE.format(teacher=t.name, extra=extra, free=("：" + free) if free else "")

    def _teacher_daily_limit(self, teacher_id):
        t = self.instance.teacher(teacher_id)
        return msg.DAILY_LIMIT.format(teacher=t.name, cap=t.max_per_day)

    def _teacher_weekly_limit(self, teacher_id):
        t = self.instance.teacher(teacher_id)
        return msg.WEEKLY_LIMIT.format(teacher=t.name, cap=t.max_per_week)

    def _teacher_obligation(self, teacher_id, n):
        t = self.instance.teacher(teacher_id)
        ob = t.obligations[int(n)]
        topic = self.topic(ob.topic) if ob.topic else ""
        return msg.OBLIGATION.format(teacher=t.name, period=_PERIOD.get(str(ob.period), str(ob.period)),
                                     count=ob.min_sessions, topic=topic)

    def _required_teacher(self, class_id, item_id):
        it = self.item(class_id, item_id)
        names = "、".join(self.instance.teacher(t).name for t in it.teachers)
        return msg.REQUIRED.format(klass=self.klass(class_id), title=it.title, names=names)

    def _teacher_no_overlap(self, teacher_id):
        return msg.TEACHER_NO_OVERLAP.format(teacher=self.instance.teacher(teacher_id).name)

    def _venue_capacity(self, venue_id):
        v = self.instance.venue(venue_id)
        too_big = defaultdict(int)
        for s in self.expansion.sessions:
            if s.trainees > v.capacity + v.overflow and s.site.id == v.site:
                too_big[s.class_ids] = s.trainees
        named = {c.id for c in self.classes}
        listed = [(ids, n) for ids, n in too_big.items() if not named or set(ids) & named] or list(too_big.items())
        who = "、".join(f"{'、'.join(self.instance.term_class(c).name for c in ids)}（{n} 人）"
                       for ids, n in listed[:3])
        extra = msg.OVERFLOW.format(overflow=v.overflow) if v.overflow else ""
        return msg.VENUE_CAPACITY.format(venue=v.name, capacity=v.capacity, extra=extra,
                                         who=("，容不下" + who) if who else "")

    def _venue_available(self, venue_id):
        return msg.VENUE_AVAILABLE.format(venue=self.instance.venue(venue_id).name)

    def _venue_no_overlap(self, venue_id):
        v = self.instance.venue(venue_id)
        return msg.VENUE_NO_OVERLAP.format(venue=v.name, capacity=v.capacity)

    def _class_no_overlap(self, class_id):
        return msg.CLASS_NO_OVERLAP.format(klass=self.klass(class_id))
