"""4+N 覆盖: per class, the sessions it attends of each of the four main topics (joint
sessions counted for every class attending) and of its specialty courses (the N)."""

from __future__ import annotations

from collections import Counter

from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import Plan
from scheduler.plansheet import messages as m
from scheduler.plansheet.labels import Labels
from scheduler.plansheet.style import print_a4, table
from scheduler.policy import measures


def write_coverage(sheet: Worksheet, labels: Labels, plan: Plan) -> None:
    instance = labels.instance
    main = [instance.topic(t) for t in measures.main_topics(instance)]
    main_ids = {t.id for t in main}
    counts = measures.sessions_attended(plan)
    rows = []
    for term_class in labels.instance.classes:
        topics = counts.get(term_class.id, Counter())
        specialty = sorted(((t, n) for t, n in topics.items() if t not in main_ids),
                           key=lambda pair: (-pair[1], labels.topic(pair[0])))
        missing = [instance.topic(t).name for t in measures.missing_main_topics(instance, set(+topics))]
        state = ""
        if term_class.four_plus_n:
            state = m.COVERAGE_MISSING.format(topics=m.LIST_JOIN.join(missing)) if missing else m.COVERAGE_COMPLETE
        rows.append([term_class.name, labels.site(term_class.site), m.YES if term_class.four_plus_n else m.NO,
                     *(topics.get(t.id, 0) for t in main), sum(n for _, n in specialty),
                     m.LIST_JOIN.join(m.COVERAGE_TOPIC_COUNT.format(topic=labels.topic(t), count=n)
                                      for t, n in specialty), state])
    headers = [*m.COVERAGE_LEAD, *(t.name for t in main), m.COVERAGE_SPECIALTY, m.COVERAGE_SPECIALTY_TOPICS,
               m.COVERAGE_STATE]
    table(sheet, headers, rows)
    print_a4(sheet, title_rows="1:1")
