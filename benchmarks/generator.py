"""Seeded, catalog-shaped planning instances for the performance suite.

Instances are built from the product's own domain types (``Catalog``, ``AgentProfile``) so
the benchmark exercises the same path as ``competency plan``: profiles -> gaps -> model.
"""

from __future__ import annotations

import datetime as dt
import random

from competency.model.catalog import Catalog
from competency.model.profile import AgentProfile, Assessment
from competency.model.tiers import Tier

TIER_KEYS = ("basic", "advanced", "expert")
INDIVIDUAL = ("online_micro", "e_learning", "vr_ar", "coaching", "gamified")
GROUP = ("classroom", "workshop", "role_play", "simulation", "case_study")
SHARE_TAGS = ("equipment_troubleshooting", "compliance_script", "omni_channel")
INDUSTRIES = (("manufacturing", "equipment_troubleshooting", 0.55), ("finance", "compliance_script", 0.40),
              ("retail", "omni_channel", 0.35), ("general", None, 0.0))


def make_catalog(n_modules: int, seed: int = 0, group_share: float = 0.35) -> Catalog:
    """About one module per (competency, tier), a few alternatives, prerequisite chains."""
    rng = random.Random(seed)
    n_comp = max(2, n_modules // 3 - n_modules // 15)
    domains = {f"d{i}": {"id": f"d{i}", "name": f"Domain {i}"} for i in range(max(1, n_comp // 5))}
    comps = {}
    for i in range(n_comp):
        prereqs = []
        # Point only at lower-numbered competencies: acyclic by construction.
        if i and rng.random() < 0.5:
            j = rng.randrange(i)
            prereqs.append({"tier": rng.choice(TIER_KEYS[1:]), "needs": f"c{j:03d}", "needs_tier": rng.choice(TIER_KEYS[:2])})
        comps[f"c{i:03d}"] = {
            "id": f"c{i:03d}", "name": f"Competency {i}", "domain": f"d{i % len(domains)}",
            "tiers": {t: {"indicators": [f"indicator {t}"]} for t in TIER_KEYS}, "prerequisites": prereqs,
        }
    cids = sorted(comps)
    tag_of = {cid: SHARE_TAGS[k % len(SHARE_TAGS)] for k, cid in enumerate(cids) if k % 4 == 0}
    modules = {}
    slots = [(cid, t) for cid in cids for t in TIER_KEYS]
    while len(slots) < n_modules:
        slots.append(rng.choice(slots))
    for k, (cid, tier) in enumerate(slots[:n_modules]):
        level = TIER_KEYS.index(tier) + 1
        group = rng.random() < group_share
        mode = rng.choice(GROUP if group else INDIVIDUAL)
        hours = rng.choice((1, 1.5, 2, 3, 4, 6, 8)) * (1 + (level - 1) * 0.5)
        module = {
            "id": f"m{k:03d}", "title": f"Module {k}", "mode": mode, "hours": min(hours, 16),
            "cost": float(rng.randrange(30, 150 if not group else 120) * level),
            "raises": [{"competency": cid, "tier": tier}],
            "tags": [tag_of[cid]] if cid in tag_of else [],
        }
        if group:
            module["session_cost"] = float(rng.randrange(15, 60) * 100)
            low = rng.choice((2, 3, 4))
            module["class_size"] = {"min": low, "max": rng.choice((8, 12, 16, 24))}
        modules[module["id"]] = module
    industries = {
        name: {"id": name, "name": name.title(), "shares": [{"tag": tag, "min": share}] if tag else []}
        for name, tag, share in INDUSTRIES
    }
    roles = {}
    for r, top in enumerate((Tier.BASIC, Tier.ADVANCED, Tier.EXPERT)):
        targets = {cid: TIER_KEYS[rng.randint(1, int(top)) - 1] for cid in cids if rng.random() < 0.6}
        weights = {cid: round(rng.uniform(0.5, 3.0), 1) for cid in targets}
        roles[f"role{r}"] = {"id": f"role{r}", "name": f"Role {r}", "targets": targets, "weights": weights}
    return Catalog(domains=domains, competencies=comps, modules=modules, roles=roles, industries=industries)


def make_agents(catalog: Catalog, n_agents: int, seed: int = 0, teams: int | None = None,
                new_hires: bool = False) -> list[AgentProfile]:
    """``new_hires``: the same agents with no assessments (nothing held, every target open),
    the onboarding case; the random draws are the same, so other instances stay unchanged."""
    rng = random.Random(seed * 7919 + n_agents)
    n_teams = teams or max(1, n_agents // 12)
    day = dt.date(2026, 9, 1)
    agents = []
    for a in range(n_agents):
        role = rng.choice(sorted(catalog.roles))
        industry = rng.choice(sorted(catalog.industries))
        assessments = {}
        for cid, target in sorted(catalog.roles[role].targets.items()):
            held = Tier(rng.randint(0, int(target)))
            if held > Tier.NONE or rng.random() < 0.3:
                assessments[cid] = [Assessment(date=day, source="bench", raw=held.key, tier=held)]
        agents.append(AgentProfile(
            id=f"A{a:04d}", name=f"Agent {a}", team=f"T{a % n_teams:02d}", role=role, industry=industry,
            hours_per_week=rng.choice((3, 4, 4, 5, 6)), budget=rng.choice((None, None, 1500.0, 3000.0)),
            assessments={} if new_hires else assessments,
        ))
    return agents

