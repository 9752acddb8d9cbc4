"""Gap scoring: how far each agent is from the targets of their role and industry.

Pure functions, no I/O. The formula (docs/gaps.md):

    severity(c) = weight(c) * max(0, target(c) - current(c))
                + weight(c) * MANDATORY_STEPS   if c needs mandatory retraining

``weight(c)`` is the role weight x the industry weight (catalog.weight), raised by
``KPI_FACTOR`` when the agent's latest KPI value misses a threshold up to the target tier.
The optimiser maximises weight x tier steps closed, so the first term is exactly the value
a plan can win on that competency; the mandatory term ranks failed assessments first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ...model.catalog import Catalog
from ...model.problems import InputError, Problem
from ...model.profile import AgentProfile
from ...model.tiers import Tier
from .evidence import EvidenceRule, catalog_rule, kpi_notes

MANDATORY_STEPS = 1.0  # a failed assessment weighs as one extra missing step
KPI_FACTOR = 1.25  # a missed KPI makes the competency a quarter more important


def severity(current: Tier, target: Tier, weight: float, mandatory: bool) -> float:
    """The one place the severity formula lives (see module docstring)."""
    steps = max(0, int(target) - int(current))
    return weight * steps + (weight * MANDATORY_STEPS if mandatory else 0.0)


@dataclass(frozen=True)
class Gap:
    competency: str
    current: Tier
    target: Tier
    weight: float
    severity: float
    mandatory: bool = False
    mandatory_tier: Tier | None = None  # tier the retraining must reach
    kpi: tuple[str, ...] = ()  # evidence notes from KPI results

    @property
    def steps(self) -> int:
        return max(0, int(self.target) - int(self.current))


@dataclass(frozen=True)
class AgentGaps:
    agent_id: str
    current: dict[str, Tier]
    targets: dict[str, Tier]
    weights: dict[str, float]
    mandatory: dict[str, Tier]
    gaps: list[Gap]
    total_severity: float
    as_of: dt.date | None = None
    profile: AgentProfile | None = field(default=None, repr=False, compare=False)


def score_agent(catalog: Catalog, profile: AgentProfile, rule: EvidenceRule | None = None) -> AgentGaps:
    rule = rule or catalog_rule(catalog)
    role = catalog.roles.get(profile.role)
    industry = catalog.industries.get(profile.industry)
    _check_known(catalog, profile, role is None, industry is None)
    as_of = rule.as_of or _last_evidence(profile)
    histories = {cid: profile.history(cid) for cid in catalog.competencies}
    current = {cid: rule.current(h, as_of) if as_of else Tier.NONE for cid, h in histories.items()}
    targets = {cid: t for cid, t in catalog.targets(role, industry).items()
               if cid in catalog.competencies and t > Tier.NONE}
    mandatory = {cid: Tier(int(current[cid]) + 1) for cid, h in histories.items()
                 if as_of and current[cid] < Tier.EXPERT and rule.failed(h, as_of)}
    weights: dict[str, float] = {}
    gaps: list[Gap] = []
    for cid in sorted(set(targets) | set(mandatory)):
        target = targets.get(cid, Tier.NONE)
        notes = kpi_notes(catalog.competencies[cid], histories[cid], target)
        weight = catalog.weight(cid, role, industry)
        if any(n.misses for n in notes):
            weight *= KPI_FACTOR
        weights[cid] = weight
        sev = severity(current[cid], target, weight, cid in mandatory)
        if sev > 0:
            gaps.append(Gap(cid, current[cid], target, weight, sev, cid in mandatory,
                            mandatory.get(cid), tuple(n.text() for n in notes)))
    gaps.sort(key=lambda g: (-g.severity, not g.mandatory, -g.weight, g.competency))
    return AgentGaps(profile.id, current, targets, weights, mandatory, gaps,
                     sum(g.severity for g in gaps), as_of, profile)


def score_team(catalog: Catalog, profiles: list[AgentProfile], rule: EvidenceRule | None = None) -> list[AgentGaps]:
    """Every agent's gaps, in profile id order; all unknown roles/industries reported at once."""
    problems: list[Problem] = []
    result = []
    for profile in profiles:
        try:
            result.append(score_agent(catalog, profile, rule))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems, "profiles do not match the catalog")
    return result


def _last_evidence(profile: AgentProfile) -> dt.date | None:
    dates = [a.date for entries in profile.assessments.values() for a in entries]
    return max(dates) if dates else None


def _check_known(catalog: Catalog, profile: AgentProfile, no_role: bool, no_industry: bool) -> None:
    problems = []
    if no_role:
        problems.append(Problem(f"profile {profile.id}", "role", f"unknown role {profile.role!r}; "
                                f"use one of {', '.join(sorted(catalog.roles)) or '(the catalog has no roles)'}"))
    if no_industry:
        problems.append(Problem(f"profile {profile.id}", "industry", f"unknown industry {profile.industry!r}; "
                                f"use one of {', '.join(sorted(catalog.industries)) or '(none)'}"))
    if problems:
        raise InputError(problems, f"profile {profile.id}")

