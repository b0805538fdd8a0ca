"""The plan workbook assembled: which sheets, in which order, and its bytes.

The bytes are the same for the same plan: the document's dates are fixed and the zip's
entries carry one fixed time, so that a re-export of an unchanged plan changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from scheduler.domain import Instance, Penalty, Plan
from scheduler.plansheet import messages as m
from scheduler.plansheet.changes import Replan, write_changes
from scheduler.plansheet.coverage import write_coverage
from scheduler.plansheet.grids import class_sessions, write_grid
from scheduler.plansheet.labels import Labels
from scheduler.plansheet.names import sheet_names
from scheduler.plansheet.overview import write_overview
from scheduler.plansheet.penalties import write_penalties
from scheduler.plansheet.teachers import write_teacher_sessions, write_workload
from scheduler.plansheet.venues import write_venue_use

FIXED_TIME = dt.datetime(2000, 1, 1)
ZIP_TIME = (2000, 1, 1, 0, 0, 0)


@dataclass
class PlanBook:
    """The workbook's bytes and what it holds, for the command's summary."""

    data: bytes
    sheets: list[str] = field(default_factory=list)
    class_sheets: dict[str, str] = field(default_factory=dict)  # class id -> its sheet


def workbook_bytes(instance: Instance, plan: Plan, penalties: list[Penalty], replan: Replan | None = None
                   ) -> PlanBook:
    """The plan as a workbook. `penalties` are the checker's; `replan` is given for a plan
    with an origin."""
    labels = Labels(instance)
    book = Workbook()
    sheet = book.active
    sheet.title = m.OVERVIEW
    write_overview(sheet, labels, plan)
    if plan.origin is not None:
        write_changes(book.create_sheet(m.CHANGES), labels, plan, replan or Replan(None))
    write_teacher_sessions(book.create_sheet(m.TEACHER_SESSIONS), labels, plan)
    write_workload(book.create_sheet(m.WORKLOAD), labels, plan)
    write_venue_use(book.create_sheet(m.VENUE_USE), labels, plan)
    write_coverage(book.create_sheet(m.COVERAGE), labels, plan)
    write_penalties(book.create_sheet(m.PENALTIES), plan, penalties)
    sessions = class_sessions(plan)
    classes = [c for c in instance.classes if sessions.get(c.id)]
    names = sheet_names([c.name for c in classes], book.sheetnames)
    for term_class, name in zip(classes, names):
        write_grid(book.create_sheet(name), labels, term_class, sessions[term_class.id])
    book.properties.creator = "scheduler"
    book.properties.created = book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()  # save() would stamp "now"
    return PlanBook(_fixed_zip(buffer.getvalue()), book.sheetnames,
                    {c.id: name for c, name in zip(classes, names)})


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry dated ZIP_TIME (the writer stamps the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
