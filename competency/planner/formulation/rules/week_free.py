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

The search proves with CP-SAT's full linearisation (``search.parameters``, personal plans),
which puts these rows and the reason rules into its LP. docs/performance.md has the figures.
"""

from __future__ import annotations

from ....model.tiers import Tier
from ..variables import CohortModel
from .prerequisites import providers


def add(cm: CohortModel) -> None:
    options = cm.instance.options
    if not options.personal:
        return
    for learner in cm.learners:
        _first_providers(cm, learner.agent_id)
        if options.breaks_week_symmetry():
            _busy_weeks_first(cm, learner.agent_id)


def _first_providers(cm: CohortModel, a: str) -> None:
    held = cm.levels[a]
    for module in cm.takes(a):
        for cid, tier in sorted(cm.index.entry[module.id].items()):
            if held.get(cid, Tier.NONE) >= tier:
                continue
            first = [p for p in providers(cm, a, cid, int(tier)) if cm.index.entry[p].get(cid, Tier.NONE) < tier]
            cm.model.Add(cm.taken[a, module.id] <= sum(cm.taken[a, p] for p in first))


def _busy_weeks_first(cm: CohortModel, a: str) -> None:
    busy = []
    for w in cm.weeks:
        week = [cm.x[a, m.id, w] for m in cm.takes(a)]
        if not week:
            return
        flag = cm.model.NewBoolVar(f"busy[{a},{w}]")
        for var in week:
            cm.model.AddImplication(var, flag)
        cm.model.Add(sum(week) >= flag)
        busy.append(flag)
    for this, following in zip(busy, busy[1:]):
        cm.model.AddImplication(following, this)
