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
from typing import Collection, NamedTuple

from ...model.catalog import Catalog, Industry, Role
from ...model.problems import InputError, Problem
from ...model.profile import AgentProfile, Assessment
from ...model.tiers import Tier
from .evidence import EvidenceRule, catalog_rule, kpi_notes

MANDATORY_STEPS = 1.0  # a failed assessment weighs as one extra missing step
KPI_FACTOR = 1.25  # a missed KPI makes the competency a quarter more important
_NEXT = {t: Tier(int(t) + 1) for t in Tier if t < Tier.EXPERT}


def _RANK(g: "Gap") -> tuple:
    """Most severe first, mandatory first on ties (reports/ranking.py uses the same order)."""
    return (-g.severity, not g.mandatory, -g.weight, g.competency)


def severity(current: Tier, target: Tier, weight: float, mandatory: bool) -> float:
    """The one place the severity formula lives (see module docstring)."""
    steps = target - current  # IntEnum arithmetic: an int, without two int() calls
    if steps < 0:
        steps = 0
    return weight * steps + (weight * MANDATORY_STEPS if mandatory else 0.0)


class Gap(NamedTuple):
    """One competency below target (or due for retraining). A named tuple, not a frozen
    dataclass: ``gaps`` for 100,000 agents builds 800,000 of them, at a third of the cost."""

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


@dataclass(frozen=True)
class Standard:
    """What one role in one industry asks: targets and weights, worked out once per pair
    and shared by every agent in it (a store of 100,000 agents has a few dozen pairs)."""

    role: Role
    industry: Industry
    targets: dict[str, Tier]  # competencies with a target above none
    weights: dict[str, float]  # every competency's weight before the KPI factor
    target_weights: dict[str, float]  # the targets' competencies (sorted) and their weights


def standard(catalog: Catalog, role: Role, industry: Industry) -> Standard:
    targets = {cid: t for cid, t in catalog.targets(role, industry).items()
               if cid in catalog.competencies and t > Tier.NONE}
    weights = {cid: catalog.weight(cid, role, industry) for cid in catalog.competencies}
    return Standard(role, industry, targets, weights, {cid: weights[cid] for cid in sorted(targets)})


def score_agent(catalog: Catalog, profile: AgentProfile, rule: EvidenceRule | None = None) -> AgentGaps:
    rule = rule or catalog_rule(catalog)
    role = catalog.roles.get(profile.role)
    industry = catalog.industries.get(profile.industry)
    check_known(catalog, profile, role is None, industry is None)
    histories = {cid: profile.history(cid) for cid in profile.assessments if cid in catalog.competencies}
    return score_histories(catalog, standard(catalog, role, industry), profile.id, histories,
                           rule.as_of or _last_evidence(profile), rule, profile)


def score_histories(catalog: Catalog, std: Standard, agent_id: str, histories: dict[str, list[Assessment]],
                    as_of: dt.date | None, rule: EvidenceRule, profile=None,
                    kpi: Collection[str] | None = None) -> AgentGaps:
    """The gaps of one agent from their histories (each sorted oldest first, as
    ``AgentProfile.history`` gives them); ``as_of`` is the rule's date or the agent's
    latest evidence; ``kpi`` the competencies whose histories hold KPI results, when the
    caller knows (None: any may). ``score_agent`` and the bulk scoring of a store (io/gaps_bulk.py) both
    come here, so the rules live in this one function."""
    current = dict.fromkeys(catalog.competencies, Tier.NONE)
    mandatory: dict[str, Tier] = {}
    if as_of:
        state = rule.state
        for cid, history in histories.items():
            if history and cid in current:
                tier, failed = state(history, as_of)
                current[cid] = tier
                if failed and tier < Tier.EXPERT:
                    mandatory[cid] = _NEXT[tier]
    if mandatory:
        # Mandatory ones come in catalog order, like ``current``.
        mandatory = {cid: mandatory[cid] for cid in current if cid in mandatory}
    targets = std.targets
    # Weights of the targeted and mandatory competencies, raised where a KPI result misses.
    weights = (dict(std.target_weights) if not mandatory else
               {cid: std.weights[cid] for cid in sorted(targets.keys() | mandatory.keys())})
    notes: dict[str, list] = {}
    for cid in weights if kpi is None else [c for c in kpi if c in weights]:
        history = histories.get(cid)
        found = kpi_notes(catalog.competencies[cid], history, targets.get(cid, Tier.NONE)) if history else None
        if found:
            notes[cid] = found
            if any(n.misses for n in found):
                weights[cid] *= KPI_FACTOR
    gaps: list[Gap] = []
    for cid, weight in weights.items():
        held, target, due = current[cid], targets.get(cid, Tier.NONE), cid in mandatory
        if held >= target and not due:
            continue  # severity 0: no gap (most targets of most agents are met)
        sev = severity(held, target, weight, due)
        if sev > 0:
            gaps.append(Gap(cid, held, target, weight, sev, due, mandatory.get(cid),
                            tuple(n.text() for n in notes.get(cid, ()))))
    gaps.sort(key=_RANK)
    return AgentGaps(agent_id, current, dict(targets), weights, mandatory, gaps,
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


def check_known(catalog: Catalog, profile: AgentProfile, no_role: bool, no_industry: bool) -> None:
    problems = []
    if no_role:
        problems.append(Problem(f"profile {profile.id}", "role", f"unknown role {profile.role!r}; "
                                f"use one of {', '.join(sorted(catalog.roles)) or '(the catalog has no roles)'}"))
    if no_industry:
        problems.append(Problem(f"profile {profile.id}", "industry", f"unknown industry {profile.industry!r}; "
                                f"use one of {', '.join(sorted(catalog.industries)) or '(none)'}"))
    if problems:
        raise InputError(problems, f"profile {profile.id}")

