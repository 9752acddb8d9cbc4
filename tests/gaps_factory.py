"""Catalogs and profiles built in memory for gap-scoring tests (no YAML, fast enough for hypothesis)."""

from __future__ import annotations

import datetime as dt

from competency.model.catalog import Catalog, Competency, Domain, Industry, Role
from competency.model.profile import AgentProfile, Assessment


def competency(cid: str, kpi: dict | None = None) -> Competency:
    """``kpi``: {tier name: [threshold dicts]} e.g. {"basic": [{"metric": "csat", "min": 4}]}."""
    tiers = {t: {"indicators": [f"{cid} {t}"], "kpi": (kpi or {}).get(t, [])} for t in ("basic", "advanced", "expert")}
    return Competency.model_validate({"id": cid, "name": {"en": cid, "zh": cid}, "domain": "core", "tiers": tiers})


def catalog(targets: dict[str, int], weights: dict[str, float] | None = None,
            kpi: dict[str, dict] | None = None, industry_targets: dict[str, int] | None = None,
            extra: list[str] = ()) -> Catalog:
    ids = sorted(set(targets) | set(industry_targets or {}) | set(extra))
    return Catalog(
        domains={"core": Domain(id="core", name="Core")},
        competencies={c: competency(c, (kpi or {}).get(c)) for c in ids},
        modules={},
        roles={"agent": Role(id="agent", name="Agent", targets=targets, weights=weights or {})},
        industries={"general": Industry(id="general", name="General", targets=industry_targets or {})},
    )


def entry(tier: int, day: int = 1, kind: str = "formal", passed: bool = True, month: int = 3, **extra) -> Assessment:
    return Assessment(date=dt.date(2026, month, day), source=extra.pop("source", "hr.csv"), kind=kind,
                      raw=extra.pop("raw", f"{kind}-{tier}-{passed}"), tier=tier, passed=passed, **extra)


def profile(history: dict[str, list[Assessment]], aid: str = "A1", **fields) -> AgentProfile:
    return AgentProfile(id=aid, name=fields.pop("name", "测试"), team=fields.pop("team", "T1"), role="agent",
                        industry="general", assessments=history, **fields)
