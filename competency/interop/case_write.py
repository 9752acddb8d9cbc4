"""Write a ``Catalog`` as a 1EdTech CASE package (CFDocument, CFItems, CFAssociations).

Structure comes from the model (parent/domain -> isChildOf, prerequisites -> precedes,
references -> their relation); identifiers, URIs and every other field kept from a CASE
import are reused, so a CASE tool sees the same items and associations again. New nodes
get name-based UUIDs, so the same catalog always exports to the same file.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter

from ..model.catalog import Catalog, Competency, Domain, Text
from ..model.tiers import Tier
from .case_parse import CATALOG_KEY, TIERS_KEY
from .case_rubric import criteria_by_item, rubric_for
from .common import tree

_NS = uuid.UUID("6f1c7a52-6a6b-5d0e-9a57-636f6d706574")  # fixed: ids stay stable across runs


def _key(node: Domain | Competency) -> str:
    return f"{'domain' if isinstance(node, Domain) else 'competency'}:{node.id}"


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(_NS, "\x1f".join(parts)))


class _Writer:
    def __init__(self, catalog: Catalog, lang: str, base_uri: str, changed: str) -> None:
        self.catalog, self.lang, self.base, self.changed = catalog, lang, base_uri, changed
        self.info_case = catalog.info.external.get("case", {})
        doc = dict(self.info_case.get("document", {}))
        doc.setdefault("identifier", _uuid("document", catalog.info.id))
        doc.setdefault("uri", base_uri + doc["identifier"])
        doc.setdefault("creator", "competency")
        doc.setdefault("lastChangeDateTime", changed)
        if "document" not in self.info_case:  # our own catalog: keep what CASE has no field for
            doc |= {"version": catalog.info.version, "language": lang, "extensions": {
                CATALOG_KEY: {"id": catalog.info.id, "currency": catalog.info.currency}}}
        doc["title"] = catalog.info.name.get(lang)
        if catalog.info.description is not None:
            doc["description"] = catalog.info.description.get(lang)
        self.document = doc
        self.links: dict[str, dict] = {}
        self.items: list[dict] = []

    def _statements(self, name: Text, desc: Text | None) -> dict:
        if desc is None:
            return {"fullStatement": name.get(self.lang)}
        return {"fullStatement": desc.get(self.lang), "abbreviatedStatement": name.get(self.lang)}

    def link(self, raw: dict) -> dict:
        title = raw.get("humanCodingScheme") or raw.get("title") or raw.get("fullStatement")
        return {"title": title, "identifier": raw["identifier"], "uri": raw["uri"]}

    def add(self, node: Domain | Competency) -> dict:
        kind = "domain" if isinstance(node, Domain) else "competency"
        item = dict(node.external.get("case", {}).get("item", {}))
        if not item:
            item = {"humanCodingScheme": node.id, "CFItemType": kind.capitalize(),
                    "CFDocumentURI": self.link(self.document), "language": self.lang}
        item.setdefault("identifier", _uuid(kind, self.catalog.info.id, node.id))
        item.setdefault("uri", self.base + item["identifier"])
        item.setdefault("lastChangeDateTime", self.changed)
        item |= self._statements(node.name, node.description)
        self.links[_key(node)] = self.link(item)
        self.items.append(item)
        return item


def write_case(catalog: Catalog, lang: str = "en", base_uri: str = "urn:uuid:",
               changed: str = "1970-01-01T00:00:00+00:00") -> tuple[str, list[str]]:
    w = _Writer(catalog, lang, base_uri, changed)
    nodes = list(tree(catalog))
    for node, _ in nodes:
        w.add(node)
    doc_link = w.link(w.document)
    wanted: list[tuple[str, dict, dict, dict]] = []  # type, origin, destination, extensions
    for node, parent in nodes:
        me = w.links[_key(node)]
        up = doc_link if parent is None else w.links[_key(parent)]
        wanted.append(("isChildOf", me, up, {}))
        if isinstance(node, Domain):
            continue
        for pre in node.prerequisites:
            tiers = {} if pre.tier == pre.needs_tier == Tier.BASIC else {
                TIERS_KEY: {"tier": pre.tier.key, "needs_tier": pre.needs_tier.key}}
            wanted.append(("precedes", w.links[f"competency:{pre.needs}"], me, tiers))
        for ref in node.references:
            dest = w.links[f"competency:{ref.competency}"] if ref.competency else {
                "title": ref.title, "identifier": ref.identifier or ref.uri, "uri": ref.uri or ref.identifier}
            wanted.append((ref.relation, me, {k: v for k, v in dest.items() if v is not None}, {}))
    stored: dict[tuple[str, str, str], list[dict]] = {}
    verbatim: list[dict] = list(w.info_case.get("associations", []))
    for node, _ in nodes:
        for raw in node.external.get("case", {}).get("associations", []):
            key = (raw["associationType"], raw["originNodeURI"]["identifier"], raw["destinationNodeURI"]["identifier"])
            stored.setdefault(key, []).append(raw)
    associations, seen = [], Counter()
    for kind, origin, dest, tiers in wanted:
        key = (kind, origin["identifier"], dest["identifier"])
        seen[key] += 1
        found = stored.get(key)
        raw = dict(found.pop(0)) if found else {
            "identifier": _uuid("association", *key, str(seen[key])),
            "associationType": kind, "originNodeURI": origin, "destinationNodeURI": dest,
            "CFDocumentURI": doc_link, "lastChangeDateTime": changed}
        raw.setdefault("uri", base_uri + raw["identifier"])
        ext = raw.pop("extensions", None)
        if isinstance(ext, dict) or ext is None:
            # The model decides a prerequisite's tiers; other extension keys are the source's own.
            ext = {k: v for k, v in (ext or {}).items() if k != TIERS_KEY} | tiers
        if ext:
            raw["extensions"] = ext
        associations.append(raw)
    # Associations of domains are not modelled: whatever was not rebuilt goes back as it came.
    left = {id(raw) for raws in stored.values() for raw in raws}
    verbatim += [raw for node, _ in nodes if isinstance(node, Domain)
                 for raw in node.external.get("case", {}).get("associations", []) if id(raw) in left]
    package = {k: v for k, v in w.info_case.items() if k not in ("document", "associations", "wrapped")}
    rubric = rubric_for(catalog, w.links, _uuid, lang, base_uri, changed, criteria_by_item(package.get("CFRubrics")))
    if rubric is not None:
        package["CFRubrics"] = [*package.get("CFRubrics", []), rubric]
    package |= {"CFDocument": w.document, "CFItems": w.items, "CFAssociations": associations + verbatim}
    if "wrapped" in w.info_case:
        package = {**w.info_case["wrapped"], "CFPackage": package}
    return json.dumps(package, ensure_ascii=False, indent=2, sort_keys=True) + "\n", _notes(catalog, lang)


def _notes(catalog: Catalog, lang: str) -> list[str]:
    """What the CASE file does not hold, so nobody finds out by losing it."""
    notes = []
    generated = [c for c in catalog.competencies.values() if "case" not in c.external]
    if generated:
        notes.append(f"{len(generated)} competencies had no CASE identifier; gave them name-based UUIDs "
                     "(stable: the same catalog exports the same identifiers)")
    tagged = [c for c in catalog.competencies.values() if c.tags]
    if tagged:
        tags = sorted({t for c in tagged for t in c.tags})
        notes.append(f"not written: the tags of {len(tagged)} competencies ({', '.join(tags[:5])}"
                     f"{' ...' if len(tags) > 5 else ''}); CASE items have no tags")
    kpis = sum(len(spec.kpi) for c in catalog.competencies.values() for spec in c.tiers.values())
    if kpis:
        notes.append(f"not written: {kpis} KPI threshold(s); CASE has no field for them, they stay in the catalog")
    other = "zh" if lang == "en" else "en"
    texts = [c.name for c in catalog.competencies.values()] + [d.name for d in catalog.domains.values()]
    if any(getattr(t, other) and getattr(t, lang) for t in texts):
        notes.append(f"not written: the {'Chinese' if other == 'zh' else 'English'} texts; a CASE file holds one "
                     f"language (--lang {lang}); export again with --lang {other} for the other")
    left = [f"{len(table)} {name}" for name, table in (("modules", catalog.modules), ("roles", catalog.roles),
                                                      ("industries", catalog.industries)) if table]
    if left:
        notes.append(f"not written: {', '.join(left)}; they are not part of a CASE framework")
    return notes
