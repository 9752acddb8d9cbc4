"""A parse cache for the profile folder, so `competency gaps` stays well under a second.

Parsing YAML costs ~10 µs per node in PyYAML even with libyaml; 40 agents with a year of
history are ~70,000 nodes. Validated profiles are kept as JSON in the user cache folder
(``$XDG_CACHE_HOME/competency`` or ``~/.cache/competency``), keyed by each file's path,
size and modification time; any edited file is parsed again. The cache is an optimisation
only: every error in it, or in writing it, falls back to parsing. ``COMPETENCY_NO_CACHE=1``
turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .atomic import write_text_atomic

CACHE_VERSION = 1
MIN_FILES = 20  # smaller folders parse in a few milliseconds; no cache file for them


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "competency"


class ProfileCache:
    def __init__(self, root: Path, files: int):
        self.root = root
        self.enabled = files >= MIN_FILES and not os.environ.get("COMPETENCY_NO_CACHE")
        digest = hashlib.sha1(str(root.resolve()).encode("utf-8")).hexdigest()[:16]
        self.file = cache_dir() / f"profiles-{digest}.json"
        self.entries: dict[str, list] = {}
        self.dirty = False
        if self.enabled:
            try:
                data = json.loads(self.file.read_text(encoding="utf-8"))
                if data.get("version") == CACHE_VERSION:
                    self.entries = data["files"]
            except (OSError, ValueError, KeyError, AttributeError):
                self.entries = {}

    @staticmethod
    def _stamp(path: Path) -> list[int]:
        st = path.stat()
        return [st.st_size, st.st_mtime_ns, st.st_ino]

    def key(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def get(self, path: Path) -> dict | None:
        entry = self.entries.get(self.key(path))
        if not self.enabled or entry is None or entry[0] != self._stamp(path):
            return None
        return entry[1]

    def put(self, path: Path, data: dict) -> None:
        if self.enabled:
            self.entries[self.key(path)] = [self._stamp(path), data]
            self.dirty = True

    def save(self, paths: list[Path]) -> None:
        stale = set(self.entries) - {self.key(p) for p in paths}
        if not (self.enabled and (self.dirty or stale)):
            return
        for key in stale:
            del self.entries[key]
        try:
            write_text_atomic(self.file, json.dumps({"version": CACHE_VERSION, "files": self.entries},
                                                    ensure_ascii=False))
        except OSError:
            pass  # a read-only home folder only costs speed
