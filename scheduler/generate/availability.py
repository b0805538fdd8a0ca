"""When sites, teachers and venues are free before planning, and which teachers can teach what where."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from scheduler.calendar import TermCalendar, days
from scheduler.domain.records import Blackout, Site, Teacher, Term, Venue
from scheduler.domain.values import TimeRule
from scheduler.generate.drafts import ClassDraft


class Availability:
    def __init__(self, term: Term, sites: list[Site], venues: list[Venue], teachers: list[Teacher],
                 blackouts: list[Blackout]):
        self.term = term
        self.calendar = TermCalendar(term)
        self.site_by_id = {site.id: site for site in sites}
        self.usable: dict[str, dict[dt.date, list[int]]] = {site.id: self._usable(site, blackouts)
                                                             for site in sites}
        self.teacher_rules: dict[str, list[TimeRule]] = {}
        for teacher in teachers:
            rules = list(teacher.unavailable)
            rules += [b.when for b in blackouts if teacher.id in b.teachers or teacher.kind in b.teacher_kinds]
            self.teacher_rules[teacher.id] = rules
        self.venue_rules = {v.id: list(v.unavailable) + [b.when for b in blackouts if v.id in b.venues]
                            for v in venues}
        self.blocked_days = {teacher.id: self._away(teacher) for teacher in teachers}
        self.qualified_cache: dict[tuple[str, str], list[Teacher]] = {}
        self.teachers_by_topic: dict[str, list[Teacher]] = defaultdict(list)
        for teacher in teachers:
            for topic in teacher.topics:
                self.teachers_by_topic[topic].append(teacher)

    def _usable(self, site: Site, blackouts: list[Blackout]) -> dict[dt.date, list[int]]:
        """The site's teaching days and, for each, the blocks no blackout closes."""
        scoped = [b for b in blackouts
                  if b.everywhere or site.id in b.sites or site.tier in b.tiers or site.township in b.townships]
        table = {}
        for day in days(self.term.start, self.term.end):
            if not self.calendar.site_teaches(site, day):
                continue
            free = [k for k, block in enumerate(site.blocks)
                    if not any(b.when.matches(day, block.name) for b in scoped)]
            if free:
                table[day] = free
        return table

    def _away(self, teacher: Teacher) -> set[dt.date]:
        """Whole days a teacher is away (date-only rules), for judging supply in a window."""
        away: set[dt.date] = set()
        for rule in self.teacher_rules[teacher.id]:
            if rule.dates is not None and rule.weekdays is None and rule.blocks is None:
                for span in rule.dates:
                    away.update(days(span.start, span.end))
        return away

    def units(self, site: Site, start: dt.date, end: dt.date) -> int:
        return sum(len(v) for d, v in self.usable[site.id].items() if start <= d <= end)

    def teaching_days(self, site: Site, start: dt.date, end: dt.date) -> list[dt.date]:
        return [d for d in days(start, end) if d in self.usable[site.id]]

    def qualified(self, site: Site, topic: str) -> list[Teacher]:
        key = (site.id, topic)
        if key not in self.qualified_cache:
            self.qualified_cache[key] = [
                t for t in self.teachers_by_topic[topic]
                if (t.tiers is None or site.tier in t.tiers)
                and (t.townships is None or site.township in t.townships)]
        return self.qualified_cache[key]

    def supported(self, draft: ClassDraft, topics, minimum: int = 2) -> list[str]:
        """The topics with at least `minimum` qualified teachers not away for the whole window."""
        window = self.teaching_days(draft.site, draft.start, draft.end)
        found = []
        for topic in dict.fromkeys(topics):
            present = [t for t in self.qualified(draft.site, topic)
                       if any(d not in self.blocked_days[t.id] for d in window)]
            if len(present) >= minimum:
                found.append(topic)
        return found
