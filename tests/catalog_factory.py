"""Build small catalogs in code for tests, as the YAML a user would write."""

from __future__ import annotations

from pathlib import Path

import yaml

TIERS = ("basic", "advanced", "expert")


def competency(cid: str, domain: str = "core", prerequisites: list | None = None) -> dict:
    return {
        "id": cid,
        "name": {"en": cid.title(), "zh": cid},
        "domain": domain,
        "tiers": {t: {"indicators": [f"{cid} at {t}"]} for t in TIERS},
        "prerequisites": prerequisites or [],
    }


def module(mid: str, cid: str, tier: str, hours: float = 2, cost: float = 100, **extra) -> dict:
    return {"id": mid, "title": mid, "mode": extra.pop("mode", "online_micro"), "hours": hours,
            "cost": cost, "raises": [{"competency": cid, "tier": tier}], **extra}


def small_catalog(n_competencies: int = 3) -> dict:
    comps = [competency(f"c{i}") for i in range(n_competencies)]
    modules = [module(f"m_{c['id']}_{t}", c["id"], t) for c in comps for t in TIERS]
    return {
        "catalog": {"id": "small", "name": "Small"},
        "domains": [{"id": "core", "name": {"en": "Core", "zh": "核心"}}],
        "competencies": comps,
        "modules": modules,
        "roles": [{"id": "agent", "name": "Agent", "targets": {c["id"]: "advanced" for c in comps}}],
        "industries": [{"id": "general", "name": "General"}],
    }


def write_catalog(folder: Path, data: dict, split: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if split:
        for section, value in data.items():
            (folder / f"{section}.yaml").write_text(
                yaml.safe_dump({section: value}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    else:
        (folder / "catalog.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder
