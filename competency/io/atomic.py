"""Write files so that readers never see half of one, and writing never destroys anything.

A regular file is written to a temp file in the same folder, then renamed over the target.
A symlink is followed to the file it names (replacing the link would cut it off), a device
or FIFO is written through (``--out /dev/null`` must not turn /dev/null into a file), and a
folder is refused. Every OS failure becomes a ``WriteError`` whose message is one line
with the path and what to do; the temp file is removed. Temp files carry the writer's pid,
so the ones left by a killed run are removed on a process's first write to that folder
(once per process and folder: sweeping before every file made writing 10,000 IDPs into one
folder quadratic, ~40 s of scanning).
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import time
from pathlib import Path

HINTS = {
    errno.EACCES: "permission denied; choose a folder you can write to",
    errno.EPERM: "permission denied; choose a folder you can write to",
    errno.EROFS: "the folder is on a read-only file system; choose another place",
    errno.ENOSPC: "the disk is full; free some space or choose another disk",
    errno.EDQUOT: "the disk quota is used up; free some space or choose another disk",
    errno.ENAMETOOLONG: "the file name is too long; choose a shorter name",
    errno.EISDIR: "it is a folder; give a file name",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EEXIST: "a part of the path is a file, not a folder",  # what mkdir says about a file in the way
}
_NAME_KEEP = 80  # characters of the target's name kept in the temp name: room for pid and suffix
_OLD_TEMP_AGE = 3600  # seconds; temp files from before names carried a pid are removed after this
_SWEPT: set[Path] = set()  # folders this process has swept of stale temp files


class WriteError(OSError):
    """An output could not be written; ``str()`` is one line naming the path and the fix."""


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    target = Path(path)
    try:
        real = Path(os.path.realpath(target))
        mode = os.stat(real).st_mode if os.path.lexists(real) else None
    except OSError as exc:
        raise _error(target, exc) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise WriteError(f"{target}: cannot write: {HINTS[errno.EISDIR]}")
    if mode is not None and not stat.S_ISREG(mode):
        _write_through(target, real, data)
        return
    _replace(target, real, data, mode)


def write_text_atomic(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    write_bytes_atomic(path, text.encode(encoding))


def _write_through(shown: Path, real: Path, data: bytes) -> None:
    """Devices, FIFOs: open the existing node and write into it, never replace it."""
    try:
        fd = os.open(real, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
    except OSError as exc:
        raise _error(shown, exc) from None


def _replace(shown: Path, real: Path, data: bytes, mode: int | None) -> None:
    folder = real.parent
    tmp = folder / f".{real.name[:_NAME_KEEP]}.{os.getpid()}-{secrets.token_hex(4)}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if folder not in _SWEPT:
            remove_stale_temps(folder)
            _SWEPT.add(folder)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies, as for any new file
        try:
            if mode is not None:
                os.fchmod(fd, stat.S_IMODE(mode))  # replacing keeps the file's permissions
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, real)
    except BaseException as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, WriteError):
            raise _error(shown, exc) from None
        raise


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


_TEMP = re.compile(r"^\..+\.(?:(\d+)-[0-9a-f]{8}|[a-z0-9_]{8})\.tmp$")


def remove_stale_temps(folder: Path) -> list[Path]:
    """Remove temp files whose writer is gone (killed mid-write); returns what was removed."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = _TEMP.match(entry.name)
        if not match or not entry.is_file(follow_symlinks=False):
            continue
        pid = match.group(1)
        try:
            stale = not _alive(int(pid)) if pid else now - entry.stat(follow_symlinks=False).st_mtime > _OLD_TEMP_AGE
            if stale:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue  # another run removed it, or it is not ours to remove
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _error(path: Path, exc: OSError) -> WriteError:
    hint = HINTS.get(exc.errno or 0, exc.strerror or str(exc))
    return WriteError(f"{path}: cannot write: {hint}")
