"""Where profiles live, chosen by the ``--profiles`` path (docs/import.md, "Stores"):

* a folder (the default ``profiles/``): one readable YAML file per agent, for a centre's
  own files and the sample;
* a file named ``*.sqlite``, ``*.sqlite3`` or ``*.db``, or any file that is an SQLite
  database: the SQLite store (io/profile_db.py), for tens of thousands of agents.

Both offer the same calls: ``load`` (profiles, optionally filtered by id and team),
``locked`` (the one-writer lock), ``lookup`` and ``write`` (an import's read and its
all-or-nothing write, io/hr_import.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..model.profile import AgentProfile
from .profiles import load_profiles

DATABASE_SUFFIXES = (".sqlite", ".sqlite3", ".db")
_SQLITE_MAGIC = b"SQLite format 3\x00"
FOLDER_LOCK = ".competency.lock"


def is_database(path: str | Path) -> bool:
    path = Path(path)
    if path.is_dir():
        return False
    if path.suffix.lower() in DATABASE_SUFFIXES:
        return True
    try:
        with path.open("rb") as handle:
            return handle.read(16) == _SQLITE_MAGIC
    except OSError:
        return False


def open_store(path: str | Path):
    if is_database(path):
        from .profile_db import ProfileDatabase

        return ProfileDatabase(Path(path))
    return YamlFolder(Path(path))


class YamlFolder:
    def __init__(self, root: Path):
        self.root = root

    def exists(self) -> bool:
        return self.root.is_dir()

    def load(self, keep: Callable[[str, str], bool] | None = None) -> list[AgentProfile]:
        return load_profiles(self.root, keep)

    @contextmanager
    def locked(self) -> Iterator[None]:
        from .journal import recover
        from .locking import exclusive  # filelock: only writers pay for importing it

        self.root.mkdir(parents=True, exist_ok=True)
        with exclusive(self.root / FOLDER_LOCK, f"profiles in {self.root}"):
            recover(self.root)
            yield

    def lookup(self):
        from .hr_pending import from_list

        return from_list(self.load())

    def write(self, changed) -> int:
        """Every changed profile, or none of them (io/journal.py)."""
        from .journal import commit
        from .profiles import dump_profile, yaml_files

        where = {path.stem: path for path in yaml_files(self.root)}
        files = {where.get(p.base.id, self.root / f"{p.base.id}.yaml"): dump_profile(p.profile()).encode("utf-8")
                 for p in changed}
        commit(self.root, files)
        return len(files)
