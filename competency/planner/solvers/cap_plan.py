"""A personal plan's value stage, tried first from its value cap's modules.

Why: the value cap (formulation/rules/value_cap.py) proves what an agent's plan can be worth
and names modules worth that much. Finding a plan of that value in the week-indexed model
was the slow part of a new hire's solve (the sample's: 1-5 s of tree search, most of it
after the bound was known). Put into weeks as they are, those modules gave a plan worth the
cap for all 46 sample new hires in 0.005-0.084 deterministic seconds: a plan worth a proven
bound is optimal, so the value stage ends there.

The modules are fixed on a copy of the whole model, so the plan keeps every rule (weeks,
reasons, mentors, mandatory deadlines); the search only chooses their weeks. When they do not fit
(prerequisites' order, a reason missing), the work runs out or the model has stages before
value (re-plans), the value stage searches as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ortools.sat.python import cp_model

from ..formulation.variables import CohortModel
from .search import StageResult, one_thread

CAP_PLAN_WORK = 0.5  # deterministic seconds: the sample's hardest new hire needs 0.084


def cap_plan(cm: CohortModel, variables: Callable[[], Iterable], config, deadline: float) -> dict[str, StageResult]:
    """The results of the stages the caps' modules settle (value; cost too where the caps
    proved the least cost), or none (search instead)."""
    options = cm.instance.options
    if not options.personal or options.previous or options.retraining_stage or cm.explain:
        return {}
    caps = [cm.caps.get(a.agent_id) for a in cm.learners]
    if not caps or any(c is None or c.modules is None for c in caps):
        return {}
    trial = cm.model.clone()
    for (a, m), var in cm.taken.items():
        trial.Add(trial.GetBoolVarFromProtoIndex(var.Index()) == int(m in cm.caps[a].modules))
    for learner, cap in zip(cm.learners, caps):
        trial.Add(sum(cm.value_of(learner.agent_id)) >= cap.value)
    trial.ClearObjective()
    trial.ClearHints()
    solver = one_thread(config, CAP_PLAN_WORK, deadline)
    if solver.Solve(trial) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {}
    values = {key: solver.Value(var) for key, var in variables()}
    worth, seconds, work = sum(cap.value for cap in caps), solver.WallTime(), solver.ResponseProto().deterministic_time
    settled = {"value": StageResult("OPTIMAL", values, worth, worth, "bound", seconds, work)}
    if all(cap.cost is not None for cap in caps) and cm.cost_terms:
        # Seats are a personal plan's only cost, so these modules cost what the caps proved least.
        least = sum(cap.cost for cap in caps)
        if solver.Value(sum(cm.cost_terms)) == least:
            settled["cost"] = StageResult("OPTIMAL", values, least, least, "bound", 0.0, 0.0)
    return settled
