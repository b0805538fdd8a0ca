"""The plan as an Excel/WPS workbook (`scheduler export-xlsx`): one module per sheet family,
assembled by book.py."""

from scheduler.plansheet.book import PlanBook, workbook_bytes
from scheduler.plansheet.changes import Replan

__all__ = ["PlanBook", "Replan", "workbook_bytes"]
