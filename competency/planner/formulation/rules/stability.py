"""Rule: a re-plan keeps the calendar people were told about (re-plans only).

Two stages of the lexicographic objective (solve.py), cheapest first to break:

- "freeze", before value: bookings inside the freeze window stay in their week, and their
  group sessions keep their venue (the agent's site, or online) and trainer. Others may
  join such a session up to its class size (rules/sessions.py); nobody is moved out. It is
  a stage rather than a hard rule so that a promise the rules leave no way to keep (a
  prerequisite missed, a mandatory deadline) bends where it must and the plan says so
  (``replan.kept_notes``), instead of the whole re-plan failing. A frozen booking the new
  plan cannot hold at all (the agent left, completed the module, or no longer needs it)
  has no decision variable; ``replan.py`` reports why it went.
- "changes", after value and before cost: a booking of the earlier plan not kept in its
  week (moved or dropped) is one change, a booking the earlier plan did not have is one,
  unless it books again a module missed in a week already over (``plan diff``: "missed") or
  falls in a week after the earlier plan's last (a rolling horizon's new weeks: nobody was
  told anything about them; ``plan diff``: "new_weeks").
"""

from __future__ import annotations

from ..variables import CohortModel, x_of


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
        cm.freeze_terms.append(1 - var)
        teach = cm.teach.get((p.trainer, p.module_id, p.venue, p.week)) if p.trainer else None
        if teach is not None:
            cm.freeze_terms.append(1 - teach)
    missed = set(cm.instance.options.missed)
    covered = cm.instance.options.covered_weeks
    for (a, mid), taken in sorted(cm.taken.items()):
        if (a, mid) in booked or (a, mid) in missed:
            continue
        if covered is None:
            cm.change_terms.append(taken)
        else:
            cm.change_terms += [var for w, var in x_of(cm, a, mid) if w <= covered]


def count(options, bookings) -> int:
    """The changes a plan's bookings make to the earlier plan, as ``add`` counts them in the
    model: the solver-independent figure that ranks a re-plan against its floor."""
    held = {(b.agent_id, b.module_id, b.week) for b in bookings}
    booked = {(p.agent_id, p.module_id) for p in options.previous}
    skip = booked | set(options.missed)
    covered = options.covered_weeks
    kept = sum((p.agent_id, p.module_id, p.week) in held for p in options.previous)
    added = sum(1 for b in bookings if (b.agent_id, b.module_id) not in skip and (covered is None or b.week <= covered))
    return len(options.previous) - kept + added
