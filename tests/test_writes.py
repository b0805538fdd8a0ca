"""Files the commands write: whole, with the mode a user expects (0666 less the umask, an
existing file's own mode), through a symlink at the output path; a location that cannot be
written is refused before any work, in Chinese, naming the user's path; a reader that closes
the pipe early is not an error."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler import files
from scheduler.cli import main
from scheduler.files import WriteError, ensure_writable, write_atomic

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny.yaml"
CHECK = DATA / "check" / "instance.yaml", DATA / "check" / "plan.json"
JIAOCHENG = ROOT / "instances" / "jiaocheng-2022.yaml", ROOT / "tests" / "data" / "baselines" / "jiaocheng-2022.json"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask():
    """Set the process umask for one test and restore it after."""
    previous = os.umask(0o022)
    os.umask(previous)
    yield lambda value: os.umask(value)
    os.umask(previous)


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_0666_less_the_umask(tmp_path, umask, mask, expected):
    umask(mask)
    write_atomic(tmp_path / "new.json", "{}")
    assert mode(tmp_path / "new.json") == expected
    result = run("schema", "-o", tmp_path / "schema.json")
    assert result.exit_code == 0, result.output
    assert mode(tmp_path / "schema.json") == expected


@pytest.mark.parametrize("existing", [0o644, 0o640, 0o604, 0o444])
def test_a_replaced_file_keeps_its_mode(tmp_path, umask, existing):
    umask(0o077)
    path = tmp_path / "plan.json"
    path.write_text("old", encoding="utf-8")
    path.chmod(existing)
    write_atomic(path, "new")
    assert path.read_text(encoding="utf-8") == "new" and mode(path) == existing
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]  # no temporary file left


def test_a_symlink_at_the_output_path_is_written_through(tmp_path, umask):
    umask(0o022)
    real = tmp_path / "web" / "plan.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    real.chmod(0o644)
    link = tmp_path / "plan.json"
    link.symlink_to(real)
    result = run("schema", "-o", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8").startswith("{") and mode(real) == 0o644
    assert sorted(p.name for p in real.parent.iterdir()) == ["plan.json"]

    dangling = tmp_path / "later.json"  # a link to a file still to be made: the file is made
    dangling.symlink_to(tmp_path / "web" / "later.json")
    write_atomic(dangling, "x")
    assert dangling.is_symlink() and (tmp_path / "web" / "later.json").read_text(encoding="utf-8") == "x"


def test_solve_refuses_an_unwritable_output_before_solving(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    result = run("solve", TINY, "-o", blocker / "plans" / "tiny.json", "--workers", "1", "--time-limit", "5")
    assert result.exit_code == 2, result.output
    assert "开始求解" not in result.output  # nothing was solved
    assert f"无法写入 {blocker / 'plans' / 'tiny.json'}：路径中有一部分是文件，不是目录" in result.output
    assert "Traceback" not in result.output

    with pytest.raises(WriteError) as caught:  # a directory where the file should go
        ensure_writable(tmp_path)
    assert caught.value.errno == errno.EISDIR and files.os_reason(caught.value) == "这是一个目录，不是文件"


def test_a_folder_without_write_permission_is_refused_before_work(tmp_path, monkeypatch):
    # Tests may run as root, who may write anywhere: the permission bit is simulated.
    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = os.access
    monkeypatch.setattr(files.os, "access", lambda p, m: False if Path(p) == locked else real_access(p, m))
    with pytest.raises(WriteError) as caught:
        ensure_writable(locked / "sub" / "plan.json")
    assert caught.value.errno == errno.EACCES and caught.value.filename == str(locked / "sub" / "plan.json")

    result = run("solve", TINY, "-o", locked / "tiny.json", "--workers", "1")
    assert result.exit_code == 2 and "开始求解" not in result.output
    assert f"无法写入 {locked / 'tiny.json'}：没有写入权限" in result.output
    result = run("generate", "--size", "S", "-o", locked / "s.yaml")
    assert result.exit_code == 2 and "没有写入权限" in result.output and not (locked / "s.yaml").exists()
    result = run("export-ics", *CHECK, "--out", locked / "ics")
    assert result.exit_code == 2 and "没有写入权限" in result.output and not (locked / "ics").exists()
    baseline = locked / "base.json"
    baseline.write_bytes(CHECK[1].read_bytes())
    result = run("whatif", CHECK[0], "--baseline", baseline, "--drop-teacher", "t01")
    assert result.exit_code == 2 and "没有写入权限" in result.output and "重排" not in result.output


@pytest.mark.parametrize("code, reason", [
    (errno.ENOSPC, "磁盘空间不足"), (errno.EROFS, "只读文件系统"), (errno.ENAMETOOLONG, "文件名太长"),
    (errno.EACCES, "没有写入权限"), (errno.EIO, "磁盘读写错误"),
])
def test_a_failed_write_names_the_users_path_and_a_chinese_reason(tmp_path, monkeypatch, code, reason):
    def failing(path, data, mode=None):
        raise OSError(code, os.strerror(code), str(path))  # the system names the temporary file

    monkeypatch.setattr(files, "write_new", failing)
    target = tmp_path / "schema.json"
    result = run("schema", "-o", target)
    assert result.exit_code == 2, result.output
    assert result.output.strip() == f"无法写入 {target}：{reason}"
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_errno_keeps_the_systems_words(tmp_path, monkeypatch):
    def failing(path, data, mode=None):
        raise OSError(errno.ETXTBSY, os.strerror(errno.ETXTBSY), str(path))

    monkeypatch.setattr(files, "write_new", failing)
    result = run("schema", "-o", tmp_path / "s.json")
    assert result.exit_code == 2 and os.strerror(errno.ETXTBSY) in result.output and ".tmp" not in result.output


def test_a_reader_closing_the_pipe_is_not_an_error():
    """`scheduler show … | head -1`: exit 0 and nothing on stderr (no "Broken pipe")."""
    process = subprocess.Popen(
        [sys.executable, "-m", "scheduler", "show", *map(str, JIAOCHENG), "--by", "day"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    first = process.stdout.readline()
    process.stdout.close()  # what head does after its line
    stderr = process.stderr.read().decode("utf-8", errors="replace")
    assert process.wait(timeout=60) == 0, stderr
    assert first and stderr == ""


def test_file_names_are_fitted_to_the_file_system():
    assert files.fit_name("teacher-t01.ics") == "teacher-t01.ics"
    long = "teacher-" + "𠀀" * 64 + ".ics"
    fitted = files.fit_name(long)
    assert len(fitted.encode("utf-8")) <= files.MAX_NAME_BYTES and fitted.endswith(".ics")
    assert fitted == files.fit_name(long)  # stable
    assert fitted != files.fit_name("teacher-" + "𠀀" * 63 + "𠀁.ics")  # a hash of the whole name
