"""The SQLite profile store: 100,000 agents and their histories in one file (stdlib sqlite3).

Why SQLite: one import is one ACID transaction (all of a file's entries or none, even
after ``kill -9``), WAL lets commands read while an import writes, the history's
primary key is the import's de-duplication key (io/hr_rows.Evidence.key), and an index on
team makes ``--team`` read 50 agents instead of 100,000.

Tables are STRICT with CHECK constraints, so every value read back already has the type
and range the domain model demands; histories are therefore rebuilt without running
pydantic over millions of entries (``_entry``), while each agent's own fields (a few per
agent) are validated as usual.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import ValidationError

from ..model.problems import InputError, Problem
from ..model.profile import AgentProfile
from .profile_db_schema import COLUMNS, SCHEMA, entry_from_row as _entry, paused_gc, rows_of as _rows

BATCH = 500  # agents per query when reading many


class ProfileDatabase:
    def __init__(self, path: Path):
        self.path = path

    def exists(self) -> bool:
        return self.path.is_file()

    def _connect(self, create: bool = False) -> sqlite3.Connection:
        if not create and not self.path.is_file():
            raise InputError([Problem(str(self.path), "", "no such profile database; create it with "
                                      f"`competency import FILE --profiles {self.path}`")], "profiles")
        try:
            db = sqlite3.connect(self.path, isolation_level=None, timeout=600)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            if create:
                db.executescript(SCHEMA)
            return db
        except sqlite3.DatabaseError as exc:
            raise InputError([Problem(str(self.path), "", f"not a usable SQLite profile database ({exc}); "
                                      "pass a folder or a database written by `competency import`")],
                             "profiles") from None

    @contextmanager
    def locked(self) -> Iterator[None]:
        from .locking import exclusive  # filelock: only writers pay for importing it

        with exclusive(self.path.with_name(self.path.name + ".lock"), f"profiles in {self.path}"):
            yield

    def load(self, keep: Callable[[str, str], bool] | None = None) -> list[AgentProfile]:
        return [p for batch in self.batches(keep) for p in batch]

    def index(self) -> list[tuple[str, str]]:
        """(agent id, team) of every agent, in id order."""
        db = self._connect()
        try:
            return db.execute("SELECT id, team FROM agents ORDER BY id").fetchall()
        finally:
            db.close()

    def team(self, team: str) -> list[str]:
        """The ids of one team's agents, through the index on team (``gaps --team``)."""
        db = self._connect()
        try:
            return [aid for aid, in db.execute("SELECT id FROM agents WHERE team = ? ORDER BY id", (team,))]
        finally:
            db.close()

    def names(self) -> list[tuple[str, str, str]]:
        """(id, name, team) of every agent, for "did you mean" messages."""
        db = self._connect()
        try:
            return db.execute("SELECT id, json_extract(profile, '$.name'), team FROM agents ORDER BY id").fetchall()
        finally:
            db.close()

    def read(self, ids: list[str]) -> list[AgentProfile]:
        """The profiles of ``ids`` that exist, in id order."""
        db = self._connect()
        try:
            return [p for start in range(0, len(ids), BATCH) for p in self._read(db, ids[start:start + BATCH])]
        except sqlite3.DatabaseError as exc:
            raise InputError([Problem(str(self.path), "", f"cannot read the profile database ({exc})")],
                             "profiles") from None
        finally:
            db.close()

    def batches(self, keep: Callable[[str, str], bool] | None = None,
                size: int = BATCH) -> Iterator[list[AgentProfile]]:
        """Profiles in id order, ``size`` at a time: memory stays bounded for any store size."""
        db = self._connect()
        try:
            ids = [aid for aid, team in db.execute("SELECT id, team FROM agents ORDER BY id")
                   if keep is None or keep(aid, team)]
            for start in range(0, len(ids), size):
                yield self._read(db, ids[start:start + size])
        except sqlite3.DatabaseError as exc:
            raise InputError([Problem(str(self.path), "", f"cannot read the profile database ({exc})")],
                             "profiles") from None
        finally:
            db.close()

    def _read(self, db: sqlite3.Connection, ids: list[str]) -> list[AgentProfile]:
        with paused_gc():
            return self._read_batch(db, ids)

    def _read_batch(self, db: sqlite3.Connection, ids: list[str]) -> list[AgentProfile]:
        marks = ",".join("?" * len(ids))
        history: dict[str, dict[str, list[Assessment]]] = {aid: {} for aid in ids}
        for row in db.execute(f"SELECT agent, {COLUMNS} FROM assessments WHERE agent IN ({marks})", ids):
            history[row[0]].setdefault(row[1], []).append(_entry(row[2:]))
        profiles, problems = [], []
        for aid, text in db.execute(f"SELECT id, profile FROM agents WHERE id IN ({marks}) ORDER BY id", ids):
            try:
                base = AgentProfile.model_validate_json(text)
            except ValidationError as exc:
                problems += [Problem(f"{self.path} agent {aid}", ".".join(map(str, e["loc"])), e["msg"])
                             for e in exc.errors()]
                continue
            profiles.append(base.model_copy(update={"assessments": history[aid]}))
        if problems:
            raise InputError(problems, f"profiles in {self.path}")
        return profiles

    def lookup(self):
        from .hr_pending import CompactPending

        db = self._connect(create=True)

        def find(agent_id: str) -> CompactPending | None:
            found = db.execute("SELECT profile FROM agents WHERE id = ?", (agent_id,)).fetchone()
            if found is None:
                return None
            keys = {(c, dt.date.fromisoformat(d), s, k, r, m or None) for c, d, s, k, r, m in db.execute(
                "SELECT competency, date, source, kind, raw, metric FROM assessments WHERE agent = ?", (agent_id,))}
            return CompactPending(AgentProfile.model_validate_json(found[0]), keys)

        find.new = CompactPending  # agents the import creates
        return find

    def write(self, changed) -> int:
        """One transaction: every new agent and entry of the import, or nothing."""
        from .hr_pending import Replaced

        db = self._connect(create=True)
        try:
            db.execute("BEGIN IMMEDIATE")
            for pending in changed:
                # An LMS or roster import replaces the profile's fields (completions, leaving);
                # an assessment import only appends entries.
                profile = pending.profile() if isinstance(pending, Replaced) else pending.base
                fields = (profile.team, profile.model_dump_json(exclude={"assessments"}), profile.id)
                if pending.created:
                    db.execute("INSERT INTO agents (team, profile, id) VALUES (?, ?, ?)", fields)
                elif isinstance(pending, Replaced):
                    db.execute("UPDATE agents SET team = ?, profile = ? WHERE id = ?", fields)
                db.executemany(f"INSERT OR IGNORE INTO assessments (agent, {COLUMNS}) VALUES "
                               f"(?, {','.join('?' * 12)})",
                               _rows(pending))
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        finally:
            db.close()
        return len(changed)
