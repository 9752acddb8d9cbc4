"""Rule: in every week an agent trains at most their weekly hours (profile, or the run's
``--hours-per-week`` override). Written on the week variables, the only rule that is."""

from __future__ import annotations

from ..variables import CohortModel, Guard, hours_int


def add(cm: CohortModel) -> None:
    for learner in cm.learners:
        a = learner.agent_id
        limit = hours_int(cm.instance.options.hours_for(learner))
        enforce = cm.guard(Guard("hours", a))
        for w in cm.weeks:
            load = [hours_int(m.hours) * cm.x[a, m.id, w] for m in cm.takes(a)]
            if load:
                cm.model.Add(sum(load) <= limit).OnlyEnforceIf(enforce)
