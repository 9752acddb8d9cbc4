"""Cross-reference checks for who a catalog serves and who teaches: audiences, sites and
trainers. Pure, like ``checks.py``, which calls them."""

from __future__ import annotations

from collections.abc import Callable

from .catalog import Audience, Catalog
from .graph import reachable_levels
from .problems import Problem
from .tiers import Tier

Locate = Callable[[str, str], tuple[str, str]]


def check_people(catalog: Catalog, locate: Locate) -> list[Problem]:
    out: list[Problem] = []
    for module in catalog.modules.values():
        if module.audience is not None:
            out += _audience(catalog, module.audience, *locate("modules", module.id), ".audience")
    for default in catalog.audiences:
        file, where = locate("audiences", default.tag)
        out += _audience(catalog, default, file, where, "")
        if not any(default.tag in m.tags for m in catalog.modules.values()):
            out.append(Problem(file, f"{where}.tag", f"no module carries tag {default.tag!r}; the audience applies "
                                                    "to nothing (check the spelling)", severity="warning"))
    out += _site_names(catalog, locate)
    for trainer in catalog.trainers.values():
        out += _trainer(catalog, trainer, *locate("trainers", trainer.id))
    if catalog.trainers:
        for module in sorted(catalog.modules.values(), key=lambda m: m.id):
            if module.is_group and not any(t.qualified(module) for t in catalog.trainers.values()):
                file, where = locate("modules", module.id)
                out.append(Problem(file, where, f"no trainer may teach group module {module.id}, so its sessions "
                                                "never run; list it under a trainer's modules or teaches",
                                   severity="warning"))
    return out


def _audience(catalog: Catalog, audience: Audience, file: str, where: str, field: str) -> list[Problem]:
    out = []
    for key, known, kind in (("industries", catalog.industries, "industry"), ("roles", catalog.roles, "role")):
        for i, value in enumerate(getattr(audience, key)):
            if value not in known:
                hint = ", ".join(sorted(known)[:8])
                out.append(Problem(file, f"{where}{field}.{key}[{i}]", f"unknown {kind} {value!r}; known: {hint}"))
    return out


def _site_names(catalog: Catalog, locate: Locate) -> list[Problem]:
    """A name or alias shared by two sites would put a profile at whichever is listed first."""
    out = []
    owner: dict[str, str] = {}
    for site in catalog.sites.values():
        for name in sorted(site.known_as()):
            first = owner.setdefault(name, site.id)
            if first != site.id:
                file, where = locate("sites", site.id)
                out.append(Problem(file, where, f"{name!r} already names site {first}; a site's id, names and "
                                                "aliases must name no other site"))
    return out


def _trainer(catalog: Catalog, trainer, file: str, where: str) -> list[Problem]:
    out = []
    for i, mid in enumerate(trainer.modules):
        if mid not in catalog.modules:
            out.append(Problem(file, f"{where}.modules[{i}]", f"unknown module {mid!r}; use a module id"))
        elif not catalog.modules[mid].is_group:
            out.append(Problem(file, f"{where}.modules[{i}]", f"{mid} is not a group format; trainers teach "
                                                             "group sessions only", severity="warning"))
    for i, level in enumerate(trainer.teaches):
        if level.competency not in catalog.competencies:
            out.append(Problem(file, f"{where}.teaches[{i}].competency", f"unknown competency {level.competency!r}"))
    for i, site in enumerate(trainer.sites):
        if site not in catalog.sites:
            known = ", ".join(sorted(catalog.sites)) or "none: add a sites section"
            out.append(Problem(file, f"{where}.sites[{i}]", f"unknown site {site!r}; known: {known}"))
    if not trainer.sites and not trainer.online:
        out.append(Problem(file, where, "teaches nowhere: give sites or online: true", severity="warning"))
    if not trainer.modules and not trainer.teaches:
        out.append(Problem(file, where, "may teach nothing: give modules or teaches", severity="warning"))
    return out


def check_sector_reach(catalog: Catalog, locate: Locate) -> list[Problem]:
    """Targets an industry's agents in a role cannot reach with the modules meant for them,
    though the whole catalog could: an audience cut the only path."""
    if not catalog.audiences and not any(m.audience for m in catalog.modules.values()):
        return []
    everyone = reachable_levels(catalog)
    out = []
    for iid, industry in sorted(catalog.industries.items()):
        for rid, role in sorted(catalog.roles.items()):
            mine = [m for m in catalog.modules.values() if catalog.admits(m, rid, iid)]
            reach = reachable_levels(catalog, modules=mine)
            lost = sorted(cid for cid, tier in catalog.targets(role, industry).items()
                          if reach.get(cid, Tier.NONE) < tier <= everyone.get(cid, Tier.NONE))
            if lost:
                file, where = locate("industries", iid)
                shown = ", ".join(f"{c} ({catalog.targets(role, industry)[c].key})" for c in lost[:6])
                out.append(Problem(file, where, f"{rid} agents in {iid} cannot reach {shown}"
                                                f"{' ...' if len(lost) > 6 else ''}: the modules that would are meant "
                                                "for other industries or roles; widen an audience or add a module",
                                   severity="warning"))
    return out
