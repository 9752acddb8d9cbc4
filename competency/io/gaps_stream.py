"""Gaps of everyone in a large SQLite store as CSV or JSON, in bounded memory, on an executor.

Agents are scored in groups of ``GROUP``: each job names its agent ids and the database,
reads only those agents (io/gaps_bulk.py, no profile objects), scores them and returns its
part of the file as text; parts are written in id order as they arrive. The bytes are
those of ``gaps_csv`` / ``gaps_json`` for the same agents (tests/test_profile_db.py,
tests/test_gaps_bulk.py), without ever holding every profile.
"""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from ..model.catalog import Catalog
from ..planner.scoring.evidence import EvidenceRule
from ..reports.ranking import gap_rank_key
from .gaps_bulk import score_group
from .gaps_export import _agent, gap_lines, gaps_csv, gaps_document, gaps_json
from .profile_db import ProfileDatabase, paused_gc

GROUP = 1000


def stream_gaps(path: Path, catalog: Catalog, rule: EvidenceRule, fmt: str, lang: str, executor,
                out: IO[str]) -> int:
    """Write the whole document to ``out``; returns the number of agents."""
    ids = [aid for aid, _ in ProfileDatabase(path).index()]
    if not ids:
        out.write(gaps_csv(catalog, [], lang) if fmt == "csv" else gaps_json(catalog, [], rule))
        return 0
    jobs = [(path, catalog, rule, fmt, lang, ids[k:k + GROUP]) for k in range(0, len(ids), GROUP)]
    if fmt == "csv":
        out.write(gaps_csv(catalog, [], lang))
    else:
        head = json.dumps({**gaps_document(catalog, [], rule), "agents": [0]}, ensure_ascii=False, indent=2)
        before, after = head.split("    0")  # the document around its agents list
        out.write(before)
    first = True
    for part in executor.imap(_part, jobs):
        if fmt == "json" and part and not first:
            out.write(",\n")
        first = first and not part
        out.write(part)
    if fmt == "json":
        out.write(after + "\n")
    return len(ids)


def _part(job: tuple) -> str:
    path, catalog, rule, fmt, lang, ids = job
    with paused_gc():
        results = score_group(path, ids, catalog, rule)
        for r in results:
            r.gaps.sort(key=gap_rank_key)  # already in this order: the ranking is reports/ranking.py's to keep
    if fmt == "csv":
        return gap_lines(catalog, results, lang)
    return ",\n".join("\n".join("    " + line for line in json.dumps(_agent(catalog, r), ensure_ascii=False,
                                                                        indent=2).split("\n")) for r in results)


@contextmanager
def atomic_text(target: Path, encoding: str) -> Iterator[IO[str]]:
    """A text file written in place of ``target`` only when complete (temp file, then rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
