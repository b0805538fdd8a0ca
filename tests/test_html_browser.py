"""The report in a real browser (headless Chromium): printed page counts and sizes, screenshots,
and no element wider than the printed page. Skips, saying why, where Chromium is missing."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli import main
from scheduler.domain import load_instance, load_plan
from scheduler.html.links import page_files
from tests import browser

pytestmark = pytest.mark.skipif(browser.chromium() is None, reason=browser.NO_CHROMIUM)

ROOT = Path(__file__).resolve().parents[1]
QINGXU = ROOT / "instances" / "qingxu-2023-spring.yaml"
PLAN = ROOT / "tests" / "data" / "baselines" / "qingxu-2023-spring-r2.json"
CLASS = "qingyuan-2023-4n"  # three weeks of sessions
A4 = (210, 297)  # mm
GRID_MARGIN, INDEX_MARGIN = 8, 12  # mm, the stylesheet's @page grid and @page margins
LANDSCAPE_BOX, PORTRAIT_BOX = (842, 595), (595, 842)  # points


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "report"
    result = CliRunner().invoke(main, ["report", str(QINGXU), str(PLAN), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def class_page(site: Path) -> Path:
    return site / page_files(load_instance(QINGXU))[("class", CLASS)]


def media_boxes(pdf: bytes) -> set[tuple[int, int]]:
    return {(round(float(w)), round(float(h)))
            for w, h in re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)}


def test_class_grid_prints_one_a4_landscape_page_per_week(site, tmp_path):
    sessions = [s for s in load_plan(PLAN).sessions if CLASS in s.classes]
    weeks = {s.date - dt.timedelta(days=s.date.weekday()) for s in sessions}
    pdf = browser.print_to_pdf(class_page(site), tmp_path / "class.pdf")
    assert browser.pdf_pages(pdf) == len(weeks) == 3
    assert media_boxes(pdf) == {LANDSCAPE_BOX}


def test_index_prints_on_a4_portrait(site, tmp_path):
    pdf = browser.print_to_pdf(site / "index.html", tmp_path / "index.pdf")
    assert browser.pdf_pages(pdf) >= 1
    assert media_boxes(pdf) == {PORTRAIT_BOX}


def test_no_element_is_wider_than_the_printed_page(site):
    short, long = A4
    wide, scroll = browser.wider_than_page(class_page(site), long - 2 * GRID_MARGIN, short - 2 * GRID_MARGIN)
    assert wide == [] and scroll <= round((long - 2 * GRID_MARGIN) * browser.CSS_PX_PER_MM)
    wide, _ = browser.wider_than_page(site / "index.html", short - 2 * INDEX_MARGIN, long - 2 * INDEX_MARGIN)
    assert wide == []
    wide, _ = browser.wider_than_page(site / "changes.html", short - 2 * INDEX_MARGIN, long - 2 * INDEX_MARGIN)
    assert wide == []


def test_the_width_check_finds_a_wide_element(tmp_path):
    page = tmp_path / "wide.html"
    page.write_text('<!DOCTYPE html><html lang="zh-CN"><body><div style="width:2000px">宽</div></body></html>',
                    encoding="utf-8")
    wide, scroll = browser.wider_than_page(page, 281, 194)
    assert wide == ["DIV 2008"] and scroll > 1062


def test_screenshots_of_the_index_and_a_class_page(site, tmp_path):
    for page in (site / "index.html", class_page(site)):
        png = browser.screenshot(page, tmp_path / f"{page.stem}.png")
        assert png.startswith(b"\x89PNG") and len(png) > 5000


def test_notices_print_one_a4_portrait_sheet_per_teacher_at_least_and_fit_the_page(tmp_path):
    """授课通知单 in the browser: every teacher's sheet starts a page, pages are A4 portrait, and
    nothing is wider than the printable width (the stylesheet's margins: 15 mm, 14 mm)."""
    out = tmp_path / "notices"
    result = CliRunner().invoke(main, ["notices", str(QINGXU), str(PLAN), "-o", str(out)])
    assert result.exit_code == 0, result.output
    teachers = {t for s in load_plan(PLAN).sessions for t in s.teachers}
    pdf = browser.print_to_pdf(out / "授课通知单.html", tmp_path / "notices.pdf")
    assert browser.pdf_pages(pdf) >= len(teachers)
    assert media_boxes(pdf) == {PORTRAIT_BOX}
    short, long = A4
    wide, _ = browser.wider_than_page(out / "授课通知单.html", short - 2 * 14, long - 2 * 15)
    assert wide == []
