"""Catalog names in the report language; unknown ids show as themselves instead of failing,
so a plan made with an older catalog still renders."""

from __future__ import annotations

from ..model.catalog import MODE_NAMES, Catalog
from .labels import metric_name


def comp_name(catalog: Catalog, cid: str, lang: str) -> str:
    comp = catalog.competencies.get(cid)
    return comp.name.get(lang) if comp else cid


def domain_name(catalog: Catalog, domain: str, lang: str) -> str:
    item = catalog.domains.get(domain)
    return item.name.get(lang) if item else domain


def item_name(table: dict, key: str, lang: str) -> str:
    item = table.get(key)
    return item.name.get(lang) if item is not None else key


def module_title(catalog: Catalog, module_id: str, lang: str) -> str:
    module = catalog.modules.get(module_id)
    return module.title.get(lang) if module else module_id


def mode_name(catalog: Catalog, module_id: str, lang: str) -> str:
    module = catalog.modules.get(module_id)
    return MODE_NAMES[module.mode].get(lang) if module else ""


def metric_label(catalog: Catalog, metric: str, lang: str) -> str:
    """The catalog's name for a KPI metric, else the shipped translation, else the id."""
    for comp in catalog.competencies.values():
        for spec in comp.tiers.values():
            for kpi in spec.kpi:
                if kpi.metric == metric and kpi.name is not None:
                    return kpi.name.get(lang)
    return metric_name(metric, lang)
