"""Columns of the decomposition: one agent's whole schedule, and the prices it is judged by.

A column satisfies every per-agent rule (``formulation.rules.PER_AGENT``) because pricing
produced it from that agent's own model; only the linking rules remain for the master.
Values are in weight units (the objective's), money in fen, as in the compact model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...model.catalog import Module
from ..problem.instance import Instance, Learner
from ..problem.staffing import venue

Slot = tuple[str, int]  # (module, week)
SessionKey = tuple[str, str, int]  # (module, venue, week)


@dataclass(frozen=True, order=True)
class Column:
    agent_id: str
    bookings: tuple[Slot, ...]  # sorted (module, week) pairs
    value: int = field(compare=False)  # scaled like the compact model's value terms
    cost: int = field(compare=False)  # fen: the agent's seats

    def weeks(self) -> frozenset[int]:
        return frozenset(w for _, w in self.bookings)


@dataclass
class Prices:
    """Multipliers of the linking rows. ``budget``: value per fen of cohort spend;
    ``fill``: per session key, (price of a place above the class maximum, reward of a place
    towards the class minimum); ``cap``: per week, the sessions-per-week row; ``team``: per
    (team, week), the team-cap row."""

    budget: float = 0.0
    fill: dict[SessionKey, tuple[float, float]] = field(default_factory=dict)
    cap: dict[int, float] = field(default_factory=dict)
    team: dict[tuple[str, int], float] = field(default_factory=dict)

    def booking(self, key: SessionKey) -> float:
        """The net price one booking pays into its session's rows."""
        over, under = self.fill.get(key, (0.0, 0.0))
        return over - under


def session_key(learner: Learner, module: Module, week: int) -> SessionKey:
    return (module.id, venue(learner, module), week)


def column_value(instance: Instance, learner: Learner, bookings: tuple[Slot, ...], held: dict) -> int:
    """Scaled weighted gap closure of a schedule, as the value rule counts it: a tier step
    counts when some booked module raises the competency to that tier or beyond."""
    from ..formulation.variables import weight_int

    reached: dict[str, int] = {}
    for mid, _ in bookings:
        for r in instance.catalog.modules[mid].raises:
            reached[r.competency] = max(reached.get(r.competency, 0), int(r.tier))
    total = 0
    for cid, tier in learner.open_steps():
        if int(held.get(cid, 0)) < tier <= reached.get(cid, 0):
            total += weight_int(learner.weight(cid))
    return total
