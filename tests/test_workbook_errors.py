"""Bad workbooks: each problem is said in Chinese at its file, sheet, row and column, exit 2,
no traceback, nothing written; unknown sheets and columns are warnings, not errors."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from workbooks import bundled, edited

from scheduler.cli import main
from scheduler.domain.loading import load_instance
from scheduler.workbook.detect import OLE_MAGIC
from scheduler.workbook.write import workbook_bytes


@pytest.fixture(scope="module")
def qingxu():
    return load_instance(bundled("qingxu-2023-spring"))


def refused(path: Path, *expected: str) -> str:
    """Converting the workbook fails as bad input: exit 2, the messages expected, the file named,
    no traceback, no file written; and `check` says the same."""
    out = path.with_name("out.yaml")
    result = CliRunner().invoke(main, ["convert", str(path), str(out)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    assert not out.exists()
    assert f"{path} " in result.output or f"{path}：" in result.output
    for part in expected:
        assert part in result.output, result.output
    checked = CliRunner().invoke(main, ["check", str(path)])
    assert checked.exit_code == 2 and all(part in checked.output for part in expected)
    return result.output


def test_a_blank_required_cell(qingxu, tmp_path):
    path = edited(qingxu, tmp_path / "x.xlsx", lambda b: b["教师"]["C3"].__setattr__("value", None))
    refused(path, "工作表「教师」第 3 行「类别」", "缺少必填字段")


def test_a_blank_cell_a_row_needs_to_be_placed(qingxu, tmp_path):
    path = edited(qingxu, tmp_path / "x.xlsx", lambda b: b["课程"]["A4"].__setattr__("value", None))
    refused(path, "工作表「课程」第 4 行「班次」：必填，不能为空")


def test_text_in_a_number_column(qingxu, tmp_path):
    path = edited(qingxu, tmp_path / "x.xlsx", lambda b: b["场地"]["F3"].__setattr__("value", "六十"))
    refused(path, "工作表「场地」第 3 行「容纳人数」", "应为整数", "六十")


def test_an_unknown_name_lists_known_ones(qingxu, tmp_path):
    path = edited(qingxu, tmp_path / "x.xlsx", lambda b: b["教师"]["E7"].__setattr__("value", "党建、乡村振兴"))
    refused(path, "工作表「教师」第 7 行「可授专题」：未知专题“党建”（已有：政治理论、党建实务")


def test_a_duplicate_name_names_both_rows(qingxu, tmp_path):
    def twice(book):
        sheet = book["教师"]
        sheet["A5"] = sheet["A9"] = None
        sheet["B9"] = sheet["B5"].value

    output = refused(edited(qingxu, tmp_path / "x.xlsx", twice), "工作表「教师」第 5 行「姓名」")
    assert "与第 9 行重复" in output and "与第 5 行重复" in output


def test_a_merged_cell_over_data(qingxu, tmp_path):
    path = edited(qingxu, tmp_path / "x.xlsx", lambda b: b["课程"].merge_cells("A3:A5"))
    refused(path, "工作表「课程」第 3 行「班次」", "合并单元格 A3:A5")


@pytest.mark.parametrize("cell, typed, said", [
    ("E2", "下周一", "无法识别的日期 '下周一'"), ("F4", "2023-02-30", "无法识别的日期"),
    ("E5", 45000, "无法识别的日期")])
def test_a_date_that_cannot_be_read(qingxu, tmp_path, cell, typed, said):
    def typed_in(book):
        book["班次"][cell] = typed
        book["班次"][cell].number_format = "General"  # a number shown as a number, not a date

    path = edited(qingxu, tmp_path / "x.xlsx", typed_in)
    header = "开始日期" if cell[0] == "E" else "结束日期"
    refused(path, f"工作表「班次」第 {cell[1:]} 行「{header}」", said)


def test_a_time_that_cannot_be_read(qingxu, tmp_path):
    path = edited(qingxu, tmp_path / "x.xlsx", lambda b: b["时段"]["D3"].__setattr__("value", "五点半"))
    refused(path, "工作表「时段」第 3 行「结束时间」", "无法识别的时间 '五点半'")


def test_a_missing_sheet(qingxu, tmp_path):
    path = edited(qingxu, tmp_path / "x.xlsx", lambda b: b.remove(b["教师"]))
    refused(path, "缺少工作表「教师」")


def test_a_missing_required_column(qingxu, tmp_path):
    path = edited(qingxu, tmp_path / "x.xlsx", lambda b: b["专题"]["B1"].__setattr__("value", "专题名称"))
    refused(path, "工作表「专题」：缺少必填列「名称」")


def test_unknown_sheets_and_columns_are_warnings(qingxu, tmp_path):
    def extra(book):
        book.create_sheet("联系人")["A1"] = "姓名"
        book["教师"]["Z1"] = "手机"
        book["教师"]["Z2"] = "13800000000"

    path = edited(qingxu, tmp_path / "x.xlsx", extra)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert f"提醒：{path} 工作表「联系人」：不是排课表格的工作表，已忽略" in result.stderr
    assert f"提醒：{path} 工作表「教师」第 1 行：未知列「手机」，已忽略" in result.stderr


def test_a_formula_without_its_computed_value(qingxu, tmp_path):
    path = edited(qingxu, tmp_path / "x.xlsx", lambda b: b["场地"]["F2"].__setattr__("value", "=50+70"))
    refused(path, "工作表「场地」第 2 行「容纳人数」", "公式 =50+70 没有计算结果")


@pytest.mark.parametrize("suffix", [".xls", ".et"])
def test_an_old_format_workbook_says_save_as_xlsx(tmp_path, suffix):
    path = tmp_path / f"教师{suffix}"
    path.write_bytes(OLE_MAGIC + bytes(4096))
    refused(path, "另存为", ".xlsx")


def test_a_password_protected_workbook(qingxu, tmp_path):
    crypto = pytest.importorskip("msoffcrypto.format.ooxml", reason="msoffcrypto-tool (the test extra) encrypts it")
    path = tmp_path / "加密.xlsx"
    with BytesIO(workbook_bytes(qingxu)) as plain, path.open("wb") as out:
        crypto.OOXMLFile(plain).encrypt("密码123", out)
    refused(path, "设置了打开密码")


@pytest.mark.parametrize("content", [b"not a workbook at all", b"PK\x03\x04" + bytes(100), "half"])
def test_a_corrupt_file(qingxu, tmp_path, content):
    path = tmp_path / "坏.xlsx"
    if content == "half":
        whole = workbook_bytes(qingxu)
        content = whole[: len(whole) // 2]
    path.write_bytes(content)
    refused(path, "无法作为 .xlsx 表格读取")


def test_solve_writes_nothing_from_a_bad_workbook(qingxu, tmp_path):
    path = edited(qingxu, tmp_path / "x.xlsx", lambda b: b["班次"]["E2"].__setattr__("value", dt.time(8, 0)))
    out = tmp_path / "plan.json"
    result = CliRunner().invoke(main, ["solve", str(path), "-o", str(out), "--workers", "1", "--time-limit", "2"])
    assert result.exit_code == 2 and "工作表「班次」第 2 行「开始日期」" in result.output
    assert not out.exists()


def test_a_finding_of_check_names_the_cell(qingxu, tmp_path):
    def outside(book):
        book["班次"]["E3"] = dt.date(2024, 3, 1)
        book["班次"]["F3"] = dt.date(2024, 3, 5)

    result = CliRunner().invoke(main, ["check", str(edited(qingxu, tmp_path / "x.xlsx", outside))])
    assert result.exit_code == 1
    assert "工作表「班次」第 3 行「开始日期」：班次" in result.output
    assert "完全在学期 2023-03-01..2023-06-30 之外" in result.output


def test_a_reference_problem_of_the_model_names_the_cell(qingxu, tmp_path):
    """A cross-record problem found by the model (not by the reader) is placed at its cell too."""
    path = edited(qingxu, tmp_path / "x.xlsx", lambda b: b["课程"]["K2"].__setattr__("value", "赵建国"))  # 指定教师
    refused(path, "工作表「课程」第 2 行「指定教师」：指定教师")


def test_bytes_of_a_workbook_named_yaml_are_read_as_a_workbook(qingxu, tmp_path):
    path = tmp_path / "county.yaml"
    path.write_bytes(workbook_bytes(qingxu))
    assert load_instance(path) == qingxu


def test_the_reader_never_sees_a_half_file(qingxu, tmp_path):
    """convert writes atomically: an existing target is left whole when reading fails."""
    target = tmp_path / "keep.yaml"
    target.write_text("kept\n", encoding="utf-8")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(BytesIO(b"garbage").getvalue())
    assert CliRunner().invoke(main, ["convert", str(bad), str(target)]).exit_code == 2
    assert target.read_text(encoding="utf-8") == "kept\n"


def test_an_unknown_soft_rule_in_the_weights(tmp_path):
    def weights(book):
        book["权重"]["A2"] = "教师太累"
        book["权重"]["B2"] = 5

    path = edited(load_instance(bundled("jiaocheng-2022")), tmp_path / "x.xlsx", weights)
    refused(path, "工作表「权重」第 2 行「软约束」：应为以下之一：")


def test_a_name_two_records_share_is_refused_as_a_reference(qingxu, tmp_path):
    """Two classes may share a name when both have ids; a cell naming them must use the id."""
    def same_name(book):
        book["班次"]["B3"] = book["班次"]["B2"].value
        book["课程"]["A2"] = book["班次"]["B2"].value

    path = edited(qingxu, tmp_path / "x.xlsx", same_name)
    refused(path, "工作表「课程」第 2 行「班次」：班次“", "有重名（第 2 行、第 3 行），请改用编号")
