"""Writing output files: a reader sees the old file or the new one, never half of one.

- A new file gets mode 0666 less the umask, like one a shell redirection creates; a file that
  is replaced keeps its mode (and group, where allowed), so a calendar served from a web
  folder stays readable.
- A symlink at the output path is written through: its target is replaced, the link stays.
- A directory of files (an export) is built whole beside its target and swapped in, so a
  crash leaves the old directory complete; the next build removes what a crash left behind.
- Failures name the user's path, never a temporary file, and give the reason in Chinese.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import re
import secrets
import shutil
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

from scheduler import text

# ext4, NTFS, APFS allow 255 bytes in a name; a margin for the "-2" of a case clash and the
# decorations of temporary names.
MAX_NAME_BYTES = 180
TEMP_FILE = re.compile(r"^\..*\.[0-9a-z_]{8}\.tmp$")  # ours, and tempfile.mkstemp's of old


class WriteError(OSError):
    """Writing the user's `filename` failed (its errno and reason are the system's)."""


def os_reason(exc: OSError) -> str:
    """The reason for an OS error in Chinese; the system's words for a rare one."""
    name = errno.errorcode.get(exc.errno or 0, "")
    reason = (isinstance(exc, WriteError) and text.WRITE_REASONS.get(name)) or text.OS_REASONS.get(name)
    return reason or exc.strerror or str(exc)


def _write_error(exc: OSError, path: Path) -> WriteError:
    return WriteError(exc.errno, exc.strerror or str(exc), str(path))


def fit_name(name: str, limit: int = MAX_NAME_BYTES) -> str:
    """`name` if it fits `limit` bytes of UTF-8; else cut short, with a stable hash of the
    whole name before the suffix so that two long names never meet."""
    if len(name.encode("utf-8")) <= limit:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix) > 8:
        stem, suffix = name, ""
    tail = "~" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10] + (f".{suffix}" if suffix else "")
    room = limit - len(tail.encode("utf-8"))
    cut = stem.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    return cut + tail


def unique_name(name: str, taken: set[str]) -> str:
    """`name`, or `name` numbered before its suffix (a-2.ics, a-3.ics …) when it is taken: two
    ids that differ only in case would share a file on Windows and macOS. Adds it to `taken`
    (which holds casefolded names)."""
    suffix = Path(name).suffix
    stem = name[: len(name) - len(suffix)]
    candidate, n = name, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{stem}-{n}{suffix}"
    taken.add(candidate.casefold())
    return candidate


def _through_links(path: Path) -> Path:
    """The file a symlink at `path` points to (followed to the end); else `path` itself."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _create_unique(parent: Path, prefix: str, suffix: str, create) -> Path:
    """A fresh name beside others: `create` must fail with FileExistsError on a taken one."""
    for _ in range(100):
        candidate = parent / f"{prefix}{secrets.token_hex(4)}{suffix}"
        try:
            create(candidate)
            return candidate
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(parent))


def write_new(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write a file that does not exist yet, to disk; mode 0666 less the umask unless given."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            if mode is not None:
                os.chmod(path, mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise


def write_atomic(path: str | Path, content: str | bytes) -> None:
    """Replace (or create) the file at `path` in one step, keeping an existing file's mode."""
    path = Path(path)
    target = _through_links(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    temp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            old = target.stat()
        except FileNotFoundError:
            old = None
        if old is not None and stat.S_ISDIR(old.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
        mode = stat.S_IMODE(old.st_mode) if old is not None else None
        temp = _create_unique(target.parent, f".{fit_name(target.name, 100)}.", ".tmp",
                              lambda candidate: write_new(candidate, data, mode))
        if old is not None and hasattr(os, "chown"):
            with contextlib.suppress(OSError):
                os.chown(temp, -1, old.st_gid)
        os.replace(temp, target)
    except BaseException as exc:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        if isinstance(exc, OSError) and not isinstance(exc, WriteError):
            raise _write_error(exc, path) from exc
        raise


def ensure_writable(path: str | Path, directory: bool = False) -> None:
    """Fail now, before any work, if `path` (a file, or with `directory` a directory) could
    not be written: it must not be the other kind, and the nearest existing folder above it
    must be a directory we may write in (where a new file, or the new directory, is made)."""
    path = Path(path)
    target = _through_links(path)
    try:
        if target.exists() and target.is_dir() != directory:
            code = errno.ENOTDIR if directory else errno.EISDIR
            raise OSError(code, os.strerror(code), str(path))
        folder = target.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
        if not os.access(folder, os.W_OK | os.X_OK):
            code = errno.EROFS if _read_only(folder) else errno.EACCES
            raise PermissionError(code, os.strerror(code), str(folder))
    except OSError as exc:
        raise _write_error(exc, path) from exc


def _read_only(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


# --- A directory built whole, then swapped in ------------------------------------------------

def _stage_prefix(target: Path) -> str:
    return f".{fit_name(target.name, 100)}."


def leftovers(target: Path) -> list[Path]:
    """Directories a killed build of `target` left beside it."""
    pattern = re.compile(re.escape(_stage_prefix(target)) + r"(new|old)-[0-9a-f]{8}$")
    try:
        return sorted(p for p in target.parent.iterdir() if pattern.match(p.name) and p.is_dir()
                      and not p.is_symlink())
    except OSError:
        return []


def _lock(folder: Path):
    """An advisory lock held while a build runs, so that another build does not take its
    directory for a leftover (None where the system has no flock)."""
    try:
        import fcntl
    except ImportError:
        return None
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise
    return fd


def _unlock(fd) -> None:
    if fd is not None:
        os.close(fd)


def _remove_leftovers(target: Path) -> None:
    for folder in leftovers(target):
        try:
            fd = _lock(folder)
        except OSError:
            continue  # another build is using it
        try:
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            _unlock(fd)


@contextlib.contextmanager
def staged_directory(target: str | Path) -> Iterator[Path]:
    """A new, empty directory beside `target` to build its contents in; on leaving the block
    normally it takes `target`'s place in one step (the old one is removed, and so is what
    killed builds left beside it), and on an error it is removed and `target` is untouched.
    The new directory gets the old one's mode.

    A symlink at `target` is followed: the directory it points to is replaced.
    """
    user_path = Path(target)
    target = _through_links(user_path)
    stage = None
    fd = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = stat.S_IMODE(target.stat().st_mode) if target.is_dir() else None
        stage = _create_unique(target.parent, _stage_prefix(target) + "new-", "",
                               lambda p: os.mkdir(p, 0o777))
        if mode is not None:
            os.chmod(stage, mode)
        fd = _lock(stage)
    except OSError as exc:
        if stage is not None:
            shutil.rmtree(stage, ignore_errors=True)
        raise _write_error(exc, user_path) from exc
    try:
        yield stage
        _sync(stage)
        _swap(stage, target)
        _remove_leftovers(target)  # only now: one may hold the only whole copy of the old export
    except OSError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        _unlock(fd)
        raise _write_error(exc, user_path) from exc
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        _unlock(fd)
        raise
    _unlock(fd)


def _swap(stage: Path, target: Path) -> None:
    """Put `stage` at `target`; the old `target` is removed afterwards."""
    if not target.exists():
        os.rename(stage, target)
    elif _exchange(stage, target):
        shutil.rmtree(stage, ignore_errors=True)  # now holds the old contents
    else:  # no atomic exchange here: a moment without `target`, the old one kept beside it
        aside = target.parent / f"{_stage_prefix(target)}old-{secrets.token_hex(4)}"
        os.rename(target, aside)
        os.rename(stage, target)
        shutil.rmtree(aside, ignore_errors=True)
    _sync(target.parent)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _sync(folder: Path) -> None:
    """Make a directory's entries durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def carry(source: Path, destination: Path) -> None:
    """Copy a file, link or folder into a directory being built, sharing file contents by
    hard links where the file system allows."""
    if source.is_symlink():
        os.symlink(os.readlink(source), destination)
    elif source.is_dir():
        shutil.copytree(source, destination, symlinks=True, copy_function=link_or_copy)
    else:
        link_or_copy(source, destination)


def link_or_copy(source, destination) -> None:
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)
