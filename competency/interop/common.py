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
_KANA = re.compile(r"[\u3040-\u30ff]")


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


def language_of(value: str, declared: object = None) -> str:
    """The language a text is in: the source's own ``language`` (CASE items and documents
    carry one) when given, else Japanese for kana, Chinese for Chinese characters, else English."""
    if isinstance(declared, str) and re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8}){0,3}", declared.strip()):
        code = declared.strip().replace("_", "-")
        base = code.split("-")[0].lower()
        return base if base in ("en", "zh") else code.lower() if "-" not in code else base + code[len(base):]
    if _KANA.search(value):
        return "ja"
    return "zh" if _CJK.search(value) else "en"


def latin(value: object) -> bool:
    """Whether a title can give an id: it has a Latin letter or digit (a Japanese one has none)."""
    return isinstance(value, str) and re.search(r"[A-Za-z0-9]", value) is not None


def text(value: str, declared: object = None) -> Text:
    """One-language text in the language it is written in (``language_of``)."""
    lang = language_of(value, declared)
    if lang in ("en", "zh"):
        return Text(**{lang: value})
    return Text(other={lang: value})


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
# guided -> independent -> coaching progression of workplace proficiency scales. Written
# in the framework's own language only; for a language we have no wording in, the tiers
# carry the framework's own texts and nothing invented.
LADDER = {
    Tier.BASIC: {"en": "With guidance: {}", "zh": "在指导下：{}"},
    Tier.ADVANCED: {"en": "Independently: {}", "zh": "独立完成：{}"},
    Tier.EXPERT: {"en": "Handles exceptions and coaches others: {}", "zh": "处理例外情况并能辅导他人：{}"},
}
RATED = {"en": "Rated {values} on the {source}", "zh": "在{source}上评为{values}"}


def spread(levels: list[str]) -> list[list[str]]:
    """Proficient-and-above scale values onto basic/advanced/expert (lowest first)."""
    if len(levels) == 1:
        return [levels, levels, levels]
    if len(levels) == 2:
        return [levels[:1], levels[1:], levels[1:]]
    return [levels[:1], levels[1:-1], levels[-1:]]


def _in(lang: str, value: str) -> Text:
    return Text(**{lang: value}) if lang in ("en", "zh") else Text(other={lang: value})


def derived_tiers(statement: Text, levels: list[str] | None = None, source: dict[str, str] | None = None,
                  notes: list[str] | None = None) -> dict[Tier, TierSpec]:
    """Indicators for an imported item, in the statement's language: the ladder and the scale
    value(s) each tier means, or, in a language we have no wording for, the statement and
    the values as the source wrote them. ``notes`` are the level descriptions of the values
    (a rubric's), added after them."""
    lang = "en" if statement.en else "zh" if statement.zh else next(iter(statement.other))
    name = statement.get(lang)
    known = lang in ("en", "zh")
    out = {}
    spread_levels = spread(levels) if levels else [[], [], []]
    spread_notes = spread(notes) if notes and levels and len(notes) == len(levels) else [[], [], []]
    for tier, values, described in zip(LADDER, spread_levels, spread_notes):
        indicators = [_in(lang, LADDER[tier][lang].format(name) if known else name)]
        if values:
            where = (source or {}).get(lang, "")
            if known and where:
                shown = (" or " if lang == "en" else "或").join(f"“{v}”" for v in values)
                indicators.append(_in(lang, RATED[lang].format(values=shown, source=where)))
            else:
                indicators += [_in(lang, v) for v in values]
        indicators += [_in(lang, d) for d in described if d]
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
