"""Rule: industry content shares, e.g. at least 40 % of a finance agent's planned hours on
modules tagged compliance_script. A plan with no hours satisfies every share (nothing to
balance), which is what "when the agent has any hours" means.
"""

from __future__ import annotations

from ..variables import CohortModel, Guard, hours_int

SHARE_SCALE = 10_000  # shares are compared in basis points


def add(cm: CohortModel) -> None:
    for learner in cm.learners:
        a = learner.agent_id
        for rule in learner.shares:
            hours = [(hours_int(m.hours), rule.tag in m.tags, cm.taken[a, m.id]) for m in cm.takes(a)]
            if not hours:
                continue
            need = round(rule.min * SHARE_SCALE)
            # tagged >= min * total, i.e. sum h * (SCALE * tagged - need) * taken >= 0
            terms = [h * ((SHARE_SCALE if tagged else 0) - need) * var for h, tagged, var in hours]
            enforce = cm.guard(Guard("share", a, (rule.tag, rule.min)))
            cm.model.Add(sum(terms) >= 0).OnlyEnforceIf(enforce)
