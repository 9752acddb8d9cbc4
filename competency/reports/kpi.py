"""An agent's latest KPI results against the catalog thresholds, as lines in the report
language: "投诉率 3.1 %（2025-01-15）：未达 进阶 ≤ 2 %" / "Complaint rate 3.1 % on 2025-01-15:
misses advanced ≤ 2 %".

The scorer keeps English notes for the JSON document (planner/evidence.py); tables and
reports word the same facts from the thresholds themselves, so metric, tier and unit are
named in the chosen language.
"""

from __future__ import annotations

from ..model.catalog import Catalog
from ..model.profile import AgentProfile
from ..model.tiers import Tier
from ..planner.scoring.evidence import kpi_notes
from .labels import number, unit_name
from .names import metric_label


def kpi_lines(catalog: Catalog, profile: AgentProfile | None, cid: str, target: Tier, lang: str) -> list[str]:
    comp = catalog.competencies.get(cid)
    if profile is None or comp is None:
        return []
    lines = []
    for note in kpi_notes(comp, profile.history(cid), target):
        units = {k.unit for t in comp.tiers.values() for k in t.kpi if k.metric == note.metric and k.unit}
        unit = unit_name(next(iter(units)), lang) if len(units) == 1 else ""
        value = f"{metric_label(catalog, note.metric, lang)} {number(note.value)}{' ' + unit if unit else ''}"
        misses = [f"{tier.label(lang)} {'≤' if k.max is not None else '≥'} "
                  f"{number(k.max if k.max is not None else k.min)}{' ' + unit_name(k.unit, lang) if k.unit else ''}"
                  for tier in sorted(comp.tiers) if tier <= target
                  for k in comp.tiers[tier].kpi if k.metric == note.metric and not k.met_by(note.value)]
        if lang == "zh":
            lines.append(f"{value}（{note.date}）：" + (f"未达 {'；'.join(misses)}" if misses else "各级门槛均已达到"))
        else:
            lines.append(f"{value} on {note.date}: " + (f"misses {'; '.join(misses)}" if misses
                                                         else "meets every threshold up to the target"))
    return lines
