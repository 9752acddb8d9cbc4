"""Rule: a module starts only once its entry levels are held, from the profile or from a
module finished in an earlier week. Tiers are learned in order because the entry levels of
a tier include the tier below (model.graph.entry_levels).

Written in cumulative form: "taken by week w" is at most "some provider finished before
week w". This is stronger for the LP relaxation than one implication per week pair.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from ....model.tiers import Tier
from ..variables import CohortModel


def providers(cm: CohortModel, agent_id: str, cid: str, tier: int) -> list[str]:
    """The agent's candidate modules that bring ``cid`` to ``tier`` or above."""
    return [m.id for m in cm.takes(agent_id)
            if any(r.competency == cid and r.tier >= tier for r in m.raises)]


def first_providers(cm: CohortModel, a: str, model: cp_model.CpModel | None = None, taken: dict | None = None) -> None:
    """The first-provider rows on ``taken`` (rules/week_free.py): a needed entry level comes
    first from a module that does not need it itself. On ``model`` and ``taken`` if given (the
    week-free problem of value_cap.py), else on the plan's own."""
    model, taken = model or cm.model, taken or {m.id: cm.taken[a, m.id] for m in cm.takes(a)}
    held = cm.levels[a]
    for module in cm.takes(a):
        for cid, tier in sorted(cm.index.entry[module.id].items()):
            if held.get(cid, Tier.NONE) >= tier:
                continue
            first = [p for p in providers(cm, a, cid, int(tier)) if cm.index.entry[p].get(cid, Tier.NONE) < tier]
            model.Add(taken[module.id] <= sum(taken[p] for p in first))


def add(cm: CohortModel) -> None:
    weeks = list(cm.weeks)
    for learner in cm.learners:
        a = learner.agent_id
        held = cm.levels[a]
        for module in cm.takes(a):
            for cid, tier in sorted(cm.index.entry[module.id].items()):
                if held.get(cid, Tier.NONE) >= tier:
                    continue
                sources = providers(cm, a, cid, int(tier))
                for w in weeks:
                    started = [cm.x[a, module.id, v] for v in weeks if v <= w]
                    finished = [cm.x[a, p, v] for p in sources for v in weeks if v < w]
                    cm.model.Add(cp_model.LinearExpr.Sum(started) <= cp_model.LinearExpr.Sum(finished))
