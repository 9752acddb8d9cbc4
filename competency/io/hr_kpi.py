"""KPI results -> evidence, through the KPI thresholds the catalog declares per tier."""

from __future__ import annotations

import datetime as dt

from ..model.catalog import Catalog
from ..model.profile import Assessment
from ..planner.scoring.evidence import kpi_tier
from .hr_headers import METRICS, Mapping, key
from .hr_values import cell_text


def metric_id(text: str, mapping: Mapping) -> str | None:
    """A metric named in a long-format KPI file (指标 column): mapping alias, id or known spelling."""
    folded = key(text)
    if folded in mapping.metrics:
        return mapping.metrics[folded]
    for metric, aliases in METRICS.items():
        if folded in {key(a) for a in (metric, *aliases)}:
            return metric
    return None


def kpi_evidence(catalog: Catalog, metric: str, value: float, raw: object, date: dt.date,
                 source: str) -> list[tuple[str, Assessment]]:
    """One entry per competency whose tiers have a threshold on ``metric``; empty when none does.

    The tier recorded is the highest the value proves (``kpi_tier``); the value itself is
    kept as ``score`` so gap scoring can compare it with any threshold later.
    """
    found = []
    for cid, comp in sorted(catalog.competencies.items()):
        tier = kpi_tier(comp, metric, value)
        if tier is not None:
            found.append((cid, Assessment(date=date, source=source, kind="kpi", raw=cell_text(raw), score=value,
                                          tier=tier, metric=metric)))
    return found
