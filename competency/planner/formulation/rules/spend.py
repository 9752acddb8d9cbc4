"""The second and third lexicographic objectives, both linear in the bookings:

- cost: everything the plan spends: seats (per-participant price, plus off-phone cost when
  counted) here, each group session's price once (``sessions.py``);
- finish: the sum of the weeks modules are taken in, so work is done as early as it can be.

Linking: the cohort budget (``cohort_budget.py``) limits the cost terms.
"""

from __future__ import annotations

from ..variables import CohortModel, money_int


def add(cm: CohortModel) -> None:
    for learner in cm.learners:
        a = learner.agent_id
        for module in cm.takes(a):
            cm.cost_terms.append(money_int(cm.seat_cost(learner, module)) * cm.taken[a, module.id])
            cm.finish_terms += [w * cm.x[a, module.id, w] for w in cm.weeks]
