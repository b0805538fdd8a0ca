"""`scheduler report`: the static HTML site (valid, escaped, deterministic, linked, whole)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tomllib
from fnmatch import fnmatch
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
import pytest
import yaml
from click.testing import CliRunner

from scheduler.cli import main
from scheduler.domain import load_instance, load_plan
from scheduler.html import overview
from scheduler.html.links import page_files
from scheduler.whatif.diff import diff_plans

ROOT = Path(__file__).resolve().parents[1]
QINGXU = ROOT / "instances" / "qingxu-2023-spring.yaml"
BASELINE = ROOT / "tests" / "data" / "baselines" / "qingxu-2023-spring.json"
REPLANNED = ROOT / "tests" / "data" / "baselines" / "qingxu-2023-spring-r2.json"  # the change file replayed
HREF = re.compile(r'(?:href|src)="([^"]*)"')


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def report(instance: Path, plan: Path, out: Path) -> Path:
    result = run("report", instance, plan, "-o", out)
    assert result.exit_code == 0, result.output
    return out


@lru_cache(maxsize=None)
def _built(plan: Path, folder: str) -> Path:
    return report(QINGXU, plan, Path(folder) / plan.stem)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return _built(BASELINE, str(tmp_path_factory.mktemp("site")))


@pytest.fixture(scope="module")
def replanned_site(tmp_path_factory) -> Path:
    return _built(REPLANNED, str(tmp_path_factory.mktemp("site")))


def pages(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.html"))


def test_templates_and_stylesheet_are_package_data():
    package = resources.files("scheduler.html")
    for name in ("templates/base.html", "templates/index.html", "templates/entity.html",
                 "templates/changes.html", "templates/_macros.html", "static/report.css"):
        assert package.joinpath(name).is_file(), name
    # A wheel carries exactly what pyproject names: every template and static file must match.
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    folder = ROOT / "scheduler" / "html"
    for path in [*folder.glob("templates/*"), *folder.glob("static/*")]:
        relative = path.relative_to(folder).as_posix()
        assert any(fnmatch(relative, p) for p in patterns["scheduler.html"]), relative


def test_one_page_per_record_and_the_stylesheet(site):
    instance = load_instance(QINGXU)
    names = {p.name for p in site.iterdir()}
    expected = set(page_files(instance).values()) | {"index.html", "report.css"}
    assert names == expected
    assert "changes.html" not in names  # a first plan has nothing changed


def test_default_directory_is_beside_the_plan(tmp_path):
    plan = tmp_path / "plan.json"
    shutil.copy(BASELINE, plan)
    result = run("report", QINGXU, plan)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "plan-report" / "index.html").is_file()


@pytest.mark.parametrize("which", ["site", "replanned_site"])
def test_every_page_parses_without_html5_errors(which, request):
    folder = request.getfixturevalue(which)
    for page in pages(folder):
        parser = html5lib.HTMLParser(namespaceHTMLElements=False)
        document = parser.parse(page.read_bytes())
        assert not parser.errors, (page.name, parser.errors[:3])
        assert document.get("lang") == "zh-CN"
        assert document.find("head/meta[@charset='utf-8']") is not None
        for table in document.iter("table"):
            assert table.find(".//th") is not None, page.name  # header cells, for readers and printing


@pytest.mark.parametrize("which", ["site", "replanned_site"])
def test_links_resolve_and_nothing_comes_from_the_network(which, request):
    folder = request.getfixturevalue(which)
    for page in pages(folder):
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text
        for target in HREF.findall(text):
            parts = urlsplit(target)
            assert not parts.scheme and not parts.netloc, (page.name, target)
            assert (folder / unquote(parts.path)).is_file(), (page.name, target)


def test_same_plan_same_bytes(tmp_path, replanned_site):
    again = report(QINGXU, REPLANNED, tmp_path / "again")
    first = {p.name: p.read_bytes() for p in replanned_site.iterdir()}
    second = {p.name: p.read_bytes() for p in again.iterdir()}
    assert first == second


NASTY = '<b>王"强\'&amp;</b>'


def test_names_from_user_files_are_escaped(tmp_path):
    data = yaml.safe_load(QINGXU.read_text(encoding="utf-8"))
    data["teachers"][0]["name"] = NASTY
    data["classes"][0]["name"] = "<script>alert(1)</script>班"
    data["venues"][0]["name"] = "教室 & <i>"
    data["sites"][0]["name"] = '"党校"<'
    instance_path = tmp_path / "nasty.yaml"
    instance_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    plan = load_plan(BASELINE)
    plan.sessions[0].title = "<img src=x onerror=alert(1)>课"
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(plan.model_dump_json(), encoding="utf-8")
    folder = report(instance_path, plan_path, tmp_path / "out")
    seen = set()
    for page in pages(folder):
        raw = page.read_text(encoding="utf-8")
        assert "<script" not in raw and "<img" not in raw and "<b>" not in raw and "<i>" not in raw
        parser = html5lib.HTMLParser(namespaceHTMLElements=False)
        text = "".join(parser.parse(raw).itertext())
        assert not parser.errors, page.name
        seen |= {name for name in (NASTY, "<script>alert(1)</script>班", "教室 & <i>", '"党校"<',
                                   "<img src=x onerror=alert(1)>课") if name in text}
    assert len(seen) == 5  # each name is shown, as text


def test_file_names_are_safe_for_any_id():
    instance = load_instance(QINGXU)
    long_id = "长" * 64
    teachers = [instance.teachers[0].model_copy(update={"id": i}) for i in ("Wang", "wang", "王.老师", long_id, "CON")]
    files = page_files(instance.model_copy(update={"teachers": teachers}))
    names = [files[("teacher", t.id)] for t in teachers]
    assert len({n.casefold() for n in names}) == len(names)
    assert all(len(n.encode("utf-8")) <= 180 and n.endswith(".html") and "/" not in n for n in names)
    assert names[4] == "teacher-CON.html"


def test_a_directory_that_is_not_a_report_is_refused(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    result = run("report", QINGXU, BASELINE, "-o", out)
    assert result.exit_code == 2
    assert "不是空目录" in result.output
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_a_report_is_replaced_whole(tmp_path):
    out = report(QINGXU, REPLANNED, tmp_path / "out")
    assert (out / "changes.html").is_file()
    report(QINGXU, BASELINE, out)
    assert not (out / "changes.html").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging directory left beside it


def test_a_plan_naming_an_unknown_teacher_is_bad_input(tmp_path):
    plan = load_plan(BASELINE)
    plan.sessions[0].teachers = ["nobody-here"]
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(plan.model_dump_json(), encoding="utf-8")
    result = run("report", QINGXU, plan_path, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "nobody-here" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_class_page_has_one_grid_per_week_days_across_blocks_down(site):
    instance, plan = load_instance(QINGXU), load_plan(BASELINE)
    class_id = "qingyuan-2023-4n"
    sessions = [s for s in plan.sessions if class_id in s.classes]
    weeks = {s.date - dt.timedelta(days=s.date.weekday()) for s in sessions}
    page = (site / page_files(instance)[("class", class_id)]).read_text(encoding="utf-8")
    assert page.count('<section class="week">') == len(weeks)
    assert page.count('<div class="session') >= len(sessions)
    for s in sessions:
        assert s.title in page
    assert "周一" in page and "上午" in page


def test_index_shows_counts_penalties_and_four_plus_n(site):
    instance, plan = load_instance(QINGXU), load_plan(BASELINE)
    index = (site / "index.html").read_text(encoding="utf-8")
    for line in overview.penalties(instance, plan):
        assert line.rule in index
    for c in instance.classes:
        if c.four_plus_n:
            assert page_files(instance)[("class", c.id)] in index
    counted = sum(n for month in overview.months(instance, plan) for week in month.weeks for day in week
                  for _, n in day.tiers)
    assert counted == len(plan.sessions)


def test_four_plus_n_coverage_names_a_missing_main_topic():
    instance, plan = load_instance(QINGXU), load_plan(BASELINE)
    four = next(c for c in instance.classes if c.four_plus_n)
    main = next(t for t in instance.topics if t.main)
    kept = [s for s in plan.sessions if not (four.id in s.classes and s.topic == main.id)]
    coverage = {c.class_id: c for c in overview.coverage(instance, plan.model_copy(update={"sessions": kept}))}
    assert coverage[four.id].missing == [main.name]
    assert all(not c.missing for c in overview.coverage(instance, plan))


def test_changes_page_lists_the_diff_and_grids_highlight_it(replanned_site):
    instance, before, after = load_instance(QINGXU), load_plan(BASELINE), load_plan(REPLANNED)
    diff = diff_plans(before, after)
    changes = (replanned_site / "changes.html").read_text(encoding="utf-8")
    for old, _ in diff.changed:
        assert old.id in changes
    names = {t.id: t.name for t in instance.teachers}
    for teacher in diff.teachers:
        assert names[teacher] in changes
    assert f"变动代价 {after.origin.change_cost}，下界 {after.origin.change_lower_bound}" in changes
    files = page_files(instance)
    for old, now in diff.changed:
        page = (replanned_site / files[("class", old.classes[0])]).read_text(encoding="utf-8")
        assert 'class="session changed' in page
    assert 'href="changes.html"' in (replanned_site / "index.html").read_text(encoding="utf-8")


def test_changes_page_without_its_baseline_says_so(tmp_path):
    plan = tmp_path / "alone-r2.json"
    shutil.copy(REPLANNED, plan)
    out = report(QINGXU, plan, tmp_path / "out")
    changes = (out / "changes.html").read_text(encoding="utf-8")
    assert "找不到基准计划 qingxu-2023-spring.json" in changes
    assert "变动代价 13，下界 13（已证明最少）" in changes
    assert 'class="session changed' not in (out / "index.html").read_text(encoding="utf-8")


def test_index_lists_unplaced_sessions_of_a_partial_plan(tmp_path):
    from scheduler.domain.plan import Unplaced

    plan = load_plan(REPLANNED)
    dropped = plan.sessions.pop()
    plan.status = "PARTIAL"
    plan.unplaced = [Unplaced(id=dropped.id, classes=dropped.classes, title=dropped.title, reason="<没有教师>")]
    plan_path = tmp_path / "partial.json"
    plan_path.write_text(plan.model_dump_json(), encoding="utf-8")
    shutil.copy(BASELINE, tmp_path / "qingxu-2023-spring.json")
    out = report(QINGXU, plan_path, tmp_path / "out")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "未安排的课次" in index and dropped.id in index and "&lt;没有教师&gt;" in index
    assert "未安排" in (out / "changes.html").read_text(encoding="utf-8")


def test_class_pages_and_the_index_show_the_policy_rules_as_validate_does(site):
    """The compliance rows of check/compliance.py (those `validate` prints): each class page lists
    its rules in force, the index lists every rule a class misses."""
    from scheduler.check.compliance import compliance
    from scheduler.check.context import CheckContext

    instance = load_instance(QINGXU)
    rows = compliance(CheckContext(instance, load_plan(BASELINE)))
    assert rows, "qingxu states policy rules"
    files = page_files(instance)
    for row in rows[:20]:
        page = (site / files[("class", row.class_id)]).read_text(encoding="utf-8")
        assert "政策规则达标情况" in page and row.required in page and row.planned in page
    index = (site / "index.html").read_text(encoding="utf-8")
    unmet = [row for row in rows if not row.met]
    assert ("未达标" in index) == bool(unmet) and "政策规则达标情况" in index
