"""Tables of the SQLite profile store and how an assessment becomes a row.

The CHECK constraints are the domain model's rules (model/profile.py) restated, so that a
row that passes them rebuilds into a valid Assessment; a hand-edited database that breaks
them cannot be written to in the first place (SQLite refuses the row).
"""

from __future__ import annotations

import datetime as dt
import gc
import math
from collections.abc import Iterator
from contextlib import contextmanager

from ..model.profile import Assessment
from ..model.tiers import Tier

_new, _set = object.__new__, object.__setattr__
_TIERS = tuple(Tier)
_FIELDS = frozenset(Assessment.model_fields)

FORMAT = 1
COLUMNS = "competency, date, source, kind, raw, metric, scale, score, tier, passed, assessor, level"
_ID = "GLOB '[A-Za-z0-9]*' AND {0} NOT GLOB '*[^A-Za-z0-9_.-]*' AND length({0}) <= 80"

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS store (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
INSERT OR IGNORE INTO store VALUES ('format', '{FORMAT}');
CREATE TABLE IF NOT EXISTS agents (
    id TEXT PRIMARY KEY CHECK (id {_ID.format('id')}),
    team TEXT NOT NULL,
    profile TEXT NOT NULL CHECK (json_valid(profile))
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS agents_by_team ON agents (team, id);
CREATE TABLE IF NOT EXISTS assessments (
    agent TEXT NOT NULL REFERENCES agents (id),
    competency TEXT NOT NULL CHECK (competency {_ID.format('competency')}),
    date TEXT NOT NULL CHECK (length(date) = 10 AND date(date, '+0 days') IS date),  -- normalising refuses 02-30
    source TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('formal', 'self', 'kpi')),
    raw TEXT NOT NULL,
    metric TEXT NOT NULL,
    scale TEXT,
    score REAL CHECK (score IS NULL OR abs(score) <= 1e300),
    tier INTEGER NOT NULL CHECK (tier BETWEEN 0 AND 3),
    passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
    assessor TEXT,
    level INTEGER CHECK (level IS NULL OR level BETWEEN 0 AND 3),
    PRIMARY KEY (agent, competency, date, source, kind, raw, metric)
) STRICT, WITHOUT ROWID;
"""


def entry_row(agent: str, competency: str, a: Assessment) -> tuple:
    """The row for one history entry; its first seven values are the de-duplication key."""
    score = a.score if a.score is None or math.isfinite(a.score) else None
    return (agent, competency, a.date.isoformat(), a.source, a.kind, a.raw, a.metric or "", a.scale, score,
            int(a.tier), int(a.passed), a.assessor, None if a.level is None else int(a.level))


def rows_of(pending) -> list[tuple]:
    """An import's new rows (CompactPending), or those of a full Pending (copying a folder in)."""
    rows = getattr(pending, "rows", None)
    return rows if rows is not None else [entry_row(pending.base.id, e.competency, e.assessment)
                                          for e in pending.added]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Building ~20,000 small objects a batch (acyclic: nothing for the cycle collector to
    find) would otherwise run it dozens of times over a growing heap: half the read time."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def entry_from_row(row: tuple) -> Assessment:
    """An Assessment from a row the CHECKs above admitted, without running pydantic (io/profile_db.py says why)."""
    date, source, kind, raw, metric, scale, score, tier, passed, assessor, level = row
    entry = _new(Assessment)
    _set(entry, "__dict__", {"date": dt.date.fromisoformat(date), "source": source, "kind": kind, "raw": raw,
                             "scale": scale, "score": score, "tier": _TIERS[tier], "passed": bool(passed),
                             "assessor": assessor, "metric": metric or None,
                             "level": None if level is None else _TIERS[level]})
    _set(entry, "__pydantic_fields_set__", set(_FIELDS))
    _set(entry, "__pydantic_extra__", None)
    _set(entry, "__pydantic_private__", None)
    return entry
