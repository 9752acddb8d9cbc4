"""Where a plan stands on a date: booked, done, overdue, spent, per agent and per team (no I/O).

A booking is *due* once its week has ended by the as-of date; it is *done* when the LMS
reported the module completed (and not failed) on or before that date, whenever it was
taken; a due booking not done is *overdue*. Hours and money count done bookings at the
plan's seat price, so "spent" compares like with like against the plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model.profile import AgentProfile
from ..planner.plan.schema import Plan


@dataclass
class Tally:
    """Counts and sums for one agent, one team or the whole cohort."""

    planned: int = 0
    due: int = 0
    done: int = 0
    overdue: int = 0
    hours_planned: float = 0.0
    hours_spent: float = 0.0
    cost_planned: float = 0.0
    cost_spent: float = 0.0
    assessed: int = 0
    passed: int = 0
    retraining_open: int = 0
    retraining_closed: int = 0

    def add(self, other: "Tally") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.assessed if self.assessed else None

    @property
    def done_share(self) -> float | None:
        return self.done / self.due if self.due else None


@dataclass
class AgentProgress:
    agent_id: str
    name: str
    team: str
    active: bool
    tally: Tally
    overdue: list[tuple[str, int]] = field(default_factory=list)  # (module, week)
    retraining: list[tuple[str, dt.date, bool]] = field(default_factory=list)  # (competency, failed on, closed)


def booking_status(plan: Plan, profile: AgentProfile | None, as_of: dt.date) -> list[tuple[str, int, str]]:
    """(module, week, "done" | "overdue" | "upcoming") for every booking of the agent."""
    agent = next((a for a in plan.agents if profile is not None and a.agent_id == profile.id), None)
    if agent is None:
        return []
    done = {c.module for c in profile.completed if c.passed is not False and (c.date is None or c.date <= as_of)}
    out = []
    for m in agent.modules:
        ends = plan.week_start(m.week) + dt.timedelta(days=6)
        state = "done" if m.module_id in done else ("overdue" if ends < as_of else "upcoming")
        out.append((m.module_id, m.week, state))
    return out


def agent_progress(plan: Plan, profile: AgentProfile, as_of: dt.date) -> AgentProgress:
    tally, overdue = Tally(), []
    plan_agent = next((a for a in plan.agents if a.agent_id == profile.id), None)
    seats = {m.module_id: m for m in plan_agent.modules} if plan_agent else {}
    for module_id, week, state in booking_status(plan, profile, as_of):
        seat = seats[module_id]
        tally.planned += 1
        tally.hours_planned += seat.hours
        tally.cost_planned += seat.cost
        if plan.week_start(week) + dt.timedelta(days=6) < as_of or state == "done":
            tally.due += 1
        if state == "done":
            tally.done += 1
            tally.hours_spent += seat.hours
            tally.cost_spent += seat.cost
        elif state == "overdue":
            tally.overdue += 1
            overdue.append((module_id, week))
    retraining = _retraining(plan, profile, as_of)
    for _, _, closed in retraining:
        tally.retraining_closed += closed
        tally.retraining_open += not closed
    for history in profile.assessments.values():
        for a in history:
            if a.kind == "formal" and plan.start_date <= a.date <= as_of:
                tally.assessed += 1
                tally.passed += a.passed
    return AgentProgress(profile.id, profile.name, profile.team, profile.active, tally, overdue, retraining)


def _retraining(plan: Plan, profile: AgentProfile, as_of: dt.date) -> list[tuple[str, dt.date, bool]]:
    """Failed formal assessments in the plan period; closed by a later pass or a completed
    module that trains the competency after the failure."""
    plan_agent = next((a for a in plan.agents if a.agent_id == profile.id), None)
    trains = {m.module_id: set(m.raises) for m in plan_agent.modules} if plan_agent else {}
    out = []
    for cid in sorted(profile.assessments):
        history = profile.history(cid)
        for a in history:
            if a.kind != "formal" or a.passed or not plan.start_date <= a.date <= as_of:
                continue
            passed_later = any(b.kind == "formal" and b.passed and a.date < b.date <= as_of for b in history)
            retrained = any(c.passed is not False and c.date is not None and a.date <= c.date <= as_of
                            and cid in trains.get(c.module, ()) for c in profile.completed)
            out.append((cid, a.date, passed_later or retrained))
    return out


def cohort_progress(plan: Plan, profiles: list[AgentProfile], as_of: dt.date
                    ) -> tuple[list[AgentProgress], dict[str, Tally], Tally]:
    """Per agent of the plan (leavers included, flagged), per team, and in total."""
    planned = {a.agent_id for a in plan.agents}
    agents = [agent_progress(plan, p, as_of) for p in sorted(profiles, key=lambda p: p.id) if p.id in planned]
    teams: dict[str, Tally] = {}
    total = Tally()
    for a in agents:
        teams.setdefault(a.team, Tally()).add(a.tally)
        total.add(a.tally)
    return agents, dict(sorted(teams.items())), total
