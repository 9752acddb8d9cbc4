"""Rule: every group session has a trainer who may teach it, at its venue, in a week they
are not away, and no trainer teaches more sessions or hours a week than they can give.

Only for cohort plans of catalogs that declare trainers (``staffing.Staffing.active``). A
session one of whose trainers has no weekly cap is always staffed and needs no variables.
"""

from __future__ import annotations

from ...problem.staffing import Staffing
from ..variables import CohortModel, Guard, hours_int


def add(cm: CohortModel) -> None:
    staffing = Staffing(cm.instance)
    if not staffing.active:
        return
    load: dict[tuple[str, int], list] = {}
    for (mid, where, w), session in sorted(cm.sessions.items()):
        module = cm.module(mid)
        if staffing.unlimited(module, where, w):
            continue
        teachers = staffing.available(module, where, w)
        if not teachers:
            cm.model.Add(session == 0)
            continue
        picks = []
        for t in teachers:
            var = cm.model.NewBoolVar(f"teach[{t.id},{mid},{where},{w}]")
            cm.teach[t.id, mid, where, w] = var
            load.setdefault((t.id, w), []).append((module.hours, var))
            picks.append(var)
        cm.model.Add(sum(picks) == session)
    for (tid, w), items in sorted(load.items()):
        trainer = cm.instance.catalog.trainers[tid]
        enforce = cm.guard(Guard("trainer", tid))
        if trainer.sessions_per_week is not None and len(items) > trainer.sessions_per_week:
            cm.model.Add(sum(v for _, v in items) <= trainer.sessions_per_week).OnlyEnforceIf(enforce)
        if trainer.hours_per_week is not None and sum(h for h, _ in items) > trainer.hours_per_week:
            cm.model.Add(sum(hours_int(h) * v for h, v in items)
                         <= hours_int(trainer.hours_per_week)).OnlyEnforceIf(enforce)
