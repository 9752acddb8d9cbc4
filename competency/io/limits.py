"""Size limits on input files (docs/security.md), checked before anything is read.

Paths come from users: a plan "file" may be /dev/zero, a FIFO nobody writes to, or a
multi-gigabyte dump. Each is refused with a message instead of reading forever.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..model.problems import InputError, Problem

MB = 1024 * 1024
MAX_PLAN = 200 * MB  # a 20,000-agent plan is ~60 MB
MAX_CATALOG_FILE = 20 * MB  # the shipped catalog is 0.23 MB in 24 files
MAX_FRAMEWORK = 50 * MB  # Moodle CSV or CASE JSON


def read_bounded(path: str | Path, limit: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, else ``InputError`` naming it."""
    name = str(path)
    try:
        with open(path, "rb", opener=_no_block) as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise InputError([Problem(name, "", f"not a regular file; give a {what} saved on disk")],
                                 f"cannot read {name}")
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputError([Problem(name, "", "no such file")], f"cannot read {name}") from None
    except IsADirectoryError:
        raise InputError([Problem(name, "", f"is a folder; give a {what}")], f"cannot read {name}") from None
    except PermissionError:
        raise InputError([Problem(name, "", "permission denied")], f"cannot read {name}") from None
    if len(data) > limit:
        raise InputError([Problem(name, "", f"larger than {limit // MB} MB; a {what} is far smaller "
                                  "(see docs/security.md)")], f"cannot read {name}")
    return data


def _no_block(path: str, flags: int) -> int:
    # O_NONBLOCK: opening a FIFO with no writer returns at once (and is then refused).
    return os.open(path, flags | os.O_NONBLOCK)
