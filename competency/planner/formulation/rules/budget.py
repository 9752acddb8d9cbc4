"""Rule (per agent): an agent's spend stays within their personal budget.

An agent's spend is their seats (per-participant price, plus off-phone cost when the run
counts it). Modules kept from an earlier plan are not part of this horizon's spend.
"""

from __future__ import annotations

from ..variables import CohortModel, Guard, money_int


def agent_spend(cm: CohortModel, agent_id: str) -> list:
    learner = cm.instance.learner(agent_id)
    return [money_int(cm.seat_cost(learner, m)) * cm.taken[agent_id, m.id] for m in cm.takes(agent_id)]


def add(cm: CohortModel) -> None:
    for learner in cm.learners:
        spend = agent_spend(cm, learner.agent_id)
        if learner.budget is not None and spend:
            enforce = cm.guard(Guard("budget", learner.agent_id))
            cm.model.Add(sum(spend) <= money_int(learner.budget)).OnlyEnforceIf(enforce)
