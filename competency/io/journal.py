"""All-or-nothing writes of many files in a profile folder: stage, record, rename, forget.

An import may change thousands of profile files. Each new file is first written next to
its target as ``.<name>.<random>.new`` and synced; then one journal file listing every
(staged, target) pair is written atomically: that write is the commit point. Only then are
the staged files renamed over their targets and the journal removed. A crash before the
commit point leaves the old folder plus staged files that ``recover`` deletes; a crash
after it leaves a journal that ``recover`` replays. Either way a reader ends up with the
whole old state or the whole new one. The caller holds the folder's lock (io/store.py).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from ..model.problems import InputError, Problem
from .atomic import write_text_atomic

JOURNAL = ".import-journal.json"
_STAGED = re.compile(r"^\.[A-Za-z0-9_.\-]+\.yaml\.[A-Za-z0-9_]+\.new$")


def commit(root: Path, files: dict[Path, bytes]) -> None:
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            staged.append((_stage(target, data), target))
        entries = [[tmp.relative_to(root).as_posix(), target.relative_to(root).as_posix()] for tmp, target in staged]
        write_text_atomic(root / JOURNAL, json.dumps(entries, ensure_ascii=False))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    recover(root)


def recover(root: Path) -> None:
    """Finish a commit a crash interrupted, and drop files staged by a run that never committed."""
    journal = root / JOURNAL
    if journal.exists():
        for tmp, target in _entries(root, journal):
            if tmp.exists():
                os.replace(tmp, target)
        for folder in {target.parent for _, target in _entries(root, journal)}:
            _sync(folder)
        journal.unlink()
        _sync(root)
    for stale in root.rglob(".*.new"):
        if _STAGED.match(stale.name):
            stale.unlink(missing_ok=True)


def _stage(target: Path, data: bytes) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(name, 0o666 & ~umask)  # mkstemp makes 0600; profiles get the usual mode
    return target.parent / Path(name).name


def _entries(root: Path, journal: Path) -> list[tuple[Path, Path]]:
    """The journal is a file in a user's folder: every pair must stay inside the folder."""
    bad = InputError([Problem(str(journal), "", "damaged import journal; restore the folder from a backup or "
                              "delete this file to keep the profiles as they are")], "profiles")
    try:
        entries = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise bad from None
    if not isinstance(entries, list):
        raise bad
    pairs, base = [], root.resolve()
    for entry in entries:
        if not (isinstance(entry, list) and len(entry) == 2 and all(isinstance(p, str) for p in entry)):
            raise bad
        tmp, target = root / entry[0], root / entry[1]
        if (not _STAGED.match(tmp.name) or tmp.parent != target.parent or target.suffix != ".yaml"
                or not tmp.resolve().is_relative_to(base) or ".." in Path(entry[1]).parts):
            raise bad
        pairs.append((tmp, target))
    return pairs


def _sync(folder: Path) -> None:
    """Renames are durable once the folder itself is synced (POSIX; a no-op where unsupported)."""
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
