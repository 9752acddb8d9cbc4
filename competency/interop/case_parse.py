"""Check a CASE JSON text and index it: items, the isChildOf tree, associations.

Rejects, with the item or association and the reason: JSON that is not CASE, items
without identifier or statement, a parent that does not exist, isChildOf loops and
precedes cycles (A precedes B = A is learned before B, so a cycle can never start).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import networkx as nx

from ..model.problems import InputError, Problem

TIERS_KEY = "x-competency-tiers"  # in an association's "extensions": tiers of a precedes edge
CATALOG_KEY = "x-competency-catalog"  # in the document's "extensions": catalog id and currency
NOT_CASE = ("expected a CASE package: a JSON object with CFDocument, CFItems and CFAssociations "
            "(optionally inside CFPackage)")


@dataclass
class Package:
    document: dict
    doc_id: str
    items: dict[str, tuple[int, dict]] = field(default_factory=dict)  # identifier -> (index, item)
    order: list[str] = field(default_factory=list)
    parent: dict[str, str | None] = field(default_factory=dict)  # None: child of the document
    parent_link: dict[str, dict] = field(default_factory=dict)  # the isChildOf that gave the parent
    associations: list[tuple[dict, str, str, str]] = field(default_factory=list)  # raw, type, origin, dest
    extra: dict = field(default_factory=dict)  # CFDefinitions, CFRubrics, wrapper: kept for export


MAX_DEPTH = 100  # JSON objects and arrays inside each other; deeper would overflow the stack later


def _too_deep(value: object) -> bool:
    """Depth without recursion, so the check itself cannot overflow."""
    todo = [(value, 1)]
    while todo:
        node, depth = todo.pop()
        if isinstance(node, (dict, list)):
            if depth > MAX_DEPTH:
                return True
            todo.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node))
    return False


def _fail(problems: list[Problem], source: str) -> None:
    if problems:
        raise InputError(problems, f"{source}: not imported, nothing written")


def _ident(value: object) -> str | None:
    if isinstance(value, dict) and isinstance(value.get("identifier"), str) and value["identifier"]:
        return value["identifier"]
    return None


def parse_package(data: str, source: str) -> Package:
    try:
        top = json.loads(data)
    except json.JSONDecodeError as exc:
        _fail([Problem(source, f"line {exc.lineno}, column {exc.colno}", f"not JSON ({exc.msg}); {NOT_CASE}")], source)
    except RecursionError:
        top = None
    if top is None or _too_deep(top):
        _fail([Problem(source, "", f"nested more than {MAX_DEPTH} levels deep; a CASE package needs fewer than 10")], source)
    wrapped = isinstance(top, dict) and isinstance(top.get("CFPackage"), dict)
    body = top["CFPackage"] if wrapped else top
    doc = body.get("CFDocument") if isinstance(body, dict) else None
    if not _ident(doc) or not isinstance(doc.get("title"), str) or not doc["title"].strip():
        _fail([Problem(source, "CFDocument", f"missing, or without identifier or title; {NOT_CASE}")], source)
    items, assocs = body.get("CFItems", []), body.get("CFAssociations", [])
    if not isinstance(items, list) or not isinstance(assocs, list):
        _fail([Problem(source, "CFItems" if not isinstance(items, list) else "CFAssociations",
                       f"must be a list; {NOT_CASE}")], source)
    pkg = Package(document=body["CFDocument"], doc_id=body["CFDocument"]["identifier"])
    pkg.extra = {k: v for k, v in body.items() if k not in ("CFDocument", "CFItems", "CFAssociations")}
    if wrapped:
        pkg.extra["wrapped"] = {k: v for k, v in top.items() if k != "CFPackage"}
    problems: list[Problem] = []
    for i, item in enumerate(items):
        ident = _ident(item)
        statement = item.get("fullStatement") if isinstance(item, dict) else None
        if ident is None or not isinstance(statement, str) or not statement.strip():
            problems.append(Problem(source, f"CFItems[{i}]", "a CFItem needs an identifier and a fullStatement"))
        elif ident in pkg.items or ident == pkg.doc_id:
            problems.append(Problem(source, f"CFItems[{i}] {ident}", "duplicate identifier; identifiers must be unique"))
        else:
            pkg.items[ident] = (i, item)
            pkg.order.append(ident)
    for i, raw in enumerate(assocs):
        where = f"CFAssociations[{i}] {raw.get('identifier', '') if isinstance(raw, dict) else ''}".rstrip()
        kind = raw.get("associationType") if isinstance(raw, dict) else None
        origin, dest = (_ident(raw.get("originNodeURI")), _ident(raw.get("destinationNodeURI"))) if kind else (None, None)
        if not isinstance(kind, str) or not 0 < len(kind) <= 80 or origin is None or dest is None:
            problems.append(Problem(source, where, "a CFAssociation needs associationType, and originNodeURI and "
                                    "destinationNodeURI objects with an identifier"))
            continue
        pkg.associations.append((raw, kind, origin, dest))
        if kind == "isChildOf" and origin in pkg.items and origin not in pkg.parent_link:
            if dest != pkg.doc_id and dest not in pkg.items:
                problems.append(Problem(source, where, f"isChildOf parent {dest!r} does not exist: it is neither "
                                        "this CFDocument nor one of its CFItems; fix the destinationNodeURI"))
                continue
            pkg.parent_link[origin] = raw
    _fail(problems, source)
    for ident in pkg.order:
        link = pkg.parent_link.get(ident)
        dest = _ident(link["destinationNodeURI"]) if link else None
        pkg.parent[ident] = dest if dest in pkg.items else None
    _check_graphs(pkg, source)
    return pkg


def _check_graphs(pkg: Package, source: str) -> None:
    problems: list[Problem] = []
    tree = nx.DiGraph((o, p) for o, p in pkg.parent.items() if p is not None)
    for cycle in sorted(min(c[i:] + c[:i] for i in range(len(c))) for c in nx.simple_cycles(tree)):
        index = pkg.items[cycle[0]][0]
        problems.append(Problem(source, f"CFItems[{index}] {cycle[0]}", "isChildOf links form a loop: "
                                + " -> ".join(cycle + cycle[:1]) + "; make one of them a child of the document"))
    order = nx.DiGraph()
    where = {}
    for i, (raw, kind, origin, dest) in enumerate(pkg.associations):
        if kind == "precedes" and origin in pkg.items and dest in pkg.items:
            order.add_edge(origin, dest)
            where.setdefault((origin, dest), raw.get("identifier", f"#{i}"))
    rank = {ident: i for i, ident in enumerate(pkg.order)}
    found = []
    for cycle in nx.simple_cycles(order):  # networkx picks any rotation: start at the first item in the file
        start = min(range(len(cycle)), key=lambda i: rank[cycle[i]])
        found.append(cycle[start:] + cycle[:start])
    for cycle in sorted(found, key=lambda c: [rank[i] for i in c]):
        edges = list(zip(cycle, cycle[1:] + cycle[:1]))
        names = " -> ".join(pkg.items[c][1].get("humanCodingScheme") or c for c in cycle + cycle[:1])
        problems.append(Problem(source, f"CFAssociations {', '.join(where[e] for e in edges)}",
                                f"precedes cycle: {names}; 'A precedes B' means A is learned before B, so none "
                                "of these can ever start; remove one of these associations"))
    _fail(problems, source)
