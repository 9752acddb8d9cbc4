"""Per-competency and per-domain tiers of one agent before and after the plan.

Reports take these from the plan alone: a gap line is authoritative; a targeted
competency without one has no gap, so it is shown as held at its target. Nothing here
re-scores profiles or second-guesses the optimiser.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.catalog import Catalog
from ..planner.plan.schema import AgentPlan


@dataclass(frozen=True)
class CompetencyLevel:
    competency: str
    domain: str
    current: int
    target: int
    planned: int
    weight: float
    mandatory: bool = False
    reason: str | None = None

    @property
    def open_steps(self) -> int:
        return max(self.target - self.current, 0)


@dataclass(frozen=True)
class DomainLevel:
    domain: str
    current: float  # mean tier of the domain's targeted competencies
    target: float
    planned: float
    coverage_before: float  # share of target tier steps held, 0..1
    coverage_after: float


def agent_levels(catalog: Catalog, agent: AgentPlan) -> list[CompetencyLevel]:
    targets: dict[str, int] = {}
    role = catalog.roles.get(agent.role)
    if role is not None:
        targets = {cid: int(t) for cid, t in catalog.targets(role, catalog.industries.get(agent.industry)).items()}
    reached: dict[str, int] = {}
    for planned in agent.modules:
        for cid, tier in planned.raises.items():
            reached[cid] = max(reached.get(cid, 0), tier)
    levels = {
        line.competency: CompetencyLevel(
            line.competency, _domain(catalog, line.competency), line.current, line.target,
            line.planned, line.weight, line.mandatory, line.reason)
        for line in agent.gaps
    }
    for cid, target in targets.items():
        if cid not in levels and cid in catalog.competencies:
            planned = max(target, reached.get(cid, 0))
            levels[cid] = CompetencyLevel(cid, _domain(catalog, cid), target, target, planned, 0.0)
    return sorted(levels.values(), key=lambda lv: lv.competency)


def domain_levels(catalog: Catalog, levels: list[CompetencyLevel]) -> list[DomainLevel]:
    """One entry per catalog domain that has a targeted competency, in catalog order."""
    result = []
    for domain in catalog.domains:
        members = [lv for lv in levels if lv.domain == domain and lv.target > 0]
        if not members:
            continue
        count = len(members)
        wanted = sum(lv.target for lv in members)
        result.append(DomainLevel(
            domain=domain,
            current=sum(lv.current for lv in members) / count,
            target=wanted / count,
            planned=sum(lv.planned for lv in members) / count,
            coverage_before=sum(min(lv.current, lv.target) for lv in members) / wanted,
            coverage_after=sum(min(lv.planned, lv.target) for lv in members) / wanted,
        ))
    return result


def _domain(catalog: Catalog, cid: str) -> str:
    comp = catalog.competencies.get(cid)
    return comp.domain if comp is not None else ""
