"""Rule (redundant, personal plans): the week-free view of prerequisites, and no idle week
before a busy one.

Why: for a new hire every module has entry levels to earn first, and the week-indexed
model proves bounds slowly: its linear relaxation spreads a module over weeks, and the
cumulative prerequisite rows let two modules that need the same tier lend it to each other
fractionally (a sample agent with no assessments: LP bound 84.1, optimum 65.6, FEASIBLE after
21 s). Two rows that every plan satisfies close most of that:

- **First provider.** An entry level (c, t) a module needs is first held from a module
  taken in an earlier week, and that first provider cannot itself need (c, t):
  ``taken[m] <= sum taken[p]`` over the providers p of (c, t) that do not need it. Written
  on ``taken`` only, it holds whatever the weeks cost, so the decomposition's pricing may
  keep it.
- **No idle week before a busy one** (``PlanningOptions.breaks_week_symmetry``): in a
  personal plan the weeks differ only in their order, so moving every booking after an idle
  week one week earlier keeps each rule (prerequisites, reasons and the mandatory deadline
  depend on the order alone, hours and mentors on what shares a week) and finishes earlier.
  Some optimal plan of each lexicographic stage (value, cost, finish) therefore has its idle
  weeks last, and the finish stage's own optimum always does. Not valid where weeks differ:
  cohort sessions, decomposed parts, or pricing with a price per (module, week).

- **Value cap** (value_cap.py). The week-free problem's optimum caps the agent's value
  (``sum value <= cap``), so the search stops the moment it finds a plan worth the cap. On
  the sample's new hires the cap is the optimum for all 46 (65.6 for the agent above).
  Not in ``explain`` models, whose rules may be switched off.

The search proves with CP-SAT's full linearisation (``search.parameters``, personal plans),
which puts these rows and the reason rules into its LP. docs/performance.md has the figures.
"""

from __future__ import annotations

from dataclasses import replace

from ..variables import CohortModel
from .prerequisites import first_providers
from .value_cap import value_cap


def add(cm: CohortModel) -> None:
    options = cm.instance.options
    if not options.personal or not options.week_free:
        return
    for learner in cm.learners:
        first_providers(cm, learner.agent_id)
        if options.breaks_week_symmetry():
            _busy_weeks_first(cm, learner.agent_id)
        if not cm.explain:
            cap = value_cap(cm, learner)
            terms = cm.value_of(learner.agent_id)
            if cap is not None and terms:
                cm.model.Add(sum(terms) <= cap.value)
                cm.caps[learner.agent_id] = cap


def idle_weeks_last(bookings: list) -> list:
    """The same plan with each agent's idle weeks moved to the end (every rule still holds, as
    above): a hint the symmetry-breaking rows accept. A greedy hint with an idle week first
    cost the search five times the work to repair."""
    weeks: dict[str, list[int]] = {}
    for b in bookings:
        weeks.setdefault(b.agent_id, []).append(b.week)
    rank = {a: {w: k + 1 for k, w in enumerate(sorted(set(ws)))} for a, ws in weeks.items()}
    return [replace(b, week=rank[b.agent_id][b.week]) for b in bookings]


def _busy_weeks_first(cm: CohortModel, a: str) -> None:
    busy = []
    for w in cm.weeks:
        flag = cm.busy_week(a, w, exact=True)
        if flag is None:
            return
        busy.append(flag)
    for this, following in zip(busy, busy[1:]):
        cm.model.AddImplication(following, this)
