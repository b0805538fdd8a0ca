"""export-ics is all or nothing: a crash (an error, or kill -9) while exporting leaves the old
export whole, the next export removes what the crash left; a directory that is not an export
is never replaced; whatever `check` accepts exports (extreme ids, names with line breaks or
formulas); other files in the export directory, its mode and unchanged files are kept."""

from __future__ import annotations

import csv
import errno
import os
import re
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import icalendar
import pytest
import yaml
from click.testing import CliRunner

from scheduler import files
from scheduler.calendars import ics
from scheduler.calendars.ics import Owner, build_calendar, export_directory
from scheduler.cli import main
from scheduler.domain import load_instance, load_plan
from scheduler.history import succeed

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"
CHECK = DATA / "check" / "instance.yaml", DATA / "check" / "plan.json"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def export(out: Path, instance: Path = CHECK[0], plan: Path = CHECK[1], by: str = "all") -> Path:
    result = run("export-ics", instance, plan, "--out", out, "--by", by)
    assert result.exit_code == 0, result.output
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def index_rows(folder: Path) -> list[dict[str, str]]:
    return list(csv.DictReader((folder / "index.csv").read_text(encoding="utf-8-sig").splitlines()))


def second_revision(tmp_path: Path) -> Path:
    """A replanned plan (revision 2) whose calendars differ from revision 1's."""
    base = load_plan(CHECK[1])
    sessions = [s for s in base.sessions if s.id != "c3/party/1"]
    path = tmp_path / "r2.json"
    path.write_text(succeed(base, base.model_copy(update={"sessions": sessions})).model_dump_json(),
                    encoding="utf-8")
    return path


def beside(folder: Path) -> list[str]:
    """What else is in the export's parent directory (a crash's leftovers would be here)."""
    return sorted(p.name for p in folder.parent.iterdir() if p != folder)


def test_an_error_halfway_leaves_the_old_export_whole(tmp_path, monkeypatch):
    out = export(tmp_path / "ics")
    before = snapshot(out)
    written = []

    def failing(path, data, mode=None):
        if len(written) == 5:
            raise RuntimeError("simulated crash")
        written.append(path)
        real(path, data, mode)

    real = ics.write_new
    monkeypatch.setattr(ics, "write_new", failing)
    instance, plan = load_instance(CHECK[0]), load_plan(second_revision(tmp_path))
    with pytest.raises(RuntimeError):
        export_directory(instance, plan, ["teacher", "class", "venue"], out)
    assert snapshot(out) == before
    assert beside(out) == ["r2.json"]  # the half-built directory is gone


def test_kill_9_halfway_leaves_the_old_export_whole_and_the_next_export_cleans_up(tmp_path):
    out = export(tmp_path / "ics")
    before = snapshot(out)
    r2 = second_revision(tmp_path)
    script = textwrap.dedent(f"""
        import os, signal, sys
        from scheduler.calendars import ics
        from scheduler.cli import main
        real, count = ics.write_new, [0]
        def dying(path, data, mode=None):
            count[0] += 1
            if count[0] == 6:
                os.kill(os.getpid(), signal.SIGKILL)
            real(path, data, mode)
        ics.write_new = dying
        sys.argv = ["scheduler", "export-ics", {str(CHECK[0])!r}, {str(r2)!r}, "--out", {str(out)!r}, "--by", "all"]
        main()
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode(errors="replace")
    assert snapshot(out) == before  # revision 1, whole: no revision-2 calendar next to a revision-1 index
    leftovers = [name for name in beside(out) if name != "r2.json"]
    assert len(leftovers) == 1 and re.fullmatch(r"\.ics\.new-[0-9a-f]{8}", leftovers[0])

    export(out, plan=r2)
    assert beside(out) == ["r2.json"]
    fresh = export(tmp_path / "fresh", plan=r2)
    assert snapshot(out) == snapshot(fresh)
    assert {row["文件"] for row in index_rows(out)} == {p.name for p in out.glob("*.ics")}


def test_temporary_files_of_an_older_export_are_removed(tmp_path):
    out = export(tmp_path / "ics")
    (out / ".teacher-t01.ics.k2j4_x9a.tmp").write_bytes(b"half a calendar")
    export(out)
    assert not list(out.glob(".*"))


def test_without_an_atomic_exchange_the_swap_still_completes(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "_exchange", lambda a, b: False)
    out = export(tmp_path / "ics")
    export(out, plan=second_revision(tmp_path))
    assert "计划第 2 版" in (out / "README.txt").read_text(encoding="utf-8")
    assert beside(out) == ["r2.json"]


def test_a_directory_that_is_not_an_export_is_refused_and_left_alone(tmp_path):
    out = tmp_path / "documents"
    out.mkdir()
    (out / "report.docx").write_bytes(b"precious")
    result = run("export-ics", *CHECK, "--out", out)
    assert result.exit_code == 2, result.output
    assert f"{out} 不是空目录，也不是 export-ics 导出过的目录" in result.output
    assert snapshot(out) == {"report.docx": b"precious"} and beside(out) == []

    (out / "index.csv").write_text("name,value\n", encoding="utf-8")  # someone else's index
    assert run("export-ics", *CHECK, "--out", out).exit_code == 2


@pytest.mark.parametrize("state", ["missing", "empty", "nested"])
def test_an_export_goes_into_a_missing_or_empty_directory(tmp_path, state):
    out = tmp_path / "a" / "b" if state == "nested" else tmp_path / "ics"
    if state == "empty":
        out.mkdir()
    export(out)
    assert len(index_rows(out)) == 18 and (out / "README.txt").exists()


def test_other_files_the_directory_mode_and_unchanged_files_are_kept(tmp_path):
    out = export(tmp_path / "ics")
    out.chmod(0o751)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / ".htaccess").write_text("Options -Indexes", encoding="utf-8")
    (out / "old").mkdir()
    (out / "old" / "a.ics").write_text("kept", encoding="utf-8")
    (out / "here").symlink_to("notes.txt")
    (out / "teacher-t01.ics").chmod(0o604)
    unchanged = out / "venue-room2.ics"
    inode, mtime = unchanged.stat().st_ino, unchanged.stat().st_mtime_ns
    export(out)  # the same plan again: the same files
    assert (unchanged.stat().st_ino, unchanged.stat().st_mtime_ns) == (inode, mtime)

    export(out, plan=second_revision(tmp_path))
    assert stat.S_IMODE(out.stat().st_mode) == 0o751
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (out / ".htaccess").read_text(encoding="utf-8") == "Options -Indexes"
    assert (out / "old" / "a.ics").read_text(encoding="utf-8") == "kept"
    assert os.readlink(out / "here") == "notes.txt"
    assert stat.S_IMODE((out / "teacher-t01.ics").stat().st_mode) == 0o604  # rewritten, mode kept
    assert "第 2 版" in (out / "teacher-t01.ics").read_text(encoding="utf-8")


def test_a_symlinked_export_directory_stays_a_link(tmp_path):
    real = tmp_path / "www" / "calendars"
    export(real)
    link = tmp_path / "ics"
    link.symlink_to(real, target_is_directory=True)
    export(link, plan=second_revision(tmp_path))
    assert link.is_symlink() and "计划第 2 版" in (real / "README.txt").read_text(encoding="utf-8")


def _extreme_instance(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """The check instance with ids at the edge of what the format allows, and hostile names."""
    ids = {"t01": "𠀀" * 64, "t02": "a.-b.." + "c" * 58, "room1": "房" * 64, "c1": "x-" + "𝔘" * 62}
    text_, plan_text = CHECK[0].read_text(encoding="utf-8"), CHECK[1].read_text(encoding="utf-8")
    for old, new in ids.items():
        pattern = rf"(?<![\w.\-]){re.escape(old)}(?![\w.\-])"
        text_, plan_text = re.sub(pattern, new, text_), re.sub(pattern, new, plan_text)
    data = yaml.safe_load(text_)
    data["teachers"][2]["name"] = '=HYPERLINK("http://evil.example/","点我")'
    data["teachers"][3]["name"] = "+1-2"
    data["venues"][1]["name"] = "@SUM(A1)"
    instance, plan = tmp_path / "extreme.yaml", tmp_path / "extreme.json"
    instance.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    plan.write_text(plan_text, encoding="utf-8")
    return instance, plan, ids


def test_whatever_check_accepts_exports(tmp_path):
    instance, plan, ids = _extreme_instance(tmp_path)
    checked = run("check", instance)
    assert checked.exit_code == 0, checked.output
    out = export(tmp_path / "ics", instance, plan)
    rows = index_rows(out)
    assert {row["文件"] for row in rows} == {p.name for p in out.glob("*.ics")} and len(rows) == 18
    for row in rows:
        assert len(row["文件"].encode("utf-8")) <= 255
        calendar = icalendar.Calendar.from_ical((out / row["文件"]).read_bytes())
        assert str(calendar["X-WR-CALNAME"]) == row["日历名称"].lstrip("'")
    by_id = {row["id"]: row for row in rows}
    assert set(ids.values()) <= set(by_id)  # index.csv maps every id to its file
    assert int(by_id[ids["t01"]]["课次"]) == 3


def test_index_cells_cannot_run_as_formulas(tmp_path):
    instance, plan, _ = _extreme_instance(tmp_path)
    out = export(tmp_path / "ics", instance, plan)
    names = {row["名称"] for row in index_rows(out)}
    assert {"'=HYPERLINK(\"http://evil.example/\",\"点我\")", "'+1-2", "'@SUM(A1)"} <= names
    for row in index_rows(out):
        for cell in row.values():
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), row


def test_line_breaks_and_control_characters_never_reach_a_calendar(tmp_path):
    """The loader may refuse such names; the calendars must not depend on it."""
    instance, plan = load_instance(CHECK[0]), load_plan(CHECK[1])
    session = next(s for s in plan.sessions if "t01" in s.teachers)
    plan = plan.model_copy(update={"sessions": [
        s.model_copy(update={"title": "开班式\r\n第二行\x1b[31m"}) if s.id == session.id else s
        for s in plan.sessions]})
    calendar = build_calendar(instance, plan, Owner("teacher", "t01", "王\r\n建国\x07", "qy")).to_ical()
    parsed = icalendar.Calendar.from_ical(calendar)
    assert str(parsed["X-WR-CALNAME"]).startswith("王 建国的授课安排")
    assert any(str(e["SUMMARY"]).startswith("开班式 第二行 [31m") for e in parsed.walk("VEVENT"))
    assert b"\x1b" not in calendar and b"\x07" not in calendar
    out = tmp_path / "ics"
    export_directory(instance, plan, ["teacher"], out)
    assert len(index_rows(out)) == len(instance.teachers)


def test_a_full_disk_halfway_names_the_export_directory_in_chinese(tmp_path, monkeypatch):
    out = export(tmp_path / "ics")
    before = snapshot(out)

    def full(path, data, mode=None):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(ics, "write_new", full)
    result = run("export-ics", CHECK[0], second_revision(tmp_path), "--out", out, "--by", "all")
    assert result.exit_code == 2, result.output
    assert result.output.strip() == f"无法写入 {out}：磁盘空间不足"
    assert snapshot(out) == before and beside(out) == ["r2.json"]
