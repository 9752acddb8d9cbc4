"""A cache of the validated catalog, so a command does not parse and check its YAML each run.

Reading the shipped catalog (24 files, ~230 KB) costs ~0.15 s: YAML parsing, pydantic
validation of a few hundred models and the cross-checks. The validated catalog is kept
as JSON next to the profile cache (``model_cache.cache_dir()``), one file per catalog
folder, and used only while the catalog's file list and every file's size, mtime, ctime
and inode are unchanged, and the code that validated it is the same
(``model_cache.code_key()``). Only catalogs without errors are cached. Any problem
reading or writing the cache falls back to loading the YAML; ``COMPETENCY_NO_CACHE=1``
turns it off.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from ..model.catalog import Catalog
from .model_cache import Unsupported, cache_dir, caching_enabled, code_key, dump, read_cache, rebuild, write_cache

MIN_BYTES = 16_000  # smaller catalogs load in a few milliseconds; no cache file for them
KEEP = 8  # cache files of the most recently loaded catalog folders
# File times tick coarsely (a few ms; a second on some file systems): a file changed this
# recently could change again, keeping its size, without its times changing. Such a
# catalog is not cached until it has been left alone a little.
SETTLED_NS = 2_000_000_000


class CatalogCache:
    """Take it before reading the files: a file edited during the read then misses next time."""

    def __init__(self, root: Path, files: list[Path]):
        self.enabled = caching_enabled()
        if not self.enabled:
            return
        try:
            stats = [file.stat() for file in files]
            resolved = str(root.resolve())
        except OSError:
            self.enabled = False
            return
        self.enabled = sum(st.st_size for st in stats) >= MIN_BYTES
        self.newest = max(max(st.st_mtime_ns, st.st_ctime_ns) for st in stats)
        digest = hashlib.sha1(f"{code_key()}\0{resolved}".encode())
        for file, st in zip(files, stats):
            digest.update(f"\0{file.relative_to(root) if file != root else ''}\0{st.st_size}"
                          f" {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino}".encode())
        self.key = digest.hexdigest()
        self.file = cache_dir() / f"catalog-{hashlib.sha1(resolved.encode()).hexdigest()[:16]}.json"

    def get(self) -> Catalog | None:
        if not self.enabled:
            return None
        data = read_cache(self.file, self.key)
        if data is None:
            return None
        try:
            return rebuild(Catalog, data)
        except (Unsupported, ValueError, TypeError, KeyError, AttributeError):
            return None  # not what this code writes: load the YAML

    def put(self, catalog: Catalog) -> None:
        if not self.enabled or time.time_ns() - self.newest < SETTLED_NS:
            return
        text = dump(catalog)
        if text is None:
            return  # e.g. a date in the free-form evidence or scales sections
        write_cache(self.file, f"{self.key}\n{text}".encode("utf-8"))
        _prune(self.file)


def _prune(keep: Path) -> None:
    """Each catalog folder ever loaded (every test's temp folder too) would leave a file."""
    try:
        files = sorted(keep.parent.glob("catalog-*.json"), key=lambda f: f.stat().st_mtime_ns, reverse=True)
        for file in files[KEEP:]:
            if file != keep:
                file.unlink(missing_ok=True)
    except OSError:
        pass
