"""Tiers through CASE rubrics (CFRubrics): a criterion per item, a level per tier.

Reading: a criterion whose levels are named basic/advanced/expert (our own export) gives
those indicators back; any other rubric is read like a Moodle scale, levels by score, the
lowest meaning "not yet" when there are four or more. Writing: a criterion only for
competencies whose tiers an import would not derive anyway, so a CASE file imported and
exported again gains nothing.
"""

from __future__ import annotations

from ..model.catalog import Catalog, Text, TierSpec
from ..model.tiers import TIERS, Tier
from .common import derived_tiers


def criteria_by_item(rubrics: object) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for rubric in rubrics if isinstance(rubrics, list) else []:
        for crit in (rubric.get("CFRubricCriteria") or []) if isinstance(rubric, dict) else []:
            item = crit.get("CFItemURI") if isinstance(crit, dict) else None
            if isinstance(item, dict) and item.get("identifier") and crit.get("CFRubricCriterionLevels"):
                out.setdefault(item["identifier"], crit)
    return out


def tiers_for(name: Text, criterion: dict | None) -> dict[Tier, TierSpec]:
    levels = sorted((lv for lv in (criterion or {}).get("CFRubricCriterionLevels", []) if isinstance(lv, dict)),
                    key=lambda lv: (lv.get("score") or 0, lv.get("position") or 0))
    ours = {lv.get("quality"): lv for lv in levels}
    if set(ours) == {t.key for t in TIERS} and all(lv.get("description") for lv in levels):
        return {t: TierSpec(indicators=[Text(en=line) for line in ours[t.key]["description"].split("\n") if line])
                for t in TIERS}
    # A level's quality names it and its description says what it means: both are kept.
    named = [(str(lv.get("quality") or lv.get("description") or "").strip(),
              str(lv.get("description") or "").strip() if lv.get("quality") else "") for lv in levels]
    named = [(label, note) for label, note in named if label]
    if len(named) >= 4:
        named = named[1:]
    return derived_tiers(name, [label for label, _ in named] or None, {"en": "rubric", "zh": "评分量规"},
                         [note for _, note in named] or None)


def rubric_for(catalog: Catalog, links: dict[str, dict], uuid, lang: str, base: str, changed: str,
               stored: dict[str, dict]) -> dict | None:
    """Our rubric for the competencies whose indicators a re-import would not give back."""
    criteria = []
    for comp in catalog.competencies.values():
        link = links[f"competency:{comp.id}"]
        if _shown(comp.tiers, lang) == _shown(tiers_for(comp.name, stored.get(link["identifier"])), lang):
            continue
        ident = uuid("criterion", catalog.info.id, comp.id)
        levels = [{"identifier": uuid("level", catalog.info.id, comp.id, t.key), "uri": base + uuid(
                   "level", catalog.info.id, comp.id, t.key), "quality": t.key, "score": int(t), "position": int(t),
                   "description": "\n".join(i.get(lang) for i in comp.tiers[t].indicators),
                   "rubricCriterionId": ident, "lastChangeDateTime": changed} for t in TIERS]
        criteria.append({"identifier": ident, "uri": base + ident, "CFItemURI": link, "position": len(criteria) + 1,
                         "lastChangeDateTime": changed, "CFRubricCriterionLevels": levels})
    if not criteria:
        return None
    ident = uuid("rubric", catalog.info.id)
    return {"identifier": ident, "uri": base + ident, "title": f"{catalog.info.name.get(lang)}: tiers",
            "description": "basic / advanced / expert indicators per competency", "lastChangeDateTime": changed,
            "CFRubricCriteria": criteria}


def _shown(tiers: dict[Tier, TierSpec], lang: str) -> dict:
    # KPIs have no place in a CASE rubric level, so only indicators are compared.
    return {t: [i.get(lang) for i in spec.indicators] for t, spec in sorted(tiers.items())}
