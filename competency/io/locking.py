"""One writer at a time on a profile store, with filelock (a maintained cross-platform lock).

Two imports touching the same agents must run one after the other: each reads the stored
history, adds to it and writes it back, so running them side by side would let the later
write drop the earlier one's entries. The lock is an OS lock on a file next to the store
(``.competency.lock`` in a folder, ``<file>.lock`` beside a database); the OS releases it
when a process dies, even by ``kill -9``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

NOTICE_AFTER_S = 1.0  # wait this long quietly before saying why nothing happens


@contextmanager
def exclusive(lock_file: Path, what: str) -> Iterator[None]:
    lock = FileLock(str(lock_file))
    try:
        lock.acquire(timeout=NOTICE_AFTER_S)
    except Timeout:
        sys.stderr.write(f"waiting for another run that is writing {what} ...\n")
        lock.acquire()
    try:
        yield
    finally:
        lock.release()
