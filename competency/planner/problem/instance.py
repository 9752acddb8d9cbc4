"""Solver-independent planning input: who learns, what they aim for, and the rules of the run.

Everything the optimiser, the greedy baseline and the plan checker need is here as plain
data, so tests can build instances without profiles and the solver never sees a profile.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from ...model.catalog import Catalog, ShareRule
from ...model.tiers import Tier
from .previous import Previous

WEIGHT_SCALE = 1000  # weights are compared with 3 decimals, so ties stay exact in integers


@dataclass(frozen=True)
class Learner:
    agent_id: str
    levels: Mapping[str, Tier]
    targets: Mapping[str, Tier]
    weights: Mapping[str, float]
    mandatory: Mapping[str, Tier] = field(default_factory=dict)
    hours_per_week: float = 4.0
    budget: float | None = None
    hourly_cost: float = 0.0
    completed: frozenset[str] = frozenset()
    team: str = ""
    shares: tuple[ShareRule, ...] = ()
    name: str = ""
    role: str = ""
    industry: str = ""
    site: str = ""  # catalog site id (or the profile's own name for it); "" for none

    def level(self, cid: str) -> Tier:
        return Tier(self.levels.get(cid, Tier.NONE))

    def open_steps(self) -> list[tuple[str, int]]:
        """(competency, tier) steps between the current tier and the target that carry weight."""
        return [
            (cid, t)
            for cid in sorted(self.targets)
            if self.weight(cid) > 0
            for t in range(int(self.level(cid)) + 1, int(self.targets[cid]) + 1)
        ]

    def weight(self, cid: str) -> float:
        return round(float(self.weights.get(cid, 1.0)), 3)


@dataclass(frozen=True)
class FixedModule:
    """A module an earlier plan already started; it is kept and never re-planned."""

    agent_id: str
    module_id: str
    start: dt.date


@dataclass(frozen=True)
class PlanningOptions:
    weeks: int = 12
    start_date: dt.date = dt.date(2026, 1, 5)
    budget: float | None = None
    hours_per_week: float | None = None
    mandatory_within: int | None = None
    team_cap: int | None = None
    team_cap_share: float | None = None
    sessions_per_week: int | None = None
    mentor_max_mentees: int = 2
    off_phone_cost: bool = False
    personal: bool = False
    fixed: tuple[FixedModule, ...] = ()
    # Weeks in which listed group modules may run; set for the parts of a decomposed cohort so
    # that two parts never hold a session of the same module in the same week.
    session_weeks: Mapping[str, frozenset[int]] | None = None
    # Weeks in which listed trainers teach in this instance (decomposed cohorts: a trainer's
    # week belongs to one part, so two parts never count on the same capacity).
    trainer_weeks: Mapping[str, frozenset[int]] | None = None
    # Re-plans: the earlier plan's bookings in this horizon (rules/stability.py, replan.py).
    previous: tuple[Previous, ...] = ()
    # Re-plans: (agent, module) booked in a week already over and not completed. Booking them
    # again is no change to anyone's calendar (``plan diff`` calls it "missed"), so the
    # changes stage does not count it either.
    missed: tuple[tuple[str, str], ...] = ()
    # Re-plans: the first weeks of this plan that the earlier plan covered. A booking after
    # them changes nobody's calendar (a rolling horizon's new weeks; ``plan diff``:
    # "new_weeks"), so the changes stage does not count it. None: every week was covered.
    covered_weeks: int | None = None
    # Re-plans: mandatory retraining is a stage (booked wherever the rules allow, the rest named)
    # rather than a rule that fails the whole plan when one retraining cannot fit the cycle.
    retraining_stage: bool = False
    # Re-plans: the share of the best value (0.01 = 1 %) the plan may give up to change fewer
    # bookings people were told about (solvers/stages.py). 0: value first, strictly.
    value_tolerance: float = 0.0
    # Idle weeks last (rules/week_free.py). None: on for personal plans, where weeks differ only
    # in their order; the decomposition's pricing, with a price per (module, week), sets False.
    week_symmetry: bool | None = None
    # The week-free rows of personal plans (rules/week_free.py). relax.py's per-agent bounds of a
    # cohort leave them out: their tighter caps made the sample's site-by-site bound run 5x longer.
    week_free: bool = True

    def may_run(self, module_id: str, week: int) -> bool:
        return self.session_weeks is None or module_id not in self.session_weeks or week in self.session_weeks[module_id]

    def breaks_week_symmetry(self) -> bool:
        # A re-plan's earlier bookings pin weeks (a freeze, fewest changes): weeks are then not
        # interchangeable, and moving bookings forward would break the promise.
        if self.previous:
            return False
        return self.personal if self.week_symmetry is None else self.week_symmetry and self.personal

    def week_dates(self, week: int) -> tuple[dt.date, dt.date]:
        first = self.start_date + dt.timedelta(weeks=week - 1)
        return first, first + dt.timedelta(days=6)

    def seat(self, learner: Learner, module) -> float:
        """What one agent's place on ``module`` costs: the per-participant price, plus the
        agent's off-phone cost for its hours when the run counts it."""
        return module.cost + (learner.hourly_cost * module.hours if self.off_phone_cost else 0.0)

    def hours_for(self, learner: Learner) -> float:
        return self.hours_per_week if self.hours_per_week is not None else learner.hours_per_week

    def mandatory_deadline(self) -> int:
        return min(self.mandatory_within or self.weeks, self.weeks)

    def team_limit(self, team_size: int) -> int | None:
        """Most agents of a team of ``team_size`` that may train in the same week."""
        limits = []
        if self.team_cap is not None:
            limits.append(self.team_cap)
        if self.team_cap_share is not None:
            # Round down: the share protects staffing, so it never lets an extra agent go.
            limits.append(int(self.team_cap_share * team_size + 1e-9))
        return min(limits) if limits else None

    def recorded(self) -> dict[str, object]:
        """The options a plan file records so the checker can re-verify the plan."""
        return {
            "hours_per_week": self.hours_per_week,
            "mandatory_within": self.mandatory_within,
            "team_cap": self.team_cap,
            "team_cap_share": self.team_cap_share,
            "sessions_per_week": self.sessions_per_week,
            "mentor_max_mentees": self.mentor_max_mentees,
            "off_phone_cost": self.off_phone_cost,
            "personal": self.personal,
        }


@dataclass(frozen=True)
class Instance:
    catalog: Catalog
    learners: tuple[Learner, ...]
    options: PlanningOptions = PlanningOptions()
    mentors: Mapping[str, Mapping[str, Tier]] | None = None

    def mentor_pool(self) -> Mapping[str, Mapping[str, Tier]]:
        """Agents who may mentor: by default the cohort being planned."""
        if self.mentors is not None:
            return self.mentors
        return {learner.agent_id: learner.levels for learner in self.learners}

    def learner(self, agent_id: str) -> Learner:
        for learner in self.learners:
            if learner.agent_id == agent_id:
                return learner
        raise KeyError(agent_id)

    def with_options(self, **changes: object) -> "Instance":
        return replace(self, options=replace(self.options, **changes))

    def team_sizes(self) -> dict[str, int]:
        sizes: dict[str, int] = {}
        for learner in self.learners:
            sizes[learner.team] = sizes.get(learner.team, 0) + 1
        return sizes


def learners_from_profiles(catalog: Catalog, profiles: Iterable[object]) -> list[Learner]:
    """Score each profile's gaps (gap scorer) and turn the result into planner input."""
    from ..scoring.gaps import score_agent

    learners = []
    for profile in sorted(profiles, key=lambda p: p.id):
        if not getattr(profile, "active", True):
            continue  # a leaver keeps their profile and history, but is not planned
        gaps = score_agent(catalog, profile)
        industry = catalog.industries.get(profile.industry)
        learners.append(Learner(
            agent_id=profile.id,
            levels=dict(gaps.current),
            targets=dict(gaps.targets),
            weights=dict(gaps.weights),
            mandatory=dict(gaps.mandatory),
            hours_per_week=profile.hours_per_week,
            budget=profile.budget,
            hourly_cost=profile.hourly_cost or 0.0,
            completed=frozenset(profile.completed_ids),
            team=profile.team,
            shares=tuple(industry.shares) if industry else (),
            name=profile.name,
            role=profile.role,
            industry=profile.industry,
            site=catalog.site_of(profile.site),
        ))
    return learners
