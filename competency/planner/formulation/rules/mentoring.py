"""Rule: a mentoring module pairs the agent with a mentor, an agent of the cohort who holds
the expert tier of what the module teaches; each mentor takes at most N mentees a week."""

from __future__ import annotations

from ....model.catalog import Mode
from ...problem.candidates import mentors_for
from ..variables import CohortModel, Guard


def add(cm: CohortModel) -> None:
    load: dict[tuple[str, int], list] = {}
    for learner in cm.learners:
        a = learner.agent_id
        for module in cm.takes(a):
            if module.mode != Mode.MENTORING:
                continue
            mentors = mentors_for(cm.instance, learner, module)
            for w in cm.weeks:
                pairs = []
                for b in mentors:
                    var = cm.model.NewBoolVar(f"mentor[{a},{module.id},{w},{b}]")
                    cm.mentor[a, module.id, w, b] = var
                    load.setdefault((b, w), []).append(var)
                    pairs.append(var)
                cm.model.Add(sum(pairs) == cm.x[a, module.id, w])
    cap = cm.instance.options.mentor_max_mentees
    for (b, w), pairs in sorted(load.items()):
        if len(pairs) > cap:
            enforce = cm.guard(Guard("mentors", b))
            cm.model.Add(sum(pairs) <= cap).OnlyEnforceIf(enforce)
