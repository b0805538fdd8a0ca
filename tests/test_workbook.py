"""The instance as an Excel/WPS workbook: every field has a column, YAML → xlsx → YAML gives the
same instance, cells are read as people type them, the template is what a county officer needs,
and a solve from the workbook is the solve from the YAML."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import typing

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook
from pydantic import BaseModel
from test_property import instances as small_instances
from workbooks import BUNDLED, ROOT, bundled, cells, column, edited

from scheduler.cli import main
from scheduler.domain.instance import Instance
from scheduler.domain.loading import load_instance
from scheduler.generate import generate
from scheduler.workbook.cells import CellProblem, clock, day, day_range, items, known_items, weekday
from scheduler.workbook.columns import CHOICES, LISTS_SHEET, SHEETS
from scheduler.workbook.write import workbook_bytes


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# --- every field of the instance format has a column ---

def _models(model: type[BaseModel], seen: dict[str, type[BaseModel]]) -> None:
    seen[model.__name__] = model
    for info in model.model_fields.values():
        for inner in _types(info.annotation):
            if isinstance(inner, type) and issubclass(inner, BaseModel) and inner.__name__ not in seen:
                _models(inner, seen)


def _types(annotation) -> list:
    found = [annotation]
    for arg in typing.get_args(annotation):
        found += _types(arg)
    return found


def test_every_field_of_the_instance_format_has_a_column():
    """Walks the models from Instance: a field added later fails here until a column states it."""
    models: dict[str, type[BaseModel]] = {}
    _models(Instance, models)
    assert {"Term", "Holiday", "Site", "Block", "Teacher", "Obligation", "CurriculumItem", "TimeRule",
            "DateRange", "Blackout", "TravelTime"} <= set(models)
    covered = {cover for sheet in SHEETS for c in sheet.columns for cover in c.covers}
    sheets = {sheet.key for sheet in SHEETS}
    missing = [f"{name}.{field}" for name, model in models.items() for field in model.model_fields
               if f"{name}.{field}" not in covered and not (name == "Instance" and field in sheets)]
    assert not missing, f"fields with no column in the workbook: {missing}"


# --- round trips ---

@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_instances_round_trip_through_a_workbook(name, tmp_path):
    out, back = tmp_path / f"{name}.xlsx", tmp_path / f"{name}.yaml"
    assert run("convert", bundled(name), out).exit_code == 0
    assert run("convert", out, back).exit_code == 0
    original = load_instance(bundled(name))
    assert load_instance(out) == original
    assert load_instance(back) == original


def test_generated_s_round_trips(tmp_path):
    original = generate("S", 1)
    path = tmp_path / "s.xlsx"
    path.write_bytes(workbook_bytes(original))
    assert load_instance(path) == original


@settings(max_examples=12, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(small_instances())
def test_generated_instances_round_trip(tmp_path_factory, instance):
    path = tmp_path_factory.mktemp("round") / "x.xlsx"
    path.write_bytes(workbook_bytes(instance))
    assert load_instance(path) == instance


# --- cells as people type them ---

def test_names_holding_a_separator_stay_whole_in_a_list():
    names = {"高书记（县委副书记、党校校长）", "王建华", "开班式、入学教育与结业式"}.__contains__
    assert known_items("王建华、高书记（县委副书记、党校校长）,开班式、入学教育与结业式；张三", names) == [
        "王建华", "高书记（县委副书记、党校校长）", "开班式、入学教育与结业式", "张三"]


def test_lists_split_on_the_separators_people_type():
    assert items("党建实务、乡村振兴，政治理论,技能素养;党性锻炼；红色文化\n廉政 ") == [
        "党建实务", "乡村振兴", "政治理论", "技能素养", "党性锻炼", "红色文化", "廉政"]


@pytest.mark.parametrize("typed", [dt.date(2026, 11, 16), dt.datetime(2026, 11, 16), "2026-11-16", "2026/11/16",
                                   "2026.11.16", "2026年11月16日", " 2026-11-16 "])
def test_dates_as_people_type_them(typed):
    assert day(typed) == dt.date(2026, 11, 16)


@pytest.mark.parametrize("typed", ["8:30", "08:30", "8：30", dt.time(8, 30), dt.datetime(1899, 12, 30, 8, 30),
                                   8.5 / 24])
def test_times_as_people_type_them(typed):
    assert clock(typed) == "08:30"


@pytest.mark.parametrize("bad", ["2026-13-01", "2026-02-30", "下周一", "16/11/2026", 45000, True])
def test_other_dates_are_problems(bad):
    with pytest.raises(CellProblem, match="无法识别的日期"):
        day(bad)


@pytest.mark.parametrize("bad", ["25:00", "8.30", "八点半", "8:3", 1.5])
def test_other_times_are_problems(bad):
    with pytest.raises(CellProblem, match="无法识别的时间"):
        clock(bad)


def test_ranges_and_weekdays():
    assert day_range("2026-11-16至2026/11/20") == {"start": dt.date(2026, 11, 16), "end": dt.date(2026, 11, 20)}
    assert day_range("2026-11-16..2026-11-20")["end"] == dt.date(2026, 11, 20)
    assert [weekday(w) for w in ("周一", "星期三", "五", "周日", "周天", 6, "7")] == [1, 3, 5, 7, 7, 6, 7]


def test_ids_may_be_blank_and_are_derived_from_names(tmp_path):
    def blank_ids(book):
        for title in ("乡镇", "教师"):
            for row in book[title].iter_rows(min_row=2, max_col=1):
                row[0].value = None
        book["课程"]["B2"] = None  # a course's id: from its title

    instance = load_instance(bundled("jiaocheng-2022"))
    path = edited(instance, tmp_path / "ids.xlsx", blank_ids)
    read = load_instance(path)
    assert [t.id for t in read.townships] == [t.name for t in instance.townships]
    assert [t.name for t in read.teachers] == [t.name for t in instance.teachers]
    by_name = {t.name: t.id for t in read.teachers}
    assert read.classes[0].curriculum[0].teachers == [by_name[instance.teacher(t).name]
                                                      for t in instance.classes[0].curriculum[0].teachers]
    assert load_instance(path) == read  # deterministic
    kept = tmp_path / "kept.xlsx"
    assert run("convert", path, kept).exit_code == 0  # once written, the ids stay
    assert column(cells(kept)["教师"], "编号") == [t.id for t in read.teachers]


def test_cells_typed_by_hand_read_like_the_yaml(tmp_path):
    def typed(book):
        book["班次"]["E2"] = "2023年3月6日"
        book["班次"]["F2"] = "2023/3/10"
        book["时段"]["C2"] = "8：30"
        book["教师"]["E2"] = "政治理论，党建实务\n乡村振兴"

    instance = load_instance(bundled("qingxu-2023-spring"))
    read = load_instance(edited(instance, tmp_path / "typed.xlsx", typed))
    assert (read.classes[0].start, read.classes[0].end) == (dt.date(2023, 3, 6), dt.date(2023, 3, 10))
    assert read.sites[0].blocks[0].start == dt.time(8, 30)
    names = {t.id: t.name for t in read.topics}
    assert [names[t] for t in read.teachers[0].topics] == ["政治理论", "党建实务", "乡村振兴"]


# --- the template ---

def test_the_template_has_what_an_officer_needs(tmp_path):
    path = tmp_path / "t.xlsx"
    result = run("template", "-o", path)
    assert result.exit_code == 0, result.output
    book = load_workbook(path)
    assert book.sheetnames[0] == "说明"
    assert book.sheetnames[1:] == [s.title for s in SHEETS] + [LISTS_SHEET]
    assert book[LISTS_SHEET].sheet_state == "hidden"
    for sheet in SHEETS:
        ws = book[sheet.title]
        assert ws.freeze_panes == "A2"
        headers = [c.value for c in ws[1]]
        assert headers == [c.header for c in sheet.columns]
        assert all(c.comment is not None and c.comment.text for c in ws[1])
        validated = {str(r).split(":")[0].rstrip("0123456789") for v in ws.data_validations.dataValidation
                     for r in v.sqref.ranges}
        for index, col in enumerate(sheet.columns):
            letter = ws.cell(row=1, column=index + 1).column_letter
            assert ws.column_dimensions[letter].width >= 8
            if col.kind in ("choice", "bool", "ref"):
                assert letter in validated, f"{sheet.title}「{col.header}」has no drop-down"
    grid = cells(path)
    assert grid["说明"][0][0] == "排课表格说明"
    assert [row[0] for row in grid[LISTS_SHEET][1:4]] == list(CHOICES["tier"].values())


def test_the_example_fills_the_template_with_real_date_and_time_cells(tmp_path):
    path = tmp_path / "q.xlsx"
    assert run("template", "--example", "qingxu-2023-spring", "-o", path).exit_code == 0
    instance = load_instance(bundled("qingxu-2023-spring"))
    grid = cells(path)  # the second reader sees the cells the first wrote
    assert column(grid["教师"], "姓名") == [t.name for t in instance.teachers]
    assert column(grid["班次"], "开始日期") == [c.start for c in instance.classes]
    assert column(grid["时段"], "开始时间")[0] == dt.time(8, 30)
    assert column(grid["学期"], "开始日期") == [dt.date(2023, 3, 1)]
    topics = {t.id: t.name for t in instance.topics}
    assert column(grid["教师"], "可授专题")[0] == "、".join(topics[t] for t in instance.teachers[0].topics)
    assert column(grid["专题"], "四大主题课")[:2] == ["是", "是"]
    book = load_workbook(path)
    assert book["班次"]["E2"].is_date and book["班次"]["E2"].number_format == "yyyy-mm-dd"
    assert book["时段"]["C2"].number_format == "hh:mm"
    assert book["课程"].column_dimensions["D"].width > 20  # fitted to the titles
    assert run("template", "--example", "jiaocheng-2022", "-o", tmp_path / "j.xlsx").exit_code == 0
    assert load_instance(tmp_path / "j.xlsx") == load_instance(bundled("jiaocheng-2022"))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("example", [(), ("--example", "jiaocheng-2022")])
def test_libreoffice_opens_the_workbook(tmp_path, example):
    path = tmp_path / "q.xlsx"
    assert run("template", *example, "-o", path).exit_code == 0
    done = subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                          capture_output=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "q.pdf").read_bytes().startswith(b"%PDF")


# --- the same solve ---

def test_a_solve_from_the_workbook_is_the_solve_from_the_yaml(tmp_path):
    """The template of the bundled county, solved one-worker with seed 0 at the deterministic
    budget of the stored plan (tests/test_repeatable_plans.py), gives that plan exactly."""
    from scheduler.expand import expand
    from scheduler.solve import SolveOptions, solve_expansion, to_plan

    path = tmp_path / "x.xlsx"
    assert run("template", "--example", "qingxu-2023-spring", "-o", path).exit_code == 0
    expansion = expand(load_instance(path))
    # The wall clock only as a far backstop: on a loaded machine the budget still ends the run.
    result = solve_expansion(expansion, SolveOptions(time_limit=2.0, workers=1, seed=0, wall_limit=300))
    assert result.has_plan and not result.stats.wall_cut
    plan = json.loads(to_plan(expansion, result).model_dump_json())
    stored = json.loads((ROOT / "tests" / "data" / "plans" / "qingxu-2023-spring-seed0.json").read_text("utf-8"))
    assert plan["objective"] == stored["objective"]
    plan.pop("solve_seconds")
    assert plan == stored


def test_every_instance_command_takes_a_workbook(tmp_path):
    path = tmp_path / "tiny.xlsx"
    path.write_bytes(workbook_bytes(load_instance(ROOT / "tests" / "data" / "tiny.yaml")))
    out = tmp_path / "tiny.json"
    solved = run("solve", path, "-o", out, "--workers", "1", "--seed", "0", "--time-limit", "5", "--quiet")
    assert solved.exit_code == 0, solved.output
    for args in (("check", path), ("validate", path, out), ("show", path, out),
                 ("export-ics", path, out, "-o", tmp_path / "ics")):
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)


def _every_field() -> Instance:
    """An instance stating every field of the format with a value other than its default."""
    import copy

    from builders import BASE

    data = copy.deepcopy(BASE)
    data["term"].update(timezone="Asia/Urumqi", holiday_source="none", workdays=["2024-03-09", "2024-03-10"],
                        holidays=[{"dates": "2024-03-05", "name": "校庆"}, {"dates": "2024-03-06..2024-03-07"}])
    data["townships"].append({"id": "dy", "name": "东于镇"})
    data["sites"][0].update(address="县城大街1号", weekdays=[1, 2, 3, 4, 5, 6], observe_holidays=False)
    data["venues"][0].update(overflow=5, address="一楼", unavailable=[
        {"weekdays": [1], "blocks": ["上午"], "note": "例会"}, {"dates": ["2024-03-08"]}])
    data["venues"].append({"id": "f1", "name": "示范村", "kind": "field", "township": "dy", "capacity": 80})
    data["topics"][0].update(main=True, kind="theory")
    data["topics"][1].update(kind="practice")
    data["teachers"][0].update(
        tiers=["county", "village"], townships=["qy", "dy"], max_per_day=2, max_per_week=6,
        unavailable=[{"dates": ["2024-03-04", "2024-03-05..2024-03-06"]}], prefers=[{"weekdays": [2, 3]}],
        avoids=[{"blocks": ["下午"]}],
        obligations=[{"period": "term", "min_sessions": 1, "topic": "A", "note": "书记讲党课\n每学期一次"},
                     {"period": "month"}])
    data["teachers"][1].update(kind="expert")
    data["classes"] = [
        {"id": "c1", "name": "一班", "site": "county", "trainees": 30, "start": "2024-03-04", "end": "2024-03-08",
         "four_plus_n": True, "preferred_venues": ["r1", "r2"], "curriculum": [
             {"id": "i1", "topic": "A", "title": "开班", "mode": "interactive", "sessions": 2, "length": 2,
              "teachers": ["t1"], "teacher_count": 2, "venues": ["r1", "r2"], "joint_with": ["c2"], "first": True,
              "min_days": 1, "attendance": 45},
             {"id": "i2", "topic": "B", "title": "结业", "mode": "field", "last": True, "after": ["i1"],
              "unavailable": [{"weekdays": [5], "note": "周五不去"}]}]},
        {"id": "c2", "name": "二班", "site": "county", "trainees": 20, "start": "2024-03-04", "end": "2024-03-08"}]
    data["blackouts"] = [
        {"name": "农忙", "when": {"dates": ["2024-03-07"], "blocks": ["下午"], "note": "春耕"}, "tiers": ["county"],
         "sites": ["county"], "townships": ["qy"], "venues": ["r2"], "teachers": ["t2"], "teacher_kinds": ["expert"]},
        {"name": "周六", "when": {"weekdays": [6]}}]
    data["travel"] = [{"between": ["qy", "dy"], "minutes": 30}]
    data["weights"] = {"class_empty_day": 7, "teacher_preference": 0}
    data.update(contact="县委党校教务科 0358-1234567", sender="清源县委党校")
    data["teachers"][0]["phone"] = "13800000000"
    data["classes"][0].update(head_teacher="李老师", head_teacher_phone="+86 138 0000 0001")
    data["teachers"][1]["topics"] = sorted({*data["teachers"][1]["topics"], "A"})
    data["classes"][0]["curriculum"][0]["backup"] = ["t2"]
    # the policy rules' fields and settings
    data["sites"][0]["blocks"][0]["hours"] = 4
    data["venues"][-1].update(topics=["B"], themes=["红色文化", "党性教育"])
    data["topics"][1]["themes"] = ["红色文化"]
    data["teachers"][0]["role"] = "书记"
    data["classes"][0].update(min_hours=3, max_hours=60)
    data["classes"][0]["curriculum"][0].update(method="研讨", teacher_kind="fulltime", teacher_role="书记")
    data["policies"] = {"interactive_share": {"level": "soft", "weight": 5}, "class_hours": "off"}
    data["standards"] = {"interactive_methods": ["案例", "研讨"], "case_methods": ["案例"],
                         "min_interactive_percent": 25, "min_case_percent": 20, "block_hours": 4}
    return Instance.model_validate(data)


def test_every_field_round_trips(tmp_path):
    instance = _every_field()
    path = tmp_path / "all.xlsx"
    path.write_bytes(workbook_bytes(instance))
    assert load_instance(path) == instance
    grid = cells(path)
    assert column(grid["时间限制"], "限制") == ["不可用", "希望", "不希望", "不可用", "不可用", "不可用"]
    assert column(grid["时间限制"], "日期")[0] == "2024-03-04、2024-03-05至2024-03-06"
    assert column(grid["停课安排"], "教师类别") == ["土专家", ""]
    assert column(grid["权重"], "权重") == [7.0, 0.0]
