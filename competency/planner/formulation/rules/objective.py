"""The three objective terms, optimised lexicographically by ``solve.py``:

1. value: weighted gap closure, sum over competencies of weight x tier steps closed toward
   the target (a step counts once the agent holds that tier at the end of the horizon);
2. cost: everything the plan spends (seats, sessions, off-phone cost when counted);
3. finish: the sum of the weeks modules are taken in, so work is done as early as it can be.
"""

from __future__ import annotations

from ....model.tiers import Tier
from ..variables import CohortModel, money_int, weight_int


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
        for module in cm.takes(a):
            cm.cost_terms.append(money_int(cm.seat_cost(learner, module)) * cm.taken[a, module.id])
            cm.finish_terms += [w * cm.x[a, module.id, w] for w in cm.weeks]
