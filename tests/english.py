"""Find English left in a Chinese output: Latin words that are not ids, people's names or
Latin words the Chinese texts themselves use (CRM, KPI, VR/AR ...)."""

from __future__ import annotations

import html
import re

from pydantic import BaseModel

from competency.model.catalog import Catalog, Text
from competency.reports.labels import METRICS, UNITS, _LABELS

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{2,}")


def _texts(value) -> list[str]:
    if isinstance(value, Text):
        return [value.get("zh")]
    if isinstance(value, BaseModel):
        return [t for v in value.__dict__.values() for t in _texts(v)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in _texts(v)]
    return []


def allowed_words(catalog: Catalog, extra: list[str] = ()) -> set[str]:
    """Latin words of the Chinese catalog texts and labels, every id, and ``extra`` (names...)."""
    texts = _texts(catalog) + [p[1] for p in _LABELS.values()] + [p[1] for p in METRICS.values()]
    texts += [p[1] for p in UNITS.values()] + list(extra)
    ids = [*catalog.competencies, *catalog.modules, *catalog.roles, *catalog.industries, *catalog.domains,
           *catalog.sites, *catalog.trainers, catalog.info.id, catalog.info.currency]
    return {w.lower() for t in texts + ids for w in WORD.findall(t)}


def visible_text(page: str) -> str:
    """An HTML page's text as a reader sees it: no style sheet, tags, or attribute values."""
    page = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    page = re.sub(r"<title>.*?</title>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def english_words(text: str, allowed: set[str]) -> list[str]:
    return sorted({w for w in WORD.findall(text) if w.lower() not in allowed})
