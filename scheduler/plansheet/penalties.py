"""罚分: the soft rules' penalties as the independent checker scores the plan, with the worst
cases by name."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import Penalty, Plan
from scheduler.plansheet import messages as m
from scheduler.plansheet.style import TOTAL_FONT, WRAP, print_a4, put, table
from scheduler.rules import RULES

WORST_COLUMN = 6


def write_penalties(sheet: Worksheet, plan: Plan, penalties: list[Penalty]) -> None:
    rows = [[RULES[p.rule].name if p.rule in RULES else p.rule, p.rule, p.weight, p.violations, p.penalty,
             "\n".join(p.worst)] for p in penalties]
    rows.append([m.TOTAL, None, None, sum(p.violations for p in penalties), sum(p.penalty for p in penalties),
                 None])
    last = table(sheet, m.PENALTY_HEADERS, rows, filtered=False, widths={WORST_COLUMN: 90})
    for cell in sheet[last]:
        cell.font = TOTAL_FONT
    for row in sheet.iter_rows(min_row=2, max_row=last, min_col=WORST_COLUMN, max_col=WORST_COLUMN):
        row[0].alignment = WRAP
    put(sheet, last + 2, 1, m.PENALTY_RECORDED)
    put(sheet, last + 2, 5, plan.objective)
    put(sheet, last + 3, 1, m.PENALTY_STATUS)
    put(sheet, last + 3, 5, plan.status)
    print_a4(sheet, title_rows="1:1")
