"""Rule: group formats run as shared sessions, and contact centres keep the phones staffed.

- Agents taking the same group module in the same week at the same venue share one session,
  which costs its session price once and seats between the module's min and max class size.
  An in-person session's venue is the agents' site, so it never mixes sites; a live online
  session's venue is ``online`` (``staffing.venue``).
- An optional cap on the number of sessions per week (trainer capacity).
- An optional cap on how many agents of a team train in the same week (count or share).

A personal plan (``--agent``) books seats in sessions the centre runs anyway, so class
sizes, session prices and staffing caps belong to cohort plans only.
"""

from __future__ import annotations

from ...problem.staffing import venue
from ..variables import CohortModel, Guard, money_int


def add(cm: CohortModel) -> None:
    if not cm.instance.options.personal:
        _sessions(cm)
        _team_cap(cm)


def _sessions(cm: CohortModel) -> None:
    model = cm.model
    classes: dict[tuple[str, str], list[str]] = {}
    for a in sorted(cm.candidates):
        learner = cm.instance.learner(a)
        for m in cm.takes(a):
            if m.is_group:
                classes.setdefault((m.id, venue(learner, m)), []).append(a)
    for (mid, where), takers in sorted(classes.items()):
        module = cm.module(mid)
        seats = module.seats
        # Week-free view of the same rule (redundant, but it makes the LP bound much
        # tighter): a module runs at a venue at all only with at least min takers there.
        runs = model.NewBoolVar(f"runs[{mid},{where}]")
        model.Add(sum(cm.taken[a, mid] for a in takers) >= seats.min * runs)
        for a in takers:
            model.AddImplication(cm.taken[a, mid], runs)
        held = []
        for w in cm.weeks:
            parts = [cm.x[a, mid, w] for a in takers]
            session = model.NewBoolVar(f"session[{mid},{where},{w}]")
            cm.sessions[mid, where, w] = session
            held.append(session)
            for part in parts:
                model.AddImplication(part, session)
            model.Add(sum(parts) <= min(seats.max, len(parts)) * session)
            model.Add(sum(parts) >= seats.min * session)
            if module.session_cost:
                cm.cost_terms.append(money_int(module.session_cost) * session)
        model.Add(sum(held) >= runs)
    cap = cm.instance.options.sessions_per_week
    if cap is not None and cm.sessions:
        enforce = cm.guard(Guard("sessions_cap"))
        for w in cm.weeks:
            cm.model.Add(sum(s for (_, _, v), s in cm.sessions.items() if v == w) <= cap).OnlyEnforceIf(enforce)


def _team_cap(cm: CohortModel) -> None:
    sizes = cm.instance.team_sizes()
    for team in sorted(sizes):
        limit = cm.instance.options.team_limit(sizes[team])
        members = [a.agent_id for a in cm.learners if a.team == team]
        if limit is None or limit >= len(members):
            continue
        enforce = cm.guard(Guard("team", "", (team, limit)))
        for w in cm.weeks:
            busy = []
            for a in members:
                flag = cm.busy_week(a, w)
                if flag is not None:
                    busy.append(flag)
            if len(busy) > limit:
                cm.model.Add(sum(busy) <= limit).OnlyEnforceIf(enforce)
