"""The prerequisite graph over (competency, tier) nodes, and queries on it.

Tier T of a competency depends on tier T-1 of it and on the tiers of other competencies
its ``prerequisites`` name. Modules are not nodes: a module is an edge-less way to reach a
node once the node's predecessors and the module's own entry levels are held.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

from .catalog import Catalog, Module
from .tiers import TIERS, Tier

Node = tuple[str, int]


def build_graph(catalog: Catalog) -> nx.DiGraph:
    import networkx as nx  # deferred: ~0.15 s, only graph queries need it

    graph = nx.DiGraph()
    for cid in sorted(catalog.competencies):
        comp = catalog.competencies[cid]
        for tier in TIERS:
            graph.add_node((cid, int(tier)), competency=cid, tier=int(tier), domain=comp.domain)
            if tier > Tier.BASIC:
                graph.add_edge((cid, int(tier) - 1), (cid, int(tier)), kind="tier")
    for cid in sorted(catalog.competencies):
        for pre in catalog.competencies[cid].prerequisites:
            if pre.needs in catalog.competencies:
                graph.add_edge((pre.needs, int(pre.needs_tier)), (cid, int(pre.tier)), kind="prerequisite")
    return graph


def learning_order(graph: nx.DiGraph) -> list[Node]:
    """A topological order; ties broken by (tier, competency) so it is reproducible."""
    import networkx as nx  # deferred: ~0.15 s, only graph queries need it

    return list(nx.lexicographical_topological_sort(graph, key=lambda n: (n[1], n[0])))


def needed_to_reach(
    graph: nx.DiGraph, levels: Mapping[str, Tier], cid: str, tier: Tier
) -> list[Node]:
    """Every node not yet held that (cid, tier) depends on, itself included, in a valid order."""
    target = (cid, int(tier))
    import networkx as nx  # deferred: ~0.15 s, only graph queries need it

    needed = {n for n in nx.ancestors(graph, target) | {target} if levels.get(n[0], Tier.NONE) < n[1]}
    return [n for n in learning_order(graph) if n in needed]


def entry_levels(catalog: Catalog, module: Module) -> dict[str, Tier]:
    """What a learner must hold before starting ``module``.

    The tier below each tier it raises, that tier's prerequisites, and the module's own
    ``requires``; the highest tier wins when the same competency appears twice.
    """
    need: dict[str, Tier] = {}

    def want(cid: str, tier: Tier) -> None:
        if tier > need.get(cid, Tier.NONE):
            need[cid] = tier

    for level in module.raises:
        want(level.competency, Tier(level.tier - 1))
        comp = catalog.competencies.get(level.competency)
        for pre in comp.prerequisites if comp else []:
            if pre.tier == level.tier:
                want(pre.needs, pre.needs_tier)
    for level in module.requires:
        want(level.competency, level.tier)
    # A module never requires what it itself raises at that tier.
    for level in module.raises:
        if need.get(level.competency, Tier.NONE) >= level.tier:
            need[level.competency] = Tier(level.tier - 1)
    return {cid: t for cid, t in need.items() if t > Tier.NONE}


def can_start(catalog: Catalog, module: Module, levels: Mapping[str, Tier]) -> bool:
    return all(levels.get(cid, Tier.NONE) >= t for cid, t in entry_levels(catalog, module).items())


def apply(module: Module, levels: Mapping[str, Tier]) -> dict[str, Tier]:
    result = dict(levels)
    for level in module.raises:
        result[level.competency] = max(result.get(level.competency, Tier.NONE), level.tier)
    return result


def reachable_levels(
    catalog: Catalog, levels: Mapping[str, Tier] | None = None, modules: Iterable[Module] | None = None
) -> dict[str, Tier]:
    """The fixpoint of taking every module whose entry levels are met, from ``levels``."""
    current = dict(levels or {})
    # Entry levels do not change while levels rise, and a module taken once has nothing
    # more to give: each is computed once and a taken module leaves the pool.
    pool = [(module, entry_levels(catalog, module)) for module in
            sorted(modules if modules is not None else catalog.modules.values(), key=lambda m: m.id)]
    changed = True
    while changed:
        changed = False
        waiting = []
        for module, entry in pool:
            if all(current.get(cid, Tier.NONE) >= t for cid, t in entry.items()):
                after = apply(module, current)
                if after != current:
                    current, changed = after, True
            else:
                waiting.append((module, entry))
        pool = waiting
    return current


def modules_for(catalog: Catalog, cid: str, tier: Tier) -> list[Module]:
    """Modules that bring a learner to (cid, tier), cheapest in hours first."""
    return sorted(catalog.modules_raising(cid, tier), key=lambda m: (m.hours, m.cost, m.id))


def to_dot(catalog: Catalog, graph: nx.DiGraph, lang: str = "en") -> str:
    lines = ["digraph competency {", "  rankdir=LR;", '  node [shape=box, fontname="Noto Sans CJK SC"];']
    for domain_id in sorted(catalog.domains):
        members = [n for n in sorted(graph.nodes) if graph.nodes[n]["domain"] == domain_id]
        if not members:
            continue
        label = _quote(catalog.domains[domain_id].name.get(lang))
        lines.append(f'  subgraph "cluster_{domain_id}" {{ label={label};')
        for node in members:
            lines.append(f"    {_node_id(node)} [label={_quote(_node_label(catalog, node, lang))}];")
        lines.append("  }")
    for a, b in sorted(graph.edges):
        style = "" if graph.edges[a, b]["kind"] == "tier" else " [style=dashed]"
        lines.append(f"  {_node_id(a)} -> {_node_id(b)}{style};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_mermaid(catalog: Catalog, graph: nx.DiGraph, lang: str = "en") -> str:
    lines = ["flowchart LR"]
    for domain_id in sorted(catalog.domains):
        members = [n for n in sorted(graph.nodes) if graph.nodes[n]["domain"] == domain_id]
        if not members:
            continue
        lines.append(f'  subgraph {_mermaid_id(domain_id)}["{_mermaid_text(catalog.domains[domain_id].name.get(lang))}"]')
        for node in members:
            lines.append(f'    {_node_id(node)}["{_mermaid_text(_node_label(catalog, node, lang))}"]')
        lines.append("  end")
    for a, b in sorted(graph.edges):
        arrow = "-->" if graph.edges[a, b]["kind"] == "tier" else "-.->"
        lines.append(f"  {_node_id(a)} {arrow} {_node_id(b)}")
    return "\n".join(lines) + "\n"


def _node_label(catalog: Catalog, node: Node, lang: str) -> str:
    return f"{catalog.competencies[node[0]].name.get(lang)} · {Tier(node[1]).label(lang)}"


def _node_id(node: Node) -> str:
    return _mermaid_id(f"{node[0]}__{node[1]}")


def _mermaid_id(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in text)


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
