"""Read a 1EdTech CASE package (JSON) into a ``Catalog``.

isChildOf builds the tree (top-level items with children become domains), "A precedes B"
becomes a prerequisite of B on A, every other association a ``Reference``. Each item and
association is kept whole in ``external["case"]`` so an export gives back its identifiers.
"""

from __future__ import annotations

from collections import Counter

from ..model.catalog import Catalog, CatalogInfo, Competency, Domain, Prerequisite, Reference
from ..model.problems import InputError, Problem
from .case_parse import CATALOG_KEY, TIERS_KEY, Package, parse_package
from .case_rubric import criteria_by_item, tiers_for
from .common import ROOT, IdMaker, Imported, latin, text

CASE_TYPES = {"isChildOf", "isPeerOf", "isPartOf", "exactMatchOf", "precedes", "isRelatedTo",
              "replacedBy", "exemplar", "hasSkillLevel"}


def _statements(raw: dict, full_key: str = "fullStatement", short_key: str = "abbreviatedStatement",
                language: object = None):
    """(raw without the statements the model holds, name, description), in the item's
    ``language`` (else ``language``, the document's; else told by the characters).

    An item with a short statement is named by it and described by the full one; the
    document is named by its title and described by its description.
    """
    rest = dict(raw)
    lang = raw.get("language") or language
    full = rest.pop(full_key).strip()
    short = rest.get(short_key)
    if isinstance(short, str) and short.strip():
        del rest[short_key]
        short_text, full_text = text(short.strip(), lang), text(full, lang)
        return (rest, short_text, full_text) if full_key == "fullStatement" else (rest, full_text, short_text)
    return rest, text(full, lang), None


def read_case(data: str, source: str) -> Imported:
    pkg: Package = parse_package(data, source)
    ids = IdMaker()
    kids = Counter(p for p in pkg.parent.values() if p is not None)
    key = {}  # CASE identifier -> catalog id
    for ident, (_, item) in pkg.items.items():
        key[ident] = ids.make(item.get("humanCodingScheme"), ident)
    top = {i for i, p in pkg.parent.items() if p is None}
    domain_nodes = {i for i in top if kids[i]}
    language = pkg.document.get("language")
    info_rest, info_name, info_desc = _statements(pkg.document, "title", "description", language)
    ours = info_rest.get("extensions", {}).get(CATALOG_KEY, {}) if isinstance(info_rest.get("extensions"), dict) else {}
    # A title in another script gives no id (it would become "item"): the document's identifier does.
    title = pkg.document["title"]
    info = CatalogInfo(id=IdMaker().make(ours.get("id"), title if latin(title) else f"case-{pkg.doc_id}"),
                       name=info_name,
                       description=info_desc, currency=ours.get("currency", "CNY"),
                       version=str(info_rest.get("version") or "1"),
                       external={"case": {"document": info_rest, **pkg.extra}})
    root = ids.make(f"{info.id}_framework")

    def domain_of(ident: str) -> str:
        while pkg.parent[ident] is not None:
            ident = pkg.parent[ident]
        return key[ident] if ident in domain_nodes else root

    kept: dict[str, list[dict]] = {i: [] for i in pkg.items}
    refs: dict[str, list[Reference]] = {i: [] for i in pkg.items}
    pres: dict[str, list[Prerequisite]] = {i: [] for i in pkg.items}
    outside: list[dict] = []
    unplanned, bad = 0, []
    for raw, kind, origin, dest in pkg.associations:
        if origin not in pkg.items:
            outside.append(raw)
            unplanned += 1
            continue
        kept[origin].append(raw)
        if pkg.parent_link.get(origin) is raw:
            continue  # the tree itself
        if origin in domain_nodes:
            unplanned += 1  # domains carry no relations; exported unchanged
        elif kind == "precedes" and dest in pkg.items and dest not in domain_nodes:
            ext = raw.get("extensions")
            tiers = ext.get(TIERS_KEY) if isinstance(ext, dict) and isinstance(ext.get(TIERS_KEY), dict) else {}
            try:
                pres[dest].append(Prerequisite(tier=tiers.get("tier", "basic"), needs=key[origin],
                                               needs_tier=tiers.get("needs_tier", "basic")))
            except ValueError:
                bad.append(Problem(source, f"CFAssociations {raw.get('identifier', '')}", f"extensions.{TIERS_KEY} "
                                   f"must give tier and needs_tier as basic, advanced or expert (got {tiers})"))
        elif dest in pkg.items and dest not in domain_nodes:
            refs[origin].append(Reference(relation=kind, competency=key[dest]))
        else:
            node = raw["destinationNodeURI"]
            uri, title = node.get("uri"), node.get("title")
            refs[origin].append(Reference(relation=kind, identifier=dest, uri=str(uri) if uri else None,
                                          title=str(title) if title else None))
    if bad:
        raise InputError(bad, f"{source}: not imported, nothing written")
    domains, comps, locations = {}, {}, {}
    criteria = criteria_by_item(pkg.extra.get("CFRubrics"))
    for ident in pkg.order:
        index, raw = pkg.items[ident]
        rest, name, desc = _statements(raw, language=language)
        external = {"case": {"item": rest, "associations": kept[ident]}}
        if ident in domain_nodes:
            domains[key[ident]] = Domain(id=key[ident], name=name, description=desc, external=external)
            continue
        parent = pkg.parent[ident]
        locations[key[ident]] = f"CFItems[{index}] {ident}"
        comps[key[ident]] = Competency(
            id=key[ident], name=name, description=desc, domain=domain_of(ident),
            parent=key[parent] if parent is not None and parent not in domain_nodes else None,
            tiers=tiers_for(name, criteria.get(ident)), prerequisites=pres[ident], references=refs[ident],
            external=external)
    if any(c.domain == root for c in comps.values()):
        domains[root] = Domain(id=root, name=info.name, external={ROOT: True})
    if outside:
        info = info.model_copy(update={"external": {"case": {**info.external["case"], "associations": outside}}})
    catalog = Catalog(info=info, domains=domains, competencies=comps, modules={}, roles={}, industries={})
    return Imported(catalog, _notes(source, pkg, catalog, unplanned), locations)


def _notes(source: str, pkg: Package, catalog: Catalog, unplanned: int) -> list[str]:
    types = Counter(kind for _, kind, _, _ in pkg.associations)
    prereqs = sum(len(c.prerequisites) for c in catalog.competencies.values())
    refs = Counter(r.relation for c in catalog.competencies.values() for r in c.references)
    notes = [f"{source}: {len(pkg.items)} items -> {len(catalog.competencies)} competencies in "
             f"{len(catalog.domains)} domains; {len(pkg.associations)} associations ("
             + ", ".join(f"{k} {n}" for k, n in sorted(types.items()))
             + f"); {prereqs} prerequisite(s) from precedes"]
    if refs:
        notes.append("kept as references, not planned with: " + ", ".join(f"{k} {n}" for k, n in sorted(refs.items())))
    unknown = sorted(k for k in types if k not in CASE_TYPES)
    if unknown:
        notes.append("association types that are not CASE 1.0, kept unchanged: " + ", ".join(unknown))
    if unplanned:
        notes.append(f"{unplanned} association(s) of top-level groups or outside nodes kept for export only")
    return notes
