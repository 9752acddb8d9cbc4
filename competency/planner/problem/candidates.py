"""Which modules each learner could usefully take: the pruning that keeps models small.

A module is offered to a learner only when it is useful to them (the "useful module"
rule, docs/planning.md): it is meant for them (the module's audience admits their role and
industry), and it raises a tier they still need on the way to a target or a mandatory tier,
retrains a mandatory tier, or carries one of their share tags. Nobody is booked just to
fill someone else's class (rules/reasons.py). Of those, modules that cannot fit (longer
than a week's hours, dearer than the budget, no mentor, no trainer at the agent's venue,
entry levels out of reach, completed or kept) are dropped too; that never changes the
optimum, only the size of the model.
"""

from __future__ import annotations

from collections.abc import Mapping

from ...model.catalog import Catalog, Mode, Module
from ...model.graph import apply, entry_levels
from ...model.tiers import Tier
from .instance import Instance, Learner
from .staffing import Staffing, venue

Node = tuple[str, int]


def start_levels(instance: Instance, learner: Learner) -> dict[str, Tier]:
    """Tiers held when the horizon starts: the profile plus modules kept from an earlier plan."""
    levels = {cid: Tier(t) for cid, t in learner.levels.items()}
    for fixed in instance.options.fixed:
        if fixed.agent_id == learner.agent_id and fixed.module_id in instance.catalog.modules:
            levels = apply(instance.catalog.modules[fixed.module_id], levels)
    return levels


def unavailable(instance: Instance, learner: Learner) -> set[str]:
    kept = {f.module_id for f in instance.options.fixed if f.agent_id == learner.agent_id}
    return set(learner.completed) | kept


def mandatory_modules(catalog: Catalog, learner: Learner) -> dict[Node, list[str]]:
    """Each mandatory (competency, tier) and the modules that retrain exactly that tier."""
    return {
        (cid, int(tier)): sorted(m.id for m in catalog.modules_raising(cid, tier))
        for cid, tier in sorted(learner.mandatory.items())
        if tier > Tier.NONE
    }


def experts(pool: Mapping[str, Mapping[str, Tier]], module: Module) -> list[str]:
    """Agents of ``pool`` who hold the expert tier of every competency the module raises."""
    return sorted(agent_id for agent_id, levels in pool.items()
                  if all(levels.get(r.competency, Tier.NONE) >= Tier.EXPERT for r in module.raises))


def mentors_for(instance: Instance, learner: Learner, module: Module) -> list[str]:
    """Expert-tier agents of the cohort in every competency the module raises, not the mentee."""
    if module.mode != Mode.MENTORING:
        return []
    return [b for b in experts(instance.mentor_pool(), module) if b != learner.agent_id]


def _fits(instance: Instance, learner: Learner, module: Module, staffing: Staffing) -> bool:
    options = instance.options
    if not instance.catalog.admits(module, learner.role, learner.industry):
        return False
    if not staffing.can_run(module, venue(learner, module)):
        return False
    if module.hours > options.hours_for(learner) + 1e-9:
        return False
    seat = options.seat(learner, module)
    for limit in (learner.budget, options.budget):
        if limit is not None and seat > limit + 1e-9:
            return False
    return module.mode != Mode.MENTORING or bool(mentors_for(instance, learner, module))


class CatalogIndex:
    """Entry levels and raised tiers per module, computed once per run (pure lookups)."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.entry = {mid: entry_levels(catalog, m) for mid, m in catalog.modules.items()}
        self.raises: dict[Node, list[str]] = {}
        for mid in sorted(catalog.modules):
            for r in catalog.modules[mid].raises:
                self.raises.setdefault((r.competency, int(r.tier)), []).append(mid)

    def startable(self, mid: str, held: dict[str, Tier]) -> bool:
        return all(held.get(c, Tier.NONE) >= t for c, t in self.entry[mid].items())


def _reachable(index: CatalogIndex, levels: dict[str, Tier], pool: list[str]) -> list[str]:
    """Modules whose entry levels some order of the pool can reach."""
    held, left, changed = dict(levels), list(pool), True
    while changed:
        changed = False
        for mid in list(left):
            if index.startable(mid, held):
                held = apply(index.catalog.modules[mid], held)
                left.remove(mid)
                changed = True
    return [mid for mid in pool if mid not in left]


def _relevant_nodes(index: CatalogIndex, learner: Learner, levels: dict[str, Tier], pool: set[str],
                    seeds: list[str]) -> set[Node]:
    """Tiers worth reaching: open target steps, mandatory tiers, and everything they need first."""
    todo = [n for n in learner.open_steps() if levels.get(n[0], Tier.NONE) < n[1]]
    todo += [(c, int(t)) for c, t in learner.mandatory.items() if t > Tier.NONE]
    todo += [(c, int(t)) for mid in seeds for c, t in index.entry[mid].items()]
    relevant: set[Node] = set()
    while todo:
        node = todo.pop()
        if node in relevant:
            continue
        relevant.add(node)
        for mid in index.raises.get(node, []):
            if mid in pool:
                todo += [(c, int(t)) for c, t in index.entry[mid].items() if levels.get(c, Tier.NONE) < t]
    return relevant


def useful_modules(instance: Instance, learner: Learner, index: CatalogIndex,
                   staffing: Staffing | None = None) -> list[Module]:
    """The learner's candidate modules, sorted by id."""
    catalog = instance.catalog
    staffing = staffing or Staffing(instance)
    levels = start_levels(instance, learner)
    skip = unavailable(instance, learner)
    pool = [mid for mid, m in sorted(catalog.modules.items())
            if mid not in skip and _fits(instance, learner, m, staffing)]
    pool = _reachable(index, levels, pool)
    tags = {rule.tag for rule in learner.shares}
    mandatory = {mid for mids in mandatory_modules(catalog, learner).values() for mid in mids}
    seeds = [mid for mid in pool if tags & set(catalog.modules[mid].tags) or mid in mandatory]
    relevant = _relevant_nodes(index, learner, levels, set(pool), seeds)
    while True:
        keep = set(seeds) | {
            mid for mid in pool for r in catalog.modules[mid].raises
            if (r.competency, int(r.tier)) in relevant and levels.get(r.competency, Tier.NONE) < r.tier
        }
        # Dropping a module may strand a tagged module that needed it; repeat until stable.
        again = _reachable(index, levels, [mid for mid in pool if mid in keep])
        if len(again) == len(pool):
            return [catalog.modules[mid] for mid in again]
        pool, seeds = again, [mid for mid in seeds if mid in again]


def candidate_table(instance: Instance, index: CatalogIndex | None = None) -> dict[str, list[Module]]:
    """Candidates per agent. Nobody is booked only to fill a class (docs/planning.md), so in
    a cohort a group module that too few learners can use never runs and is dropped."""
    index = index or CatalogIndex(instance.catalog)
    staffing = Staffing(instance)
    table = {a.agent_id: useful_modules(instance, a, index, staffing) for a in instance.learners}
    if instance.options.personal:
        return table
    return _drop_unfillable(instance, index, table)


def _drop_unfillable(instance: Instance, index: CatalogIndex, table: dict[str, list[Module]]) -> dict[str, list[Module]]:
    """A group module fewer learners of a venue can take than its minimum class size never
    runs there; nor can what only it unlocks. Repeat until no more modules drop."""
    while True:
        takers: dict[tuple[str, str], int] = {}
        for a in instance.learners:
            for m in table[a.agent_id]:
                key = (m.id, venue(a, m))
                takers[key] = takers.get(key, 0) + 1
        dead = {key for key, n in takers.items() if instance.catalog.modules[key[0]].seats.min > n}
        if not dead:
            return table
        table = {
            a.agent_id: [instance.catalog.modules[mid] for mid in _reachable(
                index, start_levels(instance, a),
                [m.id for m in table[a.agent_id] if (m.id, venue(a, m)) not in dead])]
            for a in instance.learners
        }
