"""调整明细 (a replanned plan only): every changed session before → after, and who must be
told; the comparison is the what-if report's own (scheduler.whatif.diff)."""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import Plan, PlanSession
from scheduler.plansheet import messages as m
from scheduler.plansheet.labels import Labels, chronological, time_span
from scheduler.plansheet.style import TITLE_FONT, fit_columns, header, print_a4, put, table
from scheduler.whatif.diff import Diff, diff_plans


@dataclass
class Replan:
    """What the sheet needs of a replanned plan: its baseline when it can be trusted (else
    why not), and the recorded changes in the user's words."""

    baseline: Plan | None
    changes: list[str] = field(default_factory=list)
    refused: str | None = None


def write_changes(sheet: Worksheet, labels: Labels, plan: Plan, replan: Replan) -> None:
    origin = plan.origin
    assert origin is not None
    lines = [m.CHANGES_TITLE.format(revision=plan.revision, baseline=origin.baseline,
                                    baseline_revision=origin.baseline_revision, start=origin.fixed_before),
             *(m.CHANGES_CHANGE.format(change=c) for c in replan.changes)]
    if replan.baseline is None:
        lines.append(m.CHANGES_NO_BASELINE.format(reason=replan.refused))
    for row, line in enumerate(lines, start=1):
        put(sheet, row, 1, line)
    sheet.cell(row=1, column=1).font = TITLE_FONT
    first = len(lines) + 2
    if replan.baseline is None:
        new = [s for s in chronological(plan.sessions) if s.revision == plan.revision]
        table(sheet, m.NEW_ONLY_HEADERS, [_new_row(labels, s) for s in new], first_row=first)
    else:
        diff = diff_plans(replan.baseline, plan)
        last = table(sheet, m.CHANGES_HEADERS, [_changed_row(labels, diff, old, now) for old, now in diff.changed],
                     first_row=first)
        if not diff.changed:
            put(sheet, first + 1, 1, m.CHANGES_NONE)
        _people(sheet, labels, diff, last + 2)
        fit_columns(sheet, min_row=first)
    print_a4(sheet, title_rows=f"{first}:{first}")


def _changed_row(labels: Labels, diff: Diff, old: PlanSession, now: PlanSession | None) -> list:
    after = ([now.date, time_span(now), labels.teacher_list(now.teachers), labels.venue(now.venue)] if now
             else [m.CHANGES_UNPLACED, None, None, None])
    before = [old.date, time_span(old), labels.teacher_list(old.teachers), labels.venue(old.venue)]
    paired = [value for pair in zip(before, after) for value in pair]
    return [old.id, labels.class_list(old.classes), old.title, *paired, diff.reasons.get(old.id, "")]


def _new_row(labels: Labels, session: PlanSession) -> list:
    return [session.id, labels.class_list(session.classes), session.title, session.date, time_span(session),
            labels.teacher_list(session.teachers), labels.venue(session.venue)]


def notify_rows(labels: Labels, diff: Diff) -> list[list]:
    """Who must be told, as the what-if report counts them: teachers who lose, gain or move a
    session, and classes whose sessions moved or could not be placed."""
    rows = []
    for teacher in sorted(diff.teachers):
        parts, ids = [], set()
        for sessions, words in ((diff.teachers_lose, m.NOTIFY_LOSE), (diff.teachers_gain, m.NOTIFY_GAIN),
                                (diff.teachers_move, m.NOTIFY_MOVE)):
            if teacher in sessions:
                parts.append(words.format(count=len(sessions[teacher])))
                ids.update(sessions[teacher])
        rows.append([m.NOTIFY_TEACHER, labels.teachers.get(teacher, teacher), teacher, m.NOTIFY_JOIN.join(parts),
                     m.LIST_JOIN.join(sorted(ids))])
    for class_id in sorted(diff.classes_moved.keys() | diff.classes_unplaced.keys()):
        moved, unplaced = diff.classes_moved.get(class_id, []), diff.classes_unplaced.get(class_id, [])
        parts = ([m.NOTIFY_CLASS_MOVED.format(count=len(moved))] if moved else []) + \
                ([m.NOTIFY_CLASS_UNPLACED.format(count=len(unplaced))] if unplaced else [])
        rows.append([m.NOTIFY_CLASS, labels.classes.get(class_id, class_id), class_id, m.NOTIFY_JOIN.join(parts),
                     m.LIST_JOIN.join([*moved, *unplaced])])
    return rows


def _people(sheet: Worksheet, labels: Labels, diff: Diff, first: int) -> None:
    put(sheet, first, 1, m.NOTIFY_TITLE).font = TITLE_FONT
    header(sheet, first + 1, m.NOTIFY_HEADERS)
    for row, values in enumerate(notify_rows(labels, diff), start=first + 2):
        for column, value in enumerate(values, start=1):
            put(sheet, row, column, value)
