"""Rule: a re-plan keeps the calendar people were told about (re-plans only).

- Bookings inside the freeze window stay in their week; their group sessions keep their
  venue (the agent's site, or online) and trainer. Others may join such a session up to
  its class size (rules/sessions.py), nobody is moved out. A frozen booking the new plan
  cannot hold at all (the agent left, completed the module, or no longer needs it) has no
  decision variable, and ``replan.py`` reports why it went.
- Every other change counts for the "changes" stage of the objective, solved after value
  and before cost: a booking of the earlier plan not kept in its week (moved or dropped)
  is one change, a booking the earlier plan did not have is one change.
"""

from __future__ import annotations

from ..variables import CohortModel, Guard


def add(cm: CohortModel) -> None:
    previous = cm.instance.options.previous
    if not previous:
        return
    booked = set()
    for p in sorted(previous):
        booked.add((p.agent_id, p.module_id))
        var = cm.x.get((p.agent_id, p.module_id, p.week))
        if var is None:
            cm.change_terms.append(1)  # cannot be kept: a change whatever the plan does
            continue
        cm.change_terms.append(1 - var)
        if not p.frozen:
            continue
        # One guard per agent: an infeasible re-plan names whose frozen weeks clash, not every booking.
        enforce = cm.guard(Guard("freeze", p.agent_id))
        cm.model.Add(var == 1).OnlyEnforceIf(enforce)
        teach = cm.teach.get((p.trainer, p.module_id, p.venue, p.week)) if p.trainer else None
        if teach is not None:
            cm.model.Add(teach == 1).OnlyEnforceIf(enforce)
    for (a, mid), taken in sorted(cm.taken.items()):
        if (a, mid) not in booked:
            cm.change_terms.append(taken)
