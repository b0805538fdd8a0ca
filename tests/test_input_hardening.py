"""Reading input files safely: every bad file gets exit 2 and a located Chinese message, never
exit 3, a hang or a flood of output (issue 17, findings 7–10, 17 and 19)."""

from __future__ import annotations

import os
import re
import sys
import typing
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic_core.core_schema import ErrorType

from scheduler.cli import main
from scheduler.domain import loading, messages

TINY = Path(__file__).parent / "data" / "tiny.yaml"
SOURCE = TINY.read_text(encoding="utf-8")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def variant(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    assert old in SOURCE, old
    path = tmp_path / "variant.yaml"
    path.write_text(SOURCE.replace(old, new, count), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def bad_input(result, *expected: str) -> str:
    """Exit 2 with a Chinese message holding `expected`; no traceback, no internal error."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "内部错误" not in result.output
    for text in expected:
        assert text in result.stderr, result.stderr
    return result.stderr


# --- finding 7: dates that do not exist ----------------------------------------------------

@pytest.mark.parametrize("old, new, field", [
    ("  end: 2024-03-15", "  end: 2024-02-30", "term → end"),
    ("  end: 2024-03-15", '  end: "2024-02-30"', "term → end"),
    ("    start: 2024-03-05", "    start: 2024-04-31", "班次 ganbu → start"),
    ("unavailable: [{weekdays: [6, 7]}]", "unavailable: [{dates: [2024-04-31..2024-05-02]}]",
     "教师 zhao → 不可用时间第1项 → dates 第1项 → start"),
])
def test_a_day_that_does_not_exist_is_located(tmp_path, old, new, field):
    path = variant(tmp_path, old, new)
    month, day = re.search(r"\d{4}-(\d\d)-(\d\d)", new).groups()
    err = bad_input(run("check", path), field, f"{int(month)} 月没有 {int(day)} 日",
                    f"第{line_of(path, new.strip())}行")
    assert "out of range" not in err


def test_a_number_is_not_a_date(tmp_path):
    bad_input(run("check", variant(tmp_path, "  end: 2024-03-15", "  end: 20240315")),
              "term → end", "日期格式应为 YYYY-MM-DD")


# --- finding 8: times, huge numbers, recursion, devices, pipes, size --------------------------

def test_a_time_written_as_a_number_is_located(tmp_path):
    path = variant(tmp_path, '{name: 上午, start: "08:30", end: "11:30"}', "{name: 上午, start: 830, end: 1130}")
    err = bad_input(run("check", path), "学校 county → 时段第1项 → start", "HH:MM", "830")
    assert "offset" not in err


def test_a_five_thousand_digit_number_is_bad_input(tmp_path):
    bad_input(run("check", variant(tmp_path, "capacity: 60", "capacity: " + "9" * 5000)), "太大")


@pytest.mark.parametrize("content", ["self: &s [1, *s]\n", "self: &s {a: *s}\n"])
def test_a_recursive_alias_is_refused(tmp_path, content):
    path = tmp_path / "loop.yaml"
    path.write_text(content, encoding="utf-8")
    bad_input(run("check", path), "递归", "第1行")


def test_deep_nesting_is_refused_without_exhausting_the_stack(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("name: " + "[" * 200_000 + "]" * 200_000 + "\n", encoding="utf-8")
    bad_input(run("check", path), "嵌套层数")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_is_refused_before_reading():
    bad_input(run("check", "/dev/zero"), "不是普通文件")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    bad_input(run("check", fifo), "不是普通文件")


def test_a_file_over_the_size_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(loading, "MAX_INPUT_BYTES", 1000)
    path = tmp_path / "big.yaml"
    path.write_text(SOURCE, encoding="utf-8")
    bad_input(run("check", path), "文件太大", f"{loading.MAX_INPUT_MB} MB")


# --- finding 9: alias bombs and echoes ---------------------------------------------------------

def _laughs(levels: int) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, levels + 1)]
    return "\n".join([*lines, f"name: *a{levels}"]) + "\n"


@pytest.mark.parametrize("levels", [7, 10])
def test_billion_laughs_is_refused_with_a_short_message(tmp_path, levels):
    path = tmp_path / "laughs.yaml"
    path.write_text(_laughs(levels), encoding="utf-8")
    err = bad_input(run("check", path), "数据项过多")
    assert len(err) < 1000


def test_a_modest_alias_expansion_still_loads():
    """The bundled jiaocheng instance shares curricula through aliases."""
    result = run("check", Path(__file__).parents[1] / "instances" / "jiaocheng-2022.yaml")
    assert result.exit_code == 0, result.output


def test_an_echoed_input_is_a_short_excerpt(tmp_path):
    err = bad_input(run("check", variant(tmp_path, "capacity: 60", "capacity: " + "九" * 100_000)), "capacity")
    assert len(err) < 1000 and "…" in err


def test_a_file_wrong_everywhere_lists_a_bounded_number_of_problems(tmp_path):
    path = variant(tmp_path, "  - {id: qy, name: 清源镇}", "  - {id: qy, name: 清源镇}\n" + "  - 1\n" * 5000)
    err = bad_input(run("check", path), "还有")
    assert err.count("\n") < messages.MAX_MESSAGES + 10


# --- finding 10: the file is parsed once per command --------------------------------------------

def test_check_parses_the_instance_once(monkeypatch):
    calls = []
    real = loading.build
    monkeypatch.setattr(loading, "build", lambda events: calls.append(events) or real(events))
    assert run("check", TINY).exit_code == 0
    assert len(calls) == 1


def test_many_records_load(tmp_path):
    records = "".join(f"  - {{name: b{i}, when: {{weekdays: [7]}}, sites: [nanqing]}}\n" for i in range(3000))
    path = tmp_path / "many.yaml"
    path.write_text(SOURCE + "blackouts:\n" + records, encoding="utf-8")
    result = run("check", path)
    assert result.exit_code in (0, 1), result.output


# --- finding 17: messages in Chinese ---------------------------------------------------------------

@pytest.mark.parametrize("content, expected", [
    ("name: x\n\tterm: 1\n", "制表符"),
    ("name: x\nterm: a: b\n", "此处不能出现“键: 值”"),
    ("name: x\nterm: [1, 2\n", "没有正确结束"),
    ('name: "x\n', "意外结束"),
])
def test_yaml_syntax_errors_are_in_chinese_with_line_and_column(tmp_path, content, expected):
    path = tmp_path / "broken.yaml"
    path.write_text(content, encoding="utf-8")
    err = bad_input(run("check", path), expected, "行", "列")
    assert not re.search(r"[a-z]+ [a-z]+ [a-z]+", err.replace(str(path), ""))


def test_a_full_width_colon_is_reported_on_its_own_line(tmp_path):
    path = variant(tmp_path, "  name: 测试学期", "  name：测试学期")
    bad_input(run("check", path), f"第{line_of(path, 'name：测试学期')}行", "全角冒号")


@pytest.mark.parametrize("value", [".inf", ".nan", "-.inf"])
def test_infinite_numbers_are_refused_in_chinese(tmp_path, value):
    path = variant(tmp_path, "capacity: 60", f"capacity: {value}")
    err = bad_input(run("check", path), "场地 room1 → capacity", "有限")
    assert "finite" not in err.replace(str(path), "")


def test_a_non_string_key_is_refused_in_chinese(tmp_path):
    err = bad_input(run("check", variant(tmp_path, "name: tiny", "name: tiny\nweights: {1: 2}")), "键应为文字")
    assert "Keys should" not in err


def test_an_empty_file_says_it_is_empty(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    err = bad_input(run("check", path), "文件是空的")
    assert "NoneType" not in err


def test_a_top_level_list_names_the_kind_in_chinese(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- 1\n", encoding="utf-8")
    assert "而不是列表" in bad_input(run("check", path))


@pytest.mark.parametrize("encoding, expected", [("gbk", "GBK"), ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16")])
def test_a_file_in_another_encoding_gets_a_hint(tmp_path, encoding, expected):
    path = tmp_path / "encoded.yaml"
    path.write_bytes(SOURCE.encode(encoding))
    bad_input(run("check", path), expected, "另存为 UTF-8")


def test_a_utf8_file_with_a_bom_loads(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + SOURCE.encode("utf-8"))
    assert run("check", path).exit_code == 0


def test_an_unknown_enum_value_lists_the_chinese_synonyms(tmp_path):
    bad_input(run("check", variant(tmp_path, "tier: county", "tier: xian")),
              "学校 county → tier", "county（县、县级、县委党校）", "village（村、农民夜校）", "'xian'")


def test_a_class_too_big_for_every_room_points_at_its_trainees(tmp_path):
    path = variant(tmp_path, "    trainees: 50", "    trainees: 500")
    result = run("check", path)
    assert result.exit_code == 1, result.output
    assert f"第{line_of(path, 'trainees: 500')}行：班次 ganbu → trainees" in result.output
    assert "→ mode" not in result.output


def test_a_holiday_source_not_known_lists_the_choices(tmp_path):
    bad_input(run("check", variant(tmp_path, "  name: 测试学期", "  name: 测试学期\n  holiday_source: chinese")),
              "term → holiday_source", "chinese-calendar、none")


def test_a_file_rewritten_with_the_same_size_is_read_again(tmp_path):
    path = tmp_path / "same.yaml"
    path.write_text(SOURCE, encoding="utf-8")
    assert run("check", path).exit_code == 0
    path.write_text(SOURCE.replace("capacity: 60", "capacity: -6"), encoding="utf-8")
    bad_input(run("check", path), "capacity")


def test_a_term_outside_the_holiday_library_is_located(tmp_path):
    path = tmp_path / "future.yaml"
    path.write_text(SOURCE.replace("2024-03", "2030-03"), encoding="utf-8")
    bad_input(run("check", path), f"第{line_of(path, 'start: 2030-03-04')}行：term → start", "2030",
              "term.holidays", "holiday_source: none")


def _sample_error(kind: str) -> dict:
    return {"type": kind, "loc": ("teachers", 0, "name"), "msg": "Some English sentence here",
            "input": "x", "ctx": {}}


@pytest.mark.parametrize("kind", typing.get_args(ErrorType))
def test_every_pydantic_error_type_gets_a_chinese_message(kind):
    message = messages.error_message(_sample_error(kind))
    assert re.search("[\u4e00-\u9fff]", message), message
    assert "English" not in message


def test_an_english_value_error_is_not_passed_through():
    error = {**_sample_error("value_error"), "msg": "Value error, something went wrong"}
    assert "something went wrong" not in messages.error_message(error)


# --- finding 19 (second half): control characters ---------------------------------------------------

def test_a_name_with_a_line_break_is_refused_by_check(tmp_path):
    path = variant(tmp_path, "name: 王老师", 'name: "王\\r\\n老师"')
    bad_input(run("check", path), f"第{line_of(path, 'id: wang')}行：教师 wang → name", "一行文字", "\\x0d")


@pytest.mark.parametrize("field", ["title: 结业式", "name: 报告厅", "name: 测试学期"])
def test_titles_and_names_refuse_control_characters(tmp_path, field):
    key, value = field.split(": ")
    bad_input(run("check", variant(tmp_path, field, f'{key}: "{value}\\e[31m"')), key, "\\x1b")


def test_control_characters_from_the_file_are_shown_escaped(tmp_path):
    path = variant(tmp_path, "name: tiny", 'name: tiny\n"\\e]0;pwned\\a\\e[2J": 1')
    result = run("check", path)
    err = bad_input(result, "\\x1b]0;pwned")
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "未知字段" in err


def test_visible_escapes_c0_c1_and_bidi_controls():
    assert messages.visible("a\x1b[31m\x9b\u202eb\nc") == "a\\x1b[31m\\x9b\\u202eb\\x0ac"
    assert messages.visible("清源镇 Qingyuan") == "清源镇 Qingyuan"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths")
def test_a_directory_is_refused(tmp_path):
    bad_input(run("check", tmp_path), "目录")


@pytest.mark.parametrize("content, expected", [
    ('{"objective": ' + "9" * 5000 + "}", "太大"),
    ("[" * 100_000 + "]" * 100_000, "嵌套层数"),
    ('{"objective": 1,}', "第1行第17列"),
])
def test_a_broken_plan_file_is_bad_input_in_chinese(tmp_path, content, expected):
    plan = tmp_path / "plan.json"
    plan.write_text(content, encoding="utf-8")
    bad_input(run("validate", TINY, plan), "plan.json", "JSON 格式错误", expected)


def test_an_id_from_the_command_line_is_echoed_with_its_control_characters_visible(tmp_path):
    root = Path(__file__).parents[1]
    result = run("whatif", root / "instances" / "jiaocheng-2022.yaml", "--baseline",
                 Path(__file__).parent / "data" / "baselines" / "jiaocheng-2022.json",
                 "--drop-teacher", "\x1b]0;owned\x07x", "-o", tmp_path / "new.json")
    assert result.exit_code == 2, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b]0;owned" in result.stderr
