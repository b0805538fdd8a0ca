"""The robustness report: rows sorted by risk, the table, the summary, and CSV / JSON files.

Risk order: a dropout the replan found no plan for first, then more sessions nobody can take,
then a higher change cost, more changed and more lost sessions; ties by teacher id, so that
the order is a property of the rows alone.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from tabulate import tabulate

from scheduler.domain.instance import Instance
from scheduler.risk import messages as msg
from scheduler.risk.assess import Row

SUMMARY_KS = (0, 1, 2, 3, 5, 10)  # changed sessions allowed per dropout, in the summary
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run such a cell


def by_risk(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (r.change_cost is not None, -len(r.unplaceable), -(r.change_cost or 0),
                                       -r.changed, -len(r.lost), r.teacher))


def table(instance: Instance, rows: list[Row]) -> str:
    body = [[msg.TEACHER.format(name=r.name, id=r.teacher), len(r.lost), len(r.unplaceable) or "",
             _or_none(r.changed if r.change_cost is not None else None), _or_none(r.change_cost),
             _or_none(r.change_bound), (msg.PROVEN if r.proven else msg.NOT_PROVEN) if r.change_cost is not None
             else msg.NONE, _classes(instance, r.classes), msg.STATUS.get(r.status, r.status)] for r in rows]
    return tabulate(body, headers=msg.HEADERS)


def details(instance: Instance, rows: list[Row]) -> list[str]:
    """Each session nobody can take, with its reason, and explain's sentences of a dropout
    with no plan."""
    lines = []
    for r in rows:
        teacher = msg.TEACHER.format(name=r.name, id=r.teacher)
        for u in r.unplaceable:
            classes = "、".join(instance.term_class(c).name for c in u.classes)
            lines.append(msg.SPOF_LINE.format(teacher=teacher, session=u.session, title=u.title,
                                              classes=classes, reason=u.reason))
        for note in r.notes or ([msg.NO_PLAN_REASON.format(status=r.status)] if r.change_cost is None else []):
            lines.append(msg.NOTE_LINE.format(teacher=teacher, note=note))
    return [msg.SPOF_HEADING, *lines] if lines else []


def summary(rows: list[Row], start: dt.date) -> dict:
    covered = [r for r in rows if r.change_cost is not None and not r.unplaceable]
    return {"teachers": len(rows), "single_points": sum(1 for r in rows if r.unplaceable),
            "no_plan": sum(1 for r in rows if r.change_cost is None),
            "covered_within": {str(k): sum(1 for r in covered if r.changed <= k) for k in SUMMARY_KS},
            "proven": sum(1 for r in rows if r.proven), "from": start.isoformat()}


def summary_lines(rows: list[Row], start: dt.date) -> list[str]:
    facts = summary(rows, start)
    counts = "，".join(msg.SUMMARY_K_ITEM.format(k=k, n=n) for k, n in facts["covered_within"].items())
    lines = [msg.SUMMARY_TEACHERS.format(count=facts["teachers"], start=start, spof=facts["single_points"])]
    if facts["no_plan"]:
        lines.append(msg.SUMMARY_NO_PLAN.format(count=facts["no_plan"]))
    return [*lines,
            msg.SUMMARY_K.format(counts=counts),
            msg.SUMMARY_PROVEN.format(proven=facts["proven"], count=facts["teachers"])]


def as_csv(rows: list[Row]) -> bytes:
    """UTF-8 with a BOM, so that Excel and WPS open the Chinese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(msg.CSV_HEADERS)
    for r in rows:
        reasons = "；".join(f"{u.session}：{u.reason}" for u in r.unplaceable) or "；".join(r.notes)
        writer.writerow([_cell(r.teacher), _cell(r.name), len(r.lost), len(r.unplaceable), _cell(reasons),
                         r.changed if r.change_cost is not None else "", _blank(r.change_cost),
                         _blank(r.change_bound), msg.PROVEN if r.proven else msg.NOT_PROVEN,
                         _cell("、".join(r.classes)), msg.STATUS.get(r.status, r.status)])
    return buffer.getvalue().encode("utf-8-sig")


def as_json(instance: Instance, plan_path: str, rows: list[Row], start: dt.date) -> bytes:
    data = {"instance": instance.name, "plan": plan_path, "summary": summary(rows, start),
            "rows": [r.dump() for r in rows]}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _classes(instance: Instance, class_ids: list[str]) -> str:
    if not class_ids:
        return ""
    first = instance.term_class(class_ids[0]).name
    return first if len(class_ids) == 1 else msg.CLASSES_AND_MORE.format(first=first, count=len(class_ids))


def _or_none(value) -> object:
    return msg.NONE if value is None else value


def _blank(value) -> object:
    return "" if value is None else value


def _cell(value: str) -> str:
    return "'" + value if value[:1] in FORMULA_STARTS else value
