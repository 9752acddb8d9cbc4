"""Rule: mandatory retraining (failed assessments) is in the plan, within the deadline.

A mandatory (competency, tier) is met by a module that trains exactly that tier, in the
first ``--mandatory-within`` weeks (default: the whole horizon). When no such module can
be planned the model is infeasible and ``explain.py`` says why.
"""

from __future__ import annotations

from ...problem.candidates import mandatory_modules
from ..variables import CohortModel, Guard


def add(cm: CohortModel) -> None:
    deadline = cm.instance.options.mandatory_deadline()
    for learner in cm.learners:
        a = learner.agent_id
        offered = {m.id for m in cm.takes(a)}
        for (cid, tier), modules in mandatory_modules(cm.instance.catalog, learner).items():
            options = [cm.x[a, mid, w] for mid in modules if mid in offered for w in cm.weeks if w <= deadline]
            if cm.instance.options.retraining_stage:
                met = cm.model.NewBoolVar(f"retrained[{a},{cid}]")
                cm.model.AddBoolOr(options).OnlyEnforceIf(met) if options else cm.model.Add(met == 0)
                cm.retrain_terms.append(1 - met)
                continue
            enforce = cm.guard(Guard("mandatory", a, (cid, tier)))
            cm.model.AddBoolOr(options).OnlyEnforceIf(enforce)
