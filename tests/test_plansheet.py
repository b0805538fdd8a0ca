"""`scheduler export-xlsx`: the plan as a workbook.

Every workbook is written by openpyxl and read back here by python-calamine (a second,
independent reader), cell by cell where it matters: a session's row in 总表, a grid cell, a
workload count, the penalties, a replan's changes. Print settings are read with openpyxl
(calamine reads values only). Where LibreOffice is installed a workbook is converted to PDF.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from scheduler.check import score_plan
from scheduler.cli import main
from scheduler.domain import load_instance, load_plan
from scheduler.plansheet import messages as m
from scheduler.plansheet.names import MAX_LENGTH, sheet_names
from scheduler.whatif.diff import diff_plans

ROOT = Path(__file__).parent.parent
QINGXU = ROOT / "instances" / "qingxu-2023-spring.yaml"
QINGXU_PLAN = ROOT / "tests" / "data" / "baselines" / "qingxu-2023-spring.json"
JIAOCHENG = ROOT / "instances" / "jiaocheng-2022.yaml"
JIAOCHENG_PLAN = ROOT / "tests" / "data" / "baselines" / "jiaocheng-2022.json"
CHANGES = ROOT / "instances" / "changes" / "qingxu-2023-04.yaml"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def rows(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def records(path: Path, sheet: str, header_row: int = 0) -> list[dict]:
    table = rows(path, sheet)
    return [dict(zip(table[header_row], row)) for row in table[header_row + 1:]]


@pytest.fixture(scope="module")
def qingxu_book(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("book") / "排课结果.xlsx"
    result = run("export-xlsx", QINGXU, QINGXU_PLAN, "-o", out)
    assert result.exit_code == 0, result.output
    assert "已写入" in result.output
    return out


@pytest.fixture(scope="module")
def replanned(tmp_path_factory) -> tuple[Path, Path]:
    """A replan of qingxu under the bundled change file (one worker, a short limit) and its
    workbook."""
    folder = tmp_path_factory.mktemp("replan")
    baseline = folder / "qingxu-2023-spring.json"
    shutil.copyfile(QINGXU_PLAN, baseline)
    plan = folder / "r2.json"
    result = run("whatif", QINGXU, "--baseline", baseline, "--changes", CHANGES, "-o", plan,
                 "--workers", "1", "--seed", "0", "--time-limit", "2", "--quiet")
    assert result.exit_code in (0, 1), result.output
    book = folder / "r2.xlsx"
    exported = run("export-xlsx", QINGXU, plan, "-o", book)
    assert exported.exit_code == 0, exported.output
    return plan, book


# --- 总表 ---------------------------------------------------------------------------------------

def test_the_overview_has_one_row_per_session_with_a_real_date_sorted_by_date_and_time(qingxu_book):
    plan = load_plan(QINGXU_PLAN)
    found = records(qingxu_book, m.OVERVIEW)
    assert len(found) == len(plan.sessions)
    assert list(found[0]) == list(m.OVERVIEW_HEADERS)
    when = [(r["日期"], r["起止时间"][:5]) for r in found]
    assert when == sorted(when)
    row = next(r for r in found if r["课次编号"] == "qx-2023-zhuti/kaiban/1")
    assert row == {"班次": "2023年春季乡科级干部进修班", "日期": dt.date(2023, 3, 14), "星期": "周二",
                   "时段": "上午", "起止时间": "08:30–11:30", "专题": "开班式、入学教育与结业式",
                   "课题": "开班式暨入学教育", "授课方式": "讲授", "教师": "郝书记（县委副书记、党校校长）",
                   "场地": "县委党校报告厅",
                   "教学点": "中共清徐县委党校", "乡镇": "清源镇", "课次编号": "qx-2023-zhuti/kaiban/1"}


def test_the_overview_is_filterable_with_its_header_frozen(qingxu_book):
    sheet = openpyxl.load_workbook(qingxu_book)[m.OVERVIEW]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:M{sheet.max_row}"


# --- per class ----------------------------------------------------------------------------------

def test_each_class_has_a_grid_of_dates_down_and_blocks_across(qingxu_book):
    grid = rows(qingxu_book, "2023年春季乡科级干部进修班")
    assert grid[0][0].startswith("2023年春季乡科级干部进修班 课程表")
    assert grid[1][:4] == ["日期", "星期", "上午\n08:30–11:30", "下午\n14:30–17:30"]
    first_day = next(r for r in grid if r[0] == dt.date(2023, 3, 14))
    assert first_day[1] == "周二"
    assert first_day[2].split("\n") == ["开班式暨入学教育", "郝书记（县委副书记、党校校长）", "县委党校报告厅"]
    plan = load_plan(QINGXU_PLAN)
    days = sorted({s.date for s in plan.sessions if "qx-2023-zhuti" in s.classes})
    assert [r[0] for r in grid[2:]] == days


def test_a_joint_session_shows_in_every_class_attending_it(qingxu_book):
    plan = load_plan(QINGXU_PLAN)
    instance = load_instance(QINGXU)
    joint = next(s for s in plan.sessions if len(s.classes) > 1)
    for class_id in joint.classes:
        grid = rows(qingxu_book, instance.term_class(class_id).name)
        day = next(r for r in grid if r[0] == joint.date)
        assert any(isinstance(c, str) and c.startswith(joint.title) for c in day[2:])


def test_class_sheets_print_on_a4_landscape_one_page_wide_with_their_header_on_each_page(qingxu_book):
    book = openpyxl.load_workbook(qingxu_book)
    instance = load_instance(QINGXU)
    for term_class in instance.classes:
        sheet = book[term_class.name]
        assert sheet.page_setup.orientation == "landscape"
        assert str(sheet.page_setup.paperSize) == "9"  # A4
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$2"


# --- teachers -----------------------------------------------------------------------------------

def test_teacher_sessions_list_each_teacher_once_per_session(qingxu_book):
    plan = load_plan(QINGXU_PLAN)
    found = records(qingxu_book, m.TEACHER_SESSIONS)
    assert len(found) == sum(len(s.teachers) for s in plan.sessions)
    zhang = [r for r in found if r["教师"] == "张晓梅"]
    assert len(zhang) == sum("qx-zz-zhang" in s.teachers for s in plan.sessions)
    assert all(r["类别"] == "专职教师" for r in zhang)


def test_workload_counts_sessions_and_class_hours_per_month_tier_and_kind(qingxu_book):
    plan = load_plan(QINGXU_PLAN)
    instance = load_instance(QINGXU)
    table = rows(qingxu_book, m.WORKLOAD)
    groups = [g for g in table[0][3:] if g]
    assert groups[-4:] == ["县委党校", "乡镇党校", "农民夜校", "全学期"]
    assert table[1][3:5] == ["次数", "课时"]
    by_name = {r[0]: r for r in table[2:]}
    for teacher in instance.teachers:
        mine = [s for s in plan.sessions if teacher.id in s.teachers]
        row = by_name[teacher.name]
        minutes = sum(_minutes(s) for s in mine)
        assert row[-2:] == [len(mine), round(minutes / 45, 1)], teacher.name
        april = groups.index("2023年4月")
        assert row[3 + 2 * april] == sum(s.date.month == 4 for s in mine)
        county = groups.index("县委党校")
        assert row[3 + 2 * county] == sum(instance.site(s.site).tier == "county" for s in mine)
    total = next(r for r in table if r[0] == m.TOTAL)
    assert total[-2] == sum(len(s.teachers) for s in plan.sessions)
    fulltime = next(r for r in table if r[0] == m.SUBTOTAL.format(kind="专职教师"))
    assert fulltime[-2] == sum(1 for s in plan.sessions for t in s.teachers
                               if instance.teacher(t).kind == "fulltime")


def _minutes(session) -> int:
    start, end = (dt.datetime.strptime(t, "%H:%M") for t in (session.start, session.end))
    return int((end - start).total_seconds() // 60)


# --- venues, 4+N, penalties ---------------------------------------------------------------------

def test_venue_use_counts_sessions_and_shows_idle_venues(qingxu_book):
    plan = load_plan(QINGXU_PLAN)
    instance = load_instance(QINGXU)
    found = {r["场地"]: r for r in records(qingxu_book, m.VENUE_USE)}
    assert len(found) >= len(instance.venues)
    used = Counter(s.venue for s in plan.sessions)
    for venue in instance.venues:
        assert found[venue.name]["次数"] == used.get(venue.id, 0)
    hall = found["县委党校报告厅"]
    assert hall["天数"] == len({s.date for s in plan.sessions if s.venue == "qx-baogaoting"})


def test_coverage_counts_each_main_topic_per_class_joint_sessions_included(qingxu_book):
    plan = load_plan(QINGXU_PLAN)
    instance = load_instance(QINGXU)
    found = {r["班次"]: r for r in records(qingxu_book, m.COVERAGE)}
    main = [t for t in instance.topics if t.main]
    for term_class in instance.classes:
        row = found[term_class.name]
        attended = Counter(s.topic for s in plan.sessions if term_class.id in s.classes)
        assert [row[t.name] for t in main] == [attended.get(t.id, 0) for t in main]
        assert row["专题课次数"] == sum(n for t, n in attended.items() if t not in {x.id for x in main})
        if term_class.four_plus_n:
            assert row["4+N 班"] == "是" and row["四大主题"] == "齐全"


def test_penalties_are_the_checkers_with_the_worst_cases_by_name(qingxu_book):
    plan = load_plan(QINGXU_PLAN)
    penalties = score_plan(load_instance(QINGXU), plan)
    table = rows(qingxu_book, m.PENALTIES)
    assert table[0] == list(m.PENALTY_HEADERS)
    by_rule = {r[1]: r for r in table[1:] if r[1]}
    for p in penalties:
        assert by_rule[p.rule][2:5] == [p.weight, p.violations, p.penalty]
        assert by_rule[p.rule][5].split("\n") == (p.worst or [""])
    total = next(r for r in table if r[0] == m.TOTAL)
    assert total[4] == sum(p.penalty for p in penalties) == plan.objective


# --- a replanned plan ---------------------------------------------------------------------------

def test_a_replanned_plan_lists_every_changed_session_and_who_must_be_told(replanned):
    plan_path, book = replanned
    plan = load_plan(plan_path)
    baseline = load_plan(plan_path.parent / "qingxu-2023-spring.json")
    diff = diff_plans(baseline, plan)
    assert diff.changed  # the change file moves sessions
    table = rows(book, m.CHANGES)
    assert CalamineWorkbook.from_path(str(book)).sheet_names[1] == m.CHANGES
    head = table.index(list(m.CHANGES_HEADERS))
    changed = {r[0]: r for r in table[head + 1:] if r[0] and r[0] != m.NOTIFY_TITLE and "/" in r[0]}
    assert set(changed) == {old.id for old, _ in diff.changed}
    old, now = diff.changed[0]
    assert changed[old.id][3] == old.date
    assert changed[old.id][4] == (now.date if now else m.CHANGES_UNPLACED)
    told = table.index(list(m.NOTIFY_HEADERS) + [""] * (len(table[0]) - len(m.NOTIFY_HEADERS)))
    teachers = {r[2] for r in table[told + 1:] if r[0] == m.NOTIFY_TEACHER}
    assert teachers == diff.teachers
    classes = {r[2] for r in table[told + 1:] if r[0] == m.NOTIFY_CLASS}
    assert classes == set(diff.classes_moved) | set(diff.classes_unplaced)


def test_without_its_baseline_a_replan_lists_its_new_sessions_and_says_why(replanned, tmp_path):
    plan_path, _ = replanned
    data = json.loads(plan_path.read_text(encoding="utf-8"))
    data["origin"]["baseline"] = "missing.json"
    alone = tmp_path / "r2.json"
    alone.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "r2.xlsx"
    result = run("export-xlsx", QINGXU, alone, "-o", out)
    assert result.exit_code == 0, result.output
    table = rows(out, m.CHANGES)
    assert any(str(r[0]).startswith("找不到可对照的基准计划") for r in table)
    plan = load_plan(alone)
    head = table.index(list(m.NEW_ONLY_HEADERS) + [""] * (len(table[0]) - len(m.NEW_ONLY_HEADERS)))
    listed = {r[0] for r in table[head + 1:]}
    assert listed == {s.id for s in plan.sessions if s.revision == plan.revision}


def test_a_refused_replan_says_when_its_recorded_changes_were_not_honoured(replanned, tmp_path):
    plan_path, _ = replanned
    data = json.loads(plan_path.read_text(encoding="utf-8"))
    data["origin"]["baseline"] = "missing.json"
    data["sessions"][0]["date"] = "2023-06-30"
    broken = tmp_path / "r2.json"
    broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("export-xlsx", QINGXU, broken, "-o", tmp_path / "r2.xlsx")
    assert result.exit_code == 1, result.output
    assert "计划记录的变动未被采用" in result.output and "missing.json" in result.output
    assert not (tmp_path / "r2.xlsx").exists()


def test_a_plan_without_origin_has_no_changes_sheet(qingxu_book):
    assert m.CHANGES not in CalamineWorkbook.from_path(str(qingxu_book)).sheet_names


# --- sheet names --------------------------------------------------------------------------------

def test_sheet_names_are_cut_cleaned_and_kept_distinct():
    long = "某某县" + "很长的班次名称" * 6
    names = sheet_names([long + "一", long + "二", "a/b:c*d?[e]\\f", "'引号'", "总表", "HISTORY", "Abc", "ABC"],
                        ["总表"])
    assert all(len(n) <= MAX_LENGTH for n in names)
    assert not any(ch in n for n in names for ch in "[]:*?/\\")
    assert len({n.casefold() for n in names} | {"总表"}) == len(names) + 1
    assert names[0] == long[:MAX_LENGTH] and names[1] != names[0]
    assert names[2] == "a_b_c_d__e__f" and names[3] == "引号"


def test_classes_whose_names_meet_once_cut_get_sheets_of_their_own(tmp_path):
    data = yaml.safe_load(QINGXU.read_text(encoding="utf-8"))
    prefix = "清徐县二〇二三年春季学期中青年干部能力提升暨乡村振兴与基层治理专题"  # > 31 characters
    assert len(prefix) > MAX_LENGTH
    data["classes"][0]["name"] = prefix + "一班"
    data["classes"][1]["name"] = prefix + "二班"
    data["classes"][2]["name"] = "发展对象/入党积极分子[春季]"
    instance_path = tmp_path / "qingxu-2023-spring.yaml"
    instance_path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out.xlsx"
    result = run("export-xlsx", instance_path, QINGXU_PLAN, "-o", out)
    assert result.exit_code == 0, result.output
    names = CalamineWorkbook.from_path(str(out)).sheet_names
    cut = [n for n in names if n.startswith(prefix[:20])]
    assert len(cut) == 2 and len(set(cut)) == 2 and all(len(n) <= MAX_LENGTH for n in cut)
    assert "发展对象_入党积极分子_春季_" in names
    for name in cut:
        assert rows(out, name)[0][0].startswith(prefix)  # each sheet is its own class's


def test_names_that_look_like_formulas_stay_text(tmp_path):
    data = yaml.safe_load(QINGXU.read_text(encoding="utf-8"))
    data["classes"][0]["name"] = "=1+2"
    teacher = data["teachers"][0]
    teacher["name"] = '=HYPERLINK("http://example.com","点我")'
    main_topic = next(t for t in data["topics"] if t.get("main"))
    main_topic["name"] = "=SUM(1,2)"
    instance_path = tmp_path / "qingxu-2023-spring.yaml"
    instance_path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out.xlsx"
    result = run("export-xlsx", instance_path, QINGXU_PLAN, "-o", out)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert not [c.coordinate for sheet in book for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    overview = records(out, m.OVERVIEW)
    assert any(r["班次"] == "=1+2" for r in overview)
    assert any(r["教师"] == teacher["name"] for r in overview)
    assert "=SUM(1,2)" in rows(out, m.COVERAGE)[0]
    assert rows(out, "=1+2")[0][0].startswith("=1+2 课程表")


# --- the command --------------------------------------------------------------------------------

def test_the_default_workbook_is_beside_the_plan_with_its_name(tmp_path):
    plan = tmp_path / "jiaocheng-2022.json"
    shutil.copyfile(JIAOCHENG_PLAN, plan)
    result = run("export-xlsx", JIAOCHENG, plan)
    assert result.exit_code == 0, result.output
    assert len(records(tmp_path / "jiaocheng-2022.xlsx", m.OVERVIEW)) == len(load_plan(plan).sessions)


def test_the_same_plan_gives_the_same_bytes(tmp_path, qingxu_book):
    again = tmp_path / "again.xlsx"
    assert run("export-xlsx", QINGXU, QINGXU_PLAN, "-o", again).exit_code == 0
    assert again.read_bytes() == qingxu_book.read_bytes()


def _broken_plan(tmp_path: Path, change) -> Path:
    data = json.loads(QINGXU_PLAN.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_plan_breaking_a_hard_rule_is_refused_and_nothing_written(tmp_path):
    def outside_its_class(data):
        data["sessions"][0]["date"] = "2023-06-30"

    out = tmp_path / "out.xlsx"
    result = run("export-xlsx", QINGXU, _broken_plan(tmp_path, outside_its_class), "-o", out)
    assert result.exit_code == 1, result.output
    assert m.PLAN_REFUSED in result.output and "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.parametrize("case", ["unknown_teacher", "other_instance", "not_xlsx", "output_is_directory",
                                  "missing_plan"])
def test_bad_input_exits_2_naming_it_and_writes_nothing(tmp_path, case):
    def unknown_teacher(data):
        data["sessions"][0]["teachers"] = ["nobody"]

    def other_instance(data):
        data["instance"] = "jiaocheng-2022"

    out = tmp_path / "out.xlsx"
    plan = QINGXU_PLAN
    if case in ("unknown_teacher", "other_instance"):
        plan = _broken_plan(tmp_path, {"unknown_teacher": unknown_teacher, "other_instance": other_instance}[case])
    elif case == "not_xlsx":
        out = tmp_path / "out.json"
    elif case == "output_is_directory":
        out.mkdir()
    elif case == "missing_plan":
        plan = tmp_path / "missing.json"
    result = run("export-xlsx", QINGXU, plan, "-o", out)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    expected = {"unknown_teacher": "nobody", "other_instance": "jiaocheng-2022", "not_xlsx": ".xlsx",
                "output_is_directory": str(out), "missing_plan": "missing.json"}[case]
    assert expected in result.output
    assert not out.is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_the_plan_file_is_never_overwritten(tmp_path):
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(QINGXU_PLAN.read_bytes())
    result = run("export-xlsx", QINGXU, plan, "-o", plan)
    assert result.exit_code == 2, result.output
    assert plan.read_bytes() == QINGXU_PLAN.read_bytes()


# --- LibreOffice --------------------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_the_workbook_to_pdf(tmp_path, replanned):
    _, book = replanned
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(book)],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    pdf = (tmp_path / "r2.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    boxes = [[float(n) for n in box.split()] for box in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", pdf)]
    assert boxes and all(round(w) == 842 and round(h) == 595 for _, _, w, h in boxes)  # A4 landscape
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= len(CalamineWorkbook.from_path(str(book)).sheet_names)  # each sheet printed
