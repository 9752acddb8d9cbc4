"""The checker's view of booking reasons, written apart from ``why.py`` and
``rules/reasons.py``: which reasons each booking of a schedule really has.

A booking's possible reasons (docs/planning.md): mandatory retraining (the first booking of
a failed tier), a gap step (raises a weighted tier up to the target, not held at the start
of its week), an entry level (raises a tier not yet held that a later booking needs), and
practice (carries a share rule's tag, and without it the rule fails).
"""

from __future__ import annotations

from collections.abc import Mapping

from ...model.catalog import Catalog
from ...model.graph import apply
from ...model.tiers import Tier
from ..problem.instance import Learner

Reason = tuple  # ("gap", c, t) | ("mandatory", c, t) | ("entry", c, t, later module) | ("practice", tag)


def valid_reasons(catalog: Catalog, learner: Learner, held: Mapping[str, Tier], rows: list,
                  entries: Mapping[str, dict]) -> tuple[dict[tuple[str, int], set[Reason]], list[str]]:
    """Per (module, week) booking every reason it has, and clashes (two modules for one tier
    in one week, where "first" would be ambiguous)."""
    ordered = sorted((r[0], r[1]) for r in rows)
    ordered.sort(key=lambda r: r[1])
    levels, before, week = dict(held), {}, None
    for mid, w in ordered:
        if w != week:
            before[w], week = dict(levels), w
        levels = apply(catalog.modules[mid], levels)
    out: dict[tuple[str, int], set[Reason]] = {}
    seen: dict[tuple[str, int], int] = {}
    clashes = []
    mids = [m for m, _ in ordered]
    total = sum(catalog.modules[m].hours for m in mids)
    for mid, w in ordered:
        module, now = catalog.modules[mid], before[w]
        found: set[Reason] = set()
        for r in module.raises:
            c, t = r.competency, int(r.tier)
            if seen.get((c, t)) == w:
                clashes.append(f"two modules for {c}@{Tier(t).key} in week {w}")
            first = (c, t) not in seen
            if learner.mandatory.get(c, 0) == t and t > 0 and first:
                found.add(("mandatory", c, t))
            if now.get(c, 0) < t <= learner.targets.get(c, 0) and learner.weight(c) > 0:
                found.add(("gap", c, t))
            if now.get(c, 0) < t:
                found |= {("entry", c, t, n) for n, v in ordered if v > w and n != mid and entries[n].get(c, 0) >= t}
        for rule in learner.shares:
            if rule.tag in module.tags:
                tagged = sum(catalog.modules[m].hours for m in mids if rule.tag in catalog.modules[m].tags)
                if tagged - module.hours < rule.min * (total - module.hours) - 1e-9:
                    found.add(("practice", rule.tag))
        for r in module.raises:
            seen.setdefault((r.competency, int(r.tier)), w)
        out[mid, w] = found
    return out, clashes


def as_tuple(reason) -> Reason | None:
    """A plan file's recorded reason in the checker's terms."""
    if reason is None:
        return None
    if reason.kind == "practice":
        return ("practice", reason.share)
    if reason.kind == "entry":
        return ("entry", reason.competency, reason.tier, reason.for_module)
    return (reason.kind, reason.competency, reason.tier)


def reported_reasons(plan, catalog: Catalog, people: Mapping[str, Learner], held: Mapping[str, Mapping[str, Tier]],
                     entries: Mapping[str, dict]) -> list[tuple[str, str]]:
    """(agent, problem) for every booking whose recorded reason is missing or untrue."""
    out = []
    for agent in plan.agents:
        rows = [(m.module_id, m.week, m.mentor) for m in agent.modules]
        valid, _ = valid_reasons(catalog, people[agent.agent_id], held[agent.agent_id], rows, entries)
        for m in agent.modules:
            said = as_tuple(m.reason)
            if said is None:
                out.append((agent.agent_id, f"{m.module_id} in week {m.week} records no reason"))
            elif said not in valid.get((m.module_id, m.week), set()):
                out.append((agent.agent_id, f"{m.module_id} in week {m.week}: recorded reason {said} does not hold"))
    return out
