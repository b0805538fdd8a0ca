"""场地使用: how much each venue is used (sessions, days, blocks) and by which classes;
an idle venue shows a zero."""

from __future__ import annotations

from collections import defaultdict

from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import Plan
from scheduler.plansheet import messages as m
from scheduler.plansheet.labels import Labels, chronological
from scheduler.plansheet.style import print_a4, table

ONLINE_KEY = None


def write_venue_use(sheet: Worksheet, labels: Labels, plan: Plan) -> None:
    used = defaultdict(list)
    for session in chronological(plan.sessions):
        used[session.venue].append(session)
    rows = []
    for venue in labels.instance.venues:
        owner = labels.site(venue.site) if venue.site else labels.townships.get(venue.township or "", "")
        rows.append([venue.name, m.VENUE_KIND_NAMES[venue.kind], owner, venue.capacity,
                     *_use(labels, used.get(venue.id, []))])
    if used.get(ONLINE_KEY):
        rows.append([m.ONLINE, m.ONLINE, None, None, *_use(labels, used[ONLINE_KEY])])
    table(sheet, m.VENUE_HEADERS, rows)
    print_a4(sheet, title_rows="1:1")


def _use(labels: Labels, sessions) -> list:
    classes = dict.fromkeys(c for s in sessions for c in s.classes)
    return [len(sessions), len({s.date for s in sessions}), sum(max(1, len(s.blocks)) for s in sessions),
            labels.class_list(classes)]
