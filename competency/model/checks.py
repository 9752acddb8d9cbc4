"""Cross-reference checks over a parsed catalog: dangling ids, cycles, unreachable targets.

Pure: takes a ``Catalog`` and a function that says where an item was defined.
"""

from __future__ import annotations

import graphlib
from collections.abc import Callable

from .catalog import Catalog
from .checks_people import check_people, check_sector_reach
from .graph import reachable_levels
from .problems import Problem
from .tiers import Tier

Locate = Callable[[str, str], tuple[str, str]]


def check_catalog(catalog: Catalog, locate: Locate) -> list[Problem]:
    problems: list[Problem] = []
    problems += _dangling(catalog, locate)
    problems += _tree(catalog, locate)
    problems += _cycles(catalog, locate)
    problems += check_people(catalog, locate)
    if not any(p.severity == "error" for p in problems):
        problems += _unreachable(catalog, locate)
        problems += check_sector_reach(catalog, locate)
    return problems


def _dangling(catalog: Catalog, locate: Locate) -> list[Problem]:
    comps, domains = catalog.competencies, catalog.domains
    out: list[Problem] = []

    def unknown(section: str, id_: str, field: str, value: str, kind: str, known) -> None:
        file, where = locate(section, id_)
        hint = ", ".join(sorted(known)[:8]) + (" ..." if len(known) > 8 else "")
        out.append(Problem(file, f"{where}.{field}", f"unknown {kind} {value!r}; known: {hint}"))

    for comp in comps.values():
        if comp.domain not in domains:
            unknown("competencies", comp.id, "domain", comp.domain, "domain", domains)
        for i, pre in enumerate(comp.prerequisites):
            if pre.needs not in comps:
                unknown("competencies", comp.id, f"prerequisites[{i}].needs", pre.needs, "competency", comps)
            elif pre.needs == comp.id:
                file, where = locate("competencies", comp.id)
                out.append(Problem(file, f"{where}.prerequisites[{i}]",
                                   "a competency cannot be its own prerequisite; tiers already build on each other"))
    for module in catalog.modules.values():
        for field in ("raises", "requires"):
            for i, level in enumerate(getattr(module, field)):
                if level.competency not in comps:
                    unknown("modules", module.id, f"{field}[{i}].competency", level.competency, "competency", comps)
    for role in catalog.roles.values():
        for field in ("targets", "weights"):
            for cid in getattr(role, field):
                if cid not in comps:
                    unknown("roles", role.id, f"{field}.{cid}", cid, "competency", comps)
    for industry in catalog.industries.values():
        for cid in industry.targets:
            if cid not in comps:
                unknown("industries", industry.id, f"targets.{cid}", cid, "competency", comps)
        for key in industry.weights:
            if key not in comps and key not in domains:
                unknown("industries", industry.id, f"weights.{key}", key, "competency or domain",
                        set(comps) | set(domains))
        tags = {t for m in catalog.modules.values() for t in m.tags}
        for i, rule in enumerate(industry.shares):
            if rule.tag not in tags:
                file, where = locate("industries", industry.id)
                out.append(Problem(file, f"{where}.shares[{i}].tag",
                                   f"no module carries tag {rule.tag!r}, so this share can never be met; "
                                   "tag some modules with it or fix the spelling"))
    return out


def _tree(catalog: Catalog, locate: Locate) -> list[Problem]:
    """Parent links and references of imported frameworks must point inside the catalog."""
    comps = catalog.competencies
    out: list[Problem] = []
    for comp in comps.values():
        file, where = locate("competencies", comp.id)
        if comp.parent is not None and comp.parent not in comps:
            out.append(Problem(file, f"{where}.parent",
                               f"unknown parent competency {comp.parent!r}; give the id of a competency "
                               "in this catalog or remove 'parent' (top-level competencies have none)"))
        elif comp.parent is not None and comps[comp.parent].domain != comp.domain:
            out.append(Problem(file, f"{where}.parent",
                               f"parent {comp.parent!r} is in domain {comps[comp.parent].domain!r}, not "
                               f"{comp.domain!r}; a competency sits in the domain of its parent"))
        chain = [comp.id]
        parent = comp.parent
        while parent in comps and parent not in chain:
            chain.append(parent)
            parent = comps[parent].parent
        if parent == comp.id:
            out.append(Problem(file, f"{where}.parent",
                               f"parent links form a loop: {' -> '.join(chain + [comp.id])}; "
                               "remove one of these 'parent' entries"))
        for i, ref in enumerate(comp.references):
            if ref.competency is not None and ref.competency not in comps:
                out.append(Problem(file, f"{where}.references[{i}].competency",
                                   f"unknown competency {ref.competency!r}; for a node outside the "
                                   "catalog give 'identifier' or 'uri' instead"))
    return out


def _cycles(catalog: Catalog, locate: Locate) -> list[Problem]:
    # graphlib (stdlib) rather than networkx: loading a catalog then needs no networkx
    # import, which keeps quick commands such as `competency gaps` fast.
    predecessors: dict[tuple[str, int], set[tuple[str, int]]] = {}
    for cid in sorted(catalog.competencies):
        for tier in (2, 3):
            predecessors.setdefault((cid, tier), set()).add((cid, tier - 1))
        for pre in catalog.competencies[cid].prerequisites:
            if pre.needs in catalog.competencies:
                predecessors.setdefault((cid, int(pre.tier)), set()).add((pre.needs, int(pre.needs_tier)))
    out: list[Problem] = []
    # Report each distinct cycle once; removing one edge per cycle finds the next.
    while True:
        try:
            graphlib.TopologicalSorter(predecessors).prepare()
            return out
        except graphlib.CycleError as exc:
            cycle = list(exc.args[1])  # each node is a predecessor of the next
        text = " -> ".join(f"{cid}@{Tier(t).key}" for cid, t in cycle)
        file, where = locate("competencies", cycle[0][0])
        out.append(Problem(file, f"{where}.prerequisites",
                           f"prerequisite cycle: {text}; remove one of these prerequisites"))
        predecessors[cycle[-1]].discard(cycle[-2])


def _unreachable(catalog: Catalog, locate: Locate) -> list[Problem]:
    reach = reachable_levels(catalog)
    out: list[Problem] = []
    for role in catalog.roles.values():
        for cid, tier in role.targets.items():
            if reach.get(cid, Tier.NONE) < tier:
                file, where = locate("roles", role.id)
                out.append(Problem(file, f"{where}.targets.{cid}",
                                   f"target {tier.key} is unreachable: no chain of modules goes beyond "
                                   f"{reach.get(cid, Tier.NONE).key}; add a module raising {cid} to {tier.key}"))
    for industry in catalog.industries.values():
        for cid, tier in industry.targets.items():
            if reach.get(cid, Tier.NONE) < tier:
                file, where = locate("industries", industry.id)
                out.append(Problem(file, f"{where}.targets.{cid}",
                                   f"target {tier.key} is unreachable: no chain of modules goes beyond "
                                   f"{reach.get(cid, Tier.NONE).key}; add a module raising {cid} to {tier.key}"))
    if catalog.competencies and not catalog.modules:
        out.append(Problem("catalog", "modules",
                           "the catalog has no training modules, so nothing can be planned; "
                           "add a modules.yaml (see docs/catalog.md) or import with --modules FILE",
                           severity="warning"))
    for cid in sorted(catalog.competencies):
        if catalog.modules and reach.get(cid, Tier.NONE) < Tier.EXPERT:
            file, where = locate("competencies", cid)
            out.append(Problem(file, where,
                               f"no chain of modules reaches {cid} beyond {reach.get(cid, Tier.NONE).key}",
                               severity="warning"))
    return out
