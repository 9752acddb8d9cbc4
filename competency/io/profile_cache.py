"""A parse cache for the profile folder, so `competency gaps` stays well under a second.

Parsing YAML costs ~3 µs per node even with libyaml and ``safe_yaml``; 40 agents with a
year of history are ~70,000 nodes. Validated profiles are kept as JSON in the user cache
folder (``$XDG_CACHE_HOME/competency`` or ``~/.cache/competency``), keyed by each file's
path, size, mtime, ctime and inode; any edited file is parsed again. The whole cache is
dropped when the code that validated it changes (``model_cache.code_key()``), because
cached profiles are rebuilt without validating them again. The cache is an optimisation
only: every error in it, or in writing it, falls back to parsing. ``COMPETENCY_NO_CACHE=1``
turns it off.

File layout: the code key on the first line; on the second a JSON index, per file
``[size, mtime_ns, ctime_ns, inode, agent id, team, start, end]``; then each profile's JSON
one after the other, ``start:end`` being its bytes after the index line. The id and team
let a command that shows one team or one agent rebuild only those profiles.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..model.profile import AgentProfile
from .model_cache import Unsupported, cache_dir, caching_enabled, code_key, dump, rebuild, write_cache

MIN_FILES = 20  # smaller folders parse in a few milliseconds; no cache file for them

Stamp = list[int]


class ProfileCache:
    def __init__(self, root: Path, files: int):
        self.root = root
        self.enabled = files >= MIN_FILES and caching_enabled()
        # key -> (stamp, agent id, team, profile JSON)
        self.entries: dict[str, tuple[Stamp, str, str, bytes]] = {}
        self.dirty = False
        if not self.enabled:
            return
        digest = hashlib.sha1(str(root.resolve()).encode("utf-8")).hexdigest()[:16]
        self.file = cache_dir() / f"profiles-{digest}.json"
        self._read()

    def _read(self) -> None:
        try:
            raw = self.file.read_bytes()
            first = raw.index(b"\n")
            if raw[:first] != code_key().encode():
                return
            second = raw.index(b"\n", first + 1)
            index = json.loads(raw[first + 1:second])
        except (OSError, ValueError):
            return
        body = raw[second + 1:]
        if not isinstance(index, dict):
            return
        for key, entry in index.items():
            if (isinstance(entry, list) and len(entry) == 8 and all(type(v) is int for v in entry[:4])
                    and type(entry[4]) is str and type(entry[5]) is str
                    and type(entry[6]) is int and type(entry[7]) is int and 0 <= entry[6] <= entry[7] <= len(body)):
                self.entries[key] = (entry[:4], entry[4], entry[5], body[entry[6]:entry[7]])

    def stamp(self, path: Path) -> Stamp | None:
        """Take it before reading the file: an edit during the read then misses next time."""
        if not self.enabled:
            return None
        st = path.stat()
        return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]

    def key(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def header(self, path: Path, stamp: Stamp | None) -> tuple[str, str] | None:
        """(agent id, team) of a file cached with this stamp."""
        entry = self.entries.get(self.key(path)) if stamp is not None else None
        if entry is None or entry[0] != stamp:
            return None
        return entry[1], entry[2]

    def get(self, path: Path, stamp: Stamp | None) -> AgentProfile | None:
        entry = self.entries.get(self.key(path)) if stamp is not None else None
        if entry is None or entry[0] != stamp:
            return None
        try:
            profile = rebuild(AgentProfile, json.loads(entry[3]))
        except (Unsupported, ValueError, TypeError, KeyError, AttributeError):
            return None  # not what this code writes: parse the file
        if not isinstance(profile, AgentProfile) or (profile.id, profile.team) != entry[1:3]:
            return None
        return profile

    def put(self, path: Path, stamp: Stamp | None, profile: AgentProfile) -> None:
        text = dump(profile) if stamp is not None else None
        if text is None:
            return
        self.entries[self.key(path)] = (stamp, profile.id, profile.team, text.encode("utf-8"))
        self.dirty = True

    def save(self, paths: list[Path]) -> None:
        if not self.enabled:
            return
        stale = set(self.entries) - {self.key(p) for p in paths}
        if not (self.dirty or stale):
            return
        for key in stale:
            del self.entries[key]
        index: dict[str, list] = {}
        offset = 0
        for key, (stamp, agent_id, team, text) in self.entries.items():
            index[key] = [*stamp, agent_id, team, offset, offset + len(text)]
            offset += len(text)
        head = f"{code_key()}\n{json.dumps(index, ensure_ascii=False, separators=(',', ':'))}\n".encode("utf-8")
        write_cache(self.file, head + b"".join(entry[3] for entry in self.entries.values()))
