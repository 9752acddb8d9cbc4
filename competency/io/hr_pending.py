"""What an import knows about each agent it touches: the stored state and what the file adds.

Kept apart from the profile so that a row costs time in proportion to its own evidence: the
history's keys are built once, when the agent is first met, and the profile is rebuilt
once, at the end (issue 14, class 9: rebuilding both per row made a 30,000-entry history
take over a minute).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..model.profile import AgentProfile
from .hr_rows import Evidence
from .profile_db_schema import entry_row


@dataclass
class Pending:
    """One agent the import touches: what it had and what the file adds to it."""

    base: AgentProfile  # for a database store: the profile without its history
    keys: set[tuple]  # Evidence.key of every entry in the stored history
    created: bool = False
    added: list[Evidence] = field(default_factory=list)
    competencies: set[str] = field(init=False)  # with a history, stored or added

    def __post_init__(self) -> None:
        self.competencies = {k[0] for k in self.keys}

    @property
    def changed(self) -> bool:
        return self.created or bool(self.added)

    def add(self, items: list[Evidence]) -> None:
        self.added += items

    def profile(self) -> AgentProfile:
        if not self.added:
            return self.base
        assessments = {cid: list(entries) for cid, entries in self.base.assessments.items()}
        for item in self.added:
            assessments.setdefault(item.competency, []).append(item.assessment)
        return self.base.model_copy(update={"assessments": assessments})


@dataclass
class Replaced(Pending):
    """An agent whose profile fields an LMS or roster import changed (completions, joining,
    leaving): the whole new profile is stored, its history untouched."""

    new: AgentProfile | None = None

    @property
    def changed(self) -> bool:
        return True

    def profile(self) -> AgentProfile:
        return self.new


class CompactPending(Pending):
    """For a database store: new entries kept as their table rows (a few hundred bytes)
    instead of validated models (~1.4 KB each), so a million-row import fits in memory.
    The full profile is never rebuilt: the database appends the rows."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.rows: list[tuple] = []

    @property
    def changed(self) -> bool:
        return self.created or bool(self.rows)

    def add(self, items: list[Evidence]) -> None:
        self.rows += [entry_row(self.base.id, e.competency, e.assessment) for e in items]

    def profile(self) -> AgentProfile:
        raise TypeError("a database import appends rows; it does not rebuild the profile")


def history_keys(profile: AgentProfile) -> set[tuple]:
    return {Evidence(cid, a).key for cid, entries in profile.assessments.items() for a in entries}


Lookup = Callable[[str], "Pending | None"]  # agent id -> its stored state, None when unknown


def from_list(profiles: list[AgentProfile]) -> Lookup:
    by_id = {p.id: p for p in profiles}

    def lookup(agent_id: str) -> Pending | None:
        profile = by_id.get(agent_id)
        return None if profile is None else Pending(profile, history_keys(profile))

    return lookup
