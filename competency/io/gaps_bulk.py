"""Gaps of a group of agents read straight from the SQLite store: the lean path of
``gaps`` for everyone (100,000 agents in seconds, docs/performance.md "Scale").

Two ordered range queries per group replace a profile object per agent: the agents'
names, teams, roles and industries from their JSON, and their histories as light tuples
with the attributes the evidence rules read. Everything the store holds was validated
when it was imported and its tables' CHECKs hold the rest (io/profile_db_schema.py), so
no pydantic model is built here. Scoring is ``planner.scoring.gaps.score_histories``, the
function ``score_agent`` uses: one set of rules, and the same bytes out
(tests/test_gaps_bulk.py).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import namedtuple
from operator import attrgetter
from pathlib import Path

from ..model.catalog import Catalog
from ..model.problems import InputError, Problem
from ..model.tiers import Tier
from ..planner.scoring.evidence import EvidenceRule
from ..planner.scoring.gaps import AgentGaps, check_known, score_histories, standard

# The fields of model.profile.Assessment that scoring reads, in the store's column order.
Entry = namedtuple("Entry", "date source kind raw metric score tier passed")
Person = namedtuple("Person", "id name team role industry")  # what a gaps row shows of a profile

# Both read by primary key, in key order (no sort): an IN list of up to CHUNK ids each.
_AGENTS = ("SELECT id, profile, (SELECT max(date) FROM assessments WHERE agent = agents.id) FROM agents "
           "WHERE id IN ({}) ORDER BY id")
_ENTRIES = ("SELECT agent, competency, date, source, kind, raw, metric, score, tier, passed FROM assessments "
            "WHERE agent IN ({}) ORDER BY agent, competency, date, source, kind, raw, metric")
CHUNK = 1000
_TIERS = tuple(Tier)
_MMAP = 1 << 30
_KNOWN = 100_000  # distinct entries kept for sharing
_HISTORY_ORDER = attrgetter("date", "kind", "source", "raw")  # AgentProfile.history's order


def score_group(path: Path, ids: list[str], catalog: Catalog, rule: EvidenceRule) -> list[AgentGaps]:
    """Gaps of ``ids`` (a group of ``gaps`` for everyone, or a team), in id order; ids
    the store lacks are left out."""
    ids = sorted(ids)
    results: list[AgentGaps] = []
    problems: list[Problem] = []
    for start in range(0, len(ids), CHUNK):
        try:
            results += _score_chunk(path, ids[start:start + CHUNK], catalog, rule)
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems, "profiles do not match the catalog")
    return results


def _score_chunk(path: Path, ids: list[str], catalog: Catalog, rule: EvidenceRule) -> list[AgentGaps]:
    if not path.is_file():
        raise InputError([Problem(str(path), "", "the profile database went away while gaps were read")], "profiles")
    db = sqlite3.connect(path, timeout=600)
    try:
        db.execute(f"PRAGMA mmap_size = {_MMAP}")  # pages read in place, not copied: a tenth of the read time
        db.execute("BEGIN")  # one snapshot: an import committing meanwhile is seen whole or not at all
        marks = ",".join("?" * len(ids))
        people, problems = _people(path, db.execute(_AGENTS.format(marks), ids))
        histories, kpi = _histories(db.execute(_ENTRIES.format(marks), ids))
    except sqlite3.DatabaseError as exc:
        raise InputError([Problem(str(path), "", f"cannot read the profile database ({exc})")], "profiles") from None
    except (ValueError, TypeError, IndexError) as exc:  # a file with our tables but not our CHECKs
        raise InputError([Problem(str(path), "", f"holds a value `competency import` never writes ({exc}); "
                                  "import the HR files into a new database")], "profiles") from None
    finally:
        db.close()
    standards, results = {}, []
    for person, newest in people:
        key = (person.role, person.industry)
        if key not in standards:
            role, industry = catalog.roles.get(person.role), catalog.industries.get(person.industry)
            try:
                check_known(catalog, person, role is None, industry is None)
            except InputError as exc:
                problems += exc.problems
                continue
            standards[key] = standard(catalog, role, industry)
        results.append(score_histories(catalog, standards[key], person.id, histories.get(person.id, {}),
                                       rule.as_of or newest, rule, person, kpi.get(person.id, ())))
    if problems:
        raise InputError(problems, "profiles do not match the catalog")
    return results


def _people(path: Path, rows) -> tuple[list[tuple[Person, dt.date | None]], list[Problem]]:
    """(person, date of their latest evidence) per agent, and what is wrong with the rest."""
    people, problems = [], []
    for aid, text, newest in rows:
        data = json.loads(text)
        fields = [data.get(k) if isinstance(data, dict) else None for k in ("name", "team", "role", "industry")]
        if all(type(v) is str for v in fields):
            people.append((Person(aid, *fields), newest and dt.date.fromisoformat(newest)))
            continue
        problems += _invalid(path, aid, text)
    return people, problems


def _invalid(path: Path, aid: str, text: str) -> list[Problem]:
    """What the model says about a profile the store should never hold (edited by hand)."""
    from pydantic import ValidationError

    from ..model.profile import AgentProfile

    try:
        AgentProfile.model_validate_json(text)
    except ValidationError as exc:
        return [Problem(f"{path} agent {aid}", ".".join(map(str, e["loc"])), e["msg"]) for e in exc.errors()]
    return [Problem(f"{path} agent {aid}", "", "profile lacks a name, team, role or industry")]


def _histories(rows) -> tuple[dict[str, dict[str, list[Entry]]], dict[str, set[str]]]:
    """agent -> competency -> entries oldest first; and agent -> competencies with KPI results.

    Entries are immutable and recur (one file's source, a few dates, a hundred raw
    scores), so equal rows share one Entry: a dict look-up instead of parsing a date and
    building a tuple, for most of the 40 rows an agent has.
    """
    out: dict[str, dict[str, list[Entry]]] = {}
    kpi: dict[str, set[str]] = {}
    known: dict[tuple, Entry] = {}
    several: list[list[Entry]] = []  # histories of two or more entries: to be put in history order
    tiers, parse, new = _TIERS, dt.date.fromisoformat, Entry
    agent = competency = None
    per: dict[str, list[Entry]] = {}
    entries: list[Entry] = []
    for row in rows:
        if row[0] != agent:
            agent, competency = row[0], None
            per = out[agent] = {}
        if row[1] != competency:
            competency = row[1]
            entries = per[competency] = []
        elif len(entries) == 1:
            several.append(entries)
        if row[4] == "kpi":
            kpi.setdefault(agent, set()).add(competency)
        key = row[2:]
        entry = known.get(key)
        if entry is None:
            if len(known) > _KNOWN:
                known.clear()  # all-distinct rows: keep memory bounded
            date, source, kind, raw, metric, score, tier, passed = key
            entry = known[key] = new(parse(date), source, kind, raw, metric or None, score, tiers[tier], passed == 1)
        entries.append(entry)
    for entries in several:
        entries.sort(key=_HISTORY_ORDER)  # the store's key order puts source before kind
    return out, kpi
