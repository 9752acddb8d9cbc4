"""Bookings of an earlier plan, as a re-plan sees them (plain data; replan.py makes them).

``week`` is the week of the new horizon the booking falls in. A ``frozen`` booking lies
inside the freeze window: people have been told, so it keeps its week, venue and trainer
(rules/stability.py); the others are kept where that costs no value (the "changes" stage).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Previous:
    agent_id: str
    module_id: str
    week: int
    frozen: bool = False
    venue: str = ""  # staffing.venue of the booking: the site, "online", or "" for individual formats
    trainer: str | None = None
    mentor: str | None = None  # a mentoring booking's mentor (the re-plan's floor keeps them)
