"""Rule (per agent): the value of a plan, weighted gap closure. Each weighted tier step
toward the target counts once the agent holds that tier at the end of the horizon; tiers
are held in order. The first of the three lexicographic objectives (``spend.py`` has the
other two, ``solvers/compact.py`` optimises them in turn).
"""

from __future__ import annotations

from ....model.tiers import Tier
from ..variables import CohortModel, weight_int


def add(cm: CohortModel) -> None:
    model = cm.model
    for learner in cm.learners:
        a = learner.agent_id
        held = cm.levels[a]
        for cid, tier in learner.open_steps():
            if held.get(cid, Tier.NONE) >= tier:
                continue
            reach = model.NewBoolVar(f"reach[{a},{cid},{tier}]")
            sources = [cm.taken[a, m.id] for m in cm.takes(a)
                       if any(r.competency == cid and r.tier >= tier for r in m.raises)]
            model.Add(reach <= sum(sources))
            below = cm.reach.get((a, cid, tier - 1))
            if below is not None:
                # Tiers are learned in order, so holding tier t implies holding t-1.
                model.AddImplication(reach, below)
            cm.reach[a, cid, tier] = reach
            cm.value_terms.append(weight_int(learner.weight(cid)) * reach)
