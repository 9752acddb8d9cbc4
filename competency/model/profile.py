"""Agent profiles: who an agent is and the full history of their assessments (no I/O)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator

from .catalog import Id, Strict
from .tiers import Tier

EvidenceKind = Literal["formal", "self", "kpi"]


# Dates outside these are typing mistakes (0026, 9999), and date arithmetic near the ends
# of Python's calendar overflows (a plan starting the Monday after 9999-12-31).
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


class Assessment(Strict):
    """One piece of evidence about one competency, as imported; never edited afterwards."""

    date: dt.date = Field(ge=FIRST_DATE, le=LAST_DATE)
    source: str = Field(description="file or system the result came from")
    kind: EvidenceKind = "formal"
    raw: str = Field(description="the value as HR gave it, e.g. '82', '进阶', 'pass', '38 s'")
    scale: str | None = Field(None, description="rating-scale id the raw value was read with")
    score: float | None = None
    tier: Tier
    passed: bool = True
    assessor: str | None = None
    metric: str | None = Field(None, description="KPI metric id for kind 'kpi'")
    level: Tier | None = Field(None, description="tier the assessment tested (考核级别), when HR gave it")

    @field_validator("tier", mode="before")
    @classmethod
    def _tier(cls, value: object) -> Tier:
        return Tier.parse(value)

    @field_validator("level", mode="before")
    @classmethod
    def _level(cls, value: object) -> Tier | None:
        return None if value is None else Tier.parse(value)


class CompletedModule(Strict):
    """A module the LMS reports as finished; ``passed: false`` when its own test was failed,
    which does not count as done (the module may be booked again)."""

    module: Id
    date: dt.date | None = Field(None, ge=FIRST_DATE, le=LAST_DATE)
    source: str | None = None
    passed: bool | None = None
    score: float | None = None


class AgentProfile(Strict):
    id: Id
    name: str
    team: str
    site: str | None = None
    role: Id
    industry: Id
    manager: str | None = None
    email: str | None = Field(None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$",
                              description="invites the agent to their sessions in calendar exports")
    # BCP 47 code (zh, en, ja, zh-TW ...). Unset: the catalog's language. Reports exist in zh
    # and en; any other language gets an English report that says so (reports/language.py).
    language: str | None = Field(None, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$", max_length=20)
    hours_per_week: float = Field(4.0, ge=0, le=40)
    budget: float | None = Field(None, ge=0, description="personal training budget, in the catalog's currency")
    hourly_cost: float | None = Field(None, ge=0,
                                      description="off-phone cost per training hour, in the catalog's currency")
    active: bool = Field(True, description="false once the agent has left; never planned, never deleted")
    joined: dt.date | None = None
    left: dt.date | None = None
    completed: list[CompletedModule] = []
    assessments: dict[Id, list[Assessment]] = {}

    def history(self, competency: str) -> list[Assessment]:
        return sorted(self.assessments.get(competency, []), key=lambda a: (a.date, a.kind, a.source, a.raw))

    @property
    def completed_ids(self) -> set[str]:
        return {c.module for c in self.completed if c.passed is not False}
