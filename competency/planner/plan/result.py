"""Turn a schedule (who takes what in which week) into a ``Plan`` with all its totals.

Shared by the optimiser and the greedy baseline, so both write the same contract.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...model.catalog import ONLINE
from ...model.graph import apply
from ...model.tiers import Tier
from ..problem.candidates import mandatory_modules, start_levels
from ..problem.instance import Instance, Learner
from .schema import AgentPlan, GapLine, Plan, PlannedModule, Session, ShareLine
from ..problem.staffing import assign_trainers, venue
from .limits import annotate_limits
from .why import booking_reasons


@dataclass(frozen=True, order=True)
class Booking:
    agent_id: str
    week: int
    module_id: str
    mentor: str | None = None


def bookings_of(plan: Plan) -> list[Booking]:
    """A plan's schedule back as bookings: to hint a solve, or to merge plans."""
    return [Booking(agent_id=a.agent_id, week=m.week, module_id=m.module_id, mentor=m.mentor)
            for a in plan.agents for m in a.modules]


@dataclass(frozen=True)
class Outcome:
    """How a solve ended; the objective is always recomputed from the schedule."""

    status: str
    bound: float | None = None
    solver: str = ""
    seconds: float = 0.0
    stages: tuple = ()
    infeasibility: tuple[str, ...] = ()
    conflicts: tuple = ()  # plan.Conflict, one per infeasibility sentence


def to_plan(instance: Instance, bookings: list[Booking], outcome: Outcome, catalog_id: str = "",
            limits: bool = True, workers: int = 1) -> Plan:
    """The plan of a schedule; every open gap names the limits that keep it open (limits.py,
    over ``workers`` processes for big cohorts). ``limits=False`` leaves them out, for a plan
    that may never be shown (a floor): at 1,000 agents they cost ~25 CPU-s."""
    by_agent: dict[str, list[Booking]] = {a.agent_id: [] for a in instance.learners}
    for booking in sorted(bookings):
        by_agent[booking.agent_id].append(booking)
    sessions = sessions_of(instance, bookings)
    taught = {(s.module_id, ONLINE if s.online else (s.site or ""), s.week): s.trainer for s in sessions}
    agents = [_agent_plan(instance, learner, by_agent[learner.agent_id], taught)
              for learner in instance.learners]
    objective = round(sum(a.gaps_closed for a in agents), 6)
    bound = objective if outcome.bound is None else max(round(outcome.bound, 6), objective)
    total = sum(a.total_cost for a in agents) + sum(s.cost for s in sessions)
    plan = Plan(
        kind="agent" if instance.options.personal else "cohort",
        status=outcome.status,
        objective=objective,
        bound=bound,
        gap=round((bound - objective) / bound, 6) if bound > 0 else 0.0,
        solver=outcome.solver,
        solve_seconds=round(outcome.seconds, 3),
        budget=instance.options.budget,
        total_cost=round(total, 2),
        weeks=instance.options.weeks,
        start_date=instance.options.start_date,
        catalog=catalog_id,
        options=instance.options.recorded(),
        agents=agents,
        sessions=sessions,
        infeasibility=list(outcome.infeasibility),
        conflicts=list(outcome.conflicts),
        stages=list(outcome.stages),
    )
    if limits:
        annotate_limits(instance, plan, workers)
    return plan


def sessions_of(instance: Instance, bookings: list[Booking]) -> list[Session]:
    """One session per group module, venue and week, each with its trainer."""
    if instance.options.personal:
        return []
    seats: dict[tuple[str, str, int], list[str]] = {}
    modules = instance.catalog.modules
    for b in bookings:
        module = modules[b.module_id]
        if module.is_group:
            seats.setdefault((b.module_id, venue(instance.learner(b.agent_id), module), b.week), []).append(b.agent_id)
    trainers = assign_trainers(instance, seats)
    return [
        Session(module_id=mid, week=w, participants=sorted(agents), cost=modules[mid].session_cost,
                site=None if where == ONLINE else (where or None), online=where == ONLINE,
                trainer=trainers[mid, where, w])
        for (mid, where, w), agents in sorted(seats.items(), key=lambda item: (item[0][2], item[0][0], item[0][1]))
    ]


def _agent_plan(instance: Instance, learner: Learner, bookings: list[Booking],
                taught: dict | None = None) -> AgentPlan:
    catalog, options = instance.catalog, instance.options
    held = start_levels(instance, learner)
    mandatory = {mid for mids in mandatory_modules(catalog, learner).values() for mid in mids}
    modules, levels = [], dict(held)
    why = booking_reasons(catalog, learner, held, [(b.module_id, b.week) for b in bookings])
    for b in bookings:
        module = catalog.modules[b.module_id]
        levels = apply(module, levels)
        where = venue(learner, module) if module.is_group and not options.personal else None
        modules.append(PlannedModule(
            module_id=module.id, week=b.week, hours=module.hours, cost=round(options.seat(learner, module), 2),
            mandatory=module.id in mandatory, mentor=b.mentor,
            raises={r.competency: int(r.tier) for r in module.raises}, reason=why[module.id],
            site=None if where in (None, ONLINE) else (where or None), online=where == ONLINE,
            trainer=(taught or {}).get((module.id, where, b.week)) if where is not None else None,
        ))
    hours = sum(m.hours for m in modules)
    gaps = [
        GapLine(competency=cid, current=int(held.get(cid, Tier.NONE)), target=int(target),
                planned=int(max(held.get(cid, Tier.NONE), levels.get(cid, Tier.NONE))),
                weight=learner.weight(cid), mandatory=cid in learner.mandatory)
        for cid, target in sorted(learner.targets.items())
    ]
    closed = sum(g.weight * max(0, min(g.planned, g.target) - g.current) for g in gaps)
    remaining = sum(g.weight * max(0, g.target - max(g.planned, g.current)) for g in gaps)
    shares = [
        ShareLine(tag=rule.tag, min=rule.min, hours=(tagged := sum(
            m.hours for m in modules if rule.tag in catalog.modules[m.module_id].tags)),
            achieved=round(tagged / hours, 4) if hours else 0.0)
        for rule in learner.shares
    ]
    return AgentPlan(
        agent_id=learner.agent_id, name=learner.name, team=learner.team, role=learner.role,
        industry=learner.industry, site=learner.site, hours_per_week=options.hours_for(learner), budget=learner.budget,
        modules=modules, total_hours=round(hours, 2), total_cost=round(sum(m.cost for m in modules), 2),
        off_phone_cost=round(learner.hourly_cost * hours, 2) if options.off_phone_cost else 0.0,
        gaps_closed=round(closed, 6), gaps_remaining=round(remaining, 6), gaps=gaps, shares=shares,
        kept=sorted(f.module_id for f in options.fixed if f.agent_id == learner.agent_id),
    )

