"""What both formats share: ids, plain text and HTML, tiers for imported items, the tree walk."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape, unescape
from html.parser import HTMLParser

from ..model.catalog import Catalog, Competency, Domain, Text, TierSpec
from ..model.tiers import Tier

ROOT = "framework_root"  # Domain.external key: the domain stands for the framework itself
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass
class Imported:
    """An imported catalog plus what the user should hear about it (printed on stderr)."""

    catalog: Catalog
    notes: list[str] = field(default_factory=list)
    locations: dict[str, str] = field(default_factory=dict)  # id -> "row 7 (line 9)" / "CFItems[3] ..."


class IdMaker:
    """Catalog ids from outside identifiers: kept when valid, else made valid and unique."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, *candidates: str | None) -> str:
        for cand in candidates:
            if isinstance(cand, str) and _ID.match(cand) and len(cand) <= 80 and cand not in self.used:
                return self._take(cand)
        raw = next((str(c) for c in candidates if c), "item")
        base = re.sub(r"[^A-Za-z0-9_.\-]+", "_", raw).strip("_.-")[:72] or "item"
        if not base[0].isalnum():
            base = "x" + base
        cand, n = base, 2
        while cand in self.used:
            cand, n = f"{base}-{n}", n + 1
        return self._take(cand)

    def _take(self, cand: str) -> str:
        self.used.add(cand)
        return cand


def text(value: str) -> Text:
    """One-language text: Chinese when it has Chinese characters, English otherwise."""
    return Text(zh=value) if _CJK.search(value) else Text(en=value)


class _Plain(HTMLParser):
    BREAKS = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag) -> None:
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data) -> None:
        self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _Plain()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in unescape("".join(parser.parts)).split("\n"))
    return "\n".join(line for line in lines if line)


def text_to_html(plain: str) -> str:
    return "".join(f"<p>{escape(line, quote=False)}</p>" for line in plain.split("\n"))


# Tier wording for frameworks that only state what the competency is: the usual
# guided -> independent -> coaching progression of workplace proficiency scales.
LADDER = {
    Tier.BASIC: ("With guidance: {}", "在指导下：{}"),
    Tier.ADVANCED: ("Independently: {}", "独立完成：{}"),
    Tier.EXPERT: ("Handles exceptions and coaches others: {}", "处理例外情况并能辅导他人：{}"),
}


def spread(levels: list[str]) -> list[list[str]]:
    """Proficient-and-above scale values onto basic/advanced/expert (lowest first)."""
    if len(levels) == 1:
        return [levels, levels, levels]
    if len(levels) == 2:
        return [levels[:1], levels[1:], levels[1:]]
    return [levels[:1], levels[1:-1], levels[-1:]]


def derived_tiers(statement: str, levels: list[str] | None = None,
                  source: tuple[str, str] = ("", "")) -> dict[Tier, TierSpec]:
    """Indicators for an imported item: the ladder, plus the scale value(s) each tier means."""
    out = {}
    spread_levels = spread(levels) if levels else [[], [], []]
    for tier, values in zip(LADDER, spread_levels):
        en, zh = LADDER[tier]
        indicators = [Text(en=en.format(statement), zh=zh.format(statement))]
        if values:
            shown = " or ".join(f"“{v}”" for v in values)
            indicators.append(Text(en=f"Rated {shown} on the {source[0]}", zh=f"在{source[1]}上评为{shown}"))
        out[tier] = TierSpec(indicators=indicators)
    return out


def tree(catalog: Catalog) -> Iterator[tuple[Domain | Competency, Domain | Competency | None]]:
    """Every node with its parent node, parents first, in catalog order.

    Domains are top-level nodes; a framework-root domain is not a node, its competencies are.
    """
    children: dict[str, list[Competency]] = {}
    for comp in catalog.competencies.values():
        children.setdefault(comp.parent or f"domain:{comp.domain}", []).append(comp)

    def below(key: str, node) -> Iterator:
        for comp in children.get(key, []):
            yield comp, node
            yield from below(comp.id, comp)

    for domain in catalog.domains.values():
        root = bool(domain.external.get(ROOT))
        if not root:
            yield domain, None
        yield from below(f"domain:{domain.id}", None if root else domain)
