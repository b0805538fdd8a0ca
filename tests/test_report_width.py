"""`scheduler show` fits a 120-column terminal: long cells abbreviated with …, no column dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli import main
from scheduler.report.width import clip, display_width, fit_rows

ROOT = Path(__file__).parent.parent
PLANS = ROOT / "tests" / "data" / "baselines"  # stored plans: solutions/ is the user's to overwrite
BUNDLED = ("qingxu-2023-spring", "jiaocheng-2022")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("name", BUNDLED)
@pytest.mark.parametrize("by", ["class", "teacher", "venue", "day"])
def test_show_fits_120_columns_for_every_by_on_both_bundled_instances(name, by):
    result = run("show", ROOT / "instances" / f"{name}.yaml", PLANS / f"{name}.json", "--by", by)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) > 10
    assert max(display_width(line) for line in lines) <= 120


def test_a_narrower_width_is_honoured_and_headers_stay_whole():
    result = run("show", ROOT / "instances" / "jiaocheng-2022.yaml", PLANS / "jiaocheng-2022.json",
                 "--by", "day", "--width", "90")
    assert result.exit_code == 0, result.output
    assert max(display_width(line) for line in result.stdout.splitlines()) <= 90
    assert "时间         学校" in result.stdout and "场地" in result.stdout


def test_clip_counts_chinese_characters_as_two_columns():
    assert clip("abcdef", 6) == "abcdef"
    assert clip("abcdef", 4) == "abc…"
    assert clip("中共交城县委党校", 9) == "中共交城…"
    assert display_width(clip("中共交城县委党校", 9)) <= 9


def test_fit_rows_cuts_only_the_widest_columns_and_keeps_every_column():
    rows = [["2023-04-18", "短", "很长" * 40], ["2023-04-19", "短", "也很长" * 30]]
    fitted = fit_rows(rows, ["日期", "教师", "课程"], 60)
    assert [len(r) for r in fitted] == [3, 3]
    assert [r[:2] for r in fitted] == [r[:2] for r in rows]  # the short columns are whole
    assert all(r[2].endswith("…") and rows[i][2].startswith(r[2][:-1]) for i, r in enumerate(fitted))
    assert sum(display_width(c) for c in fitted[0]) + 4 <= 60
