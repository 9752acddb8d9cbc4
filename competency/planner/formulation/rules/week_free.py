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

- **Value cap.** The week-free problem itself (which modules, first providers, all weeks'
  hours together, budget, shares; no weeks, no reasons) is a small knapsack with precedence
  that CP-SAT proves in milliseconds; its bound caps the agent's value
  (``sum value <= cap``), so the search stops the moment it finds a plan worth the cap. On
  the sample's new hires the cap is the optimum for most agents (65.6 for the agent above).
  Not in ``explain`` models, whose rules may be switched off.

The search proves with CP-SAT's full linearisation (``search.parameters``, personal plans),
which puts these rows and the reason rules into its LP. docs/performance.md has the figures.
"""

from __future__ import annotations

from dataclasses import replace

from ortools.sat.python import cp_model

from ....model.tiers import Tier
from ..variables import CohortModel, hours_int, money_int, weight_int
from .prerequisites import providers
from .shares import SHARE_SCALE

# Deterministic seconds for the value cap: the sample's new hires need 0.001-0.01. The clock
# is a safety net only; a cut search's bound still holds, it is just looser.
CAP_WORK, CAP_SAFETY = 0.5, 30.0


def add(cm: CohortModel) -> None:
    options = cm.instance.options
    if not options.personal or not options.week_free:
        return
    for learner in cm.learners:
        _first_providers(cm, learner.agent_id)
        if options.breaks_week_symmetry():
            _busy_weeks_first(cm, learner.agent_id)
        if not cm.explain:
            cap = value_cap(cm, learner)
            terms = [t for (a, _, _), t in zip(cm.reach, cm.value_terms) if a == learner.agent_id]
            if cap is not None and terms:
                cm.model.Add(sum(terms) <= cap)


def _first_providers(cm: CohortModel, a: str, model: cp_model.CpModel | None = None, taken: dict | None = None) -> None:
    model, taken = model or cm.model, taken or {m.id: cm.taken[a, m.id] for m in cm.takes(a)}
    held = cm.levels[a]
    for module in cm.takes(a):
        for cid, tier in sorted(cm.index.entry[module.id].items()):
            if held.get(cid, Tier.NONE) >= tier:
                continue
            first = [p for p in providers(cm, a, cid, int(tier)) if cm.index.entry[p].get(cid, Tier.NONE) < tier]
            model.Add(taken[module.id] <= sum(taken[p] for p in first))


def value_cap(cm: CohortModel, learner) -> int | None:
    """A proven upper bound on the learner's scaled value: the week-free problem's, solved by
    deterministic work (``CAP_WORK``), so the same on every run; None if it says nothing."""
    a, mods = learner.agent_id, cm.takes(learner.agent_id)
    model = cp_model.CpModel()
    taken = {m.id: model.NewBoolVar(m.id) for m in mods}
    _first_providers(cm, a, model, taken)
    hours = [(hours_int(m.hours), taken[m.id]) for m in mods]
    week = hours_int(cm.instance.options.hours_for(learner))
    model.Add(sum(h * v for h, v in hours) <= len(cm.weeks) * week)
    # Modules longer than half a week never share one: at most one such module a week.
    model.Add(sum(v for h, v in hours if 2 * h > week) <= len(cm.weeks))
    if learner.budget is not None:
        model.Add(sum(money_int(cm.seat_cost(learner, m)) * taken[m.id] for m in mods) <= money_int(learner.budget))
    for rule in learner.shares:
        need = round(rule.min * SHARE_SCALE)
        model.Add(sum(h * ((SHARE_SCALE if rule.tag in m.tags else 0) - need) * taken[m.id]
                      for m, (h, _) in zip(mods, hours)) >= 0)
    held, reach, value = cm.levels[a], {}, []
    for cid, tier in learner.open_steps():
        if held.get(cid, Tier.NONE) >= tier:
            continue
        reach[cid, tier] = model.NewBoolVar(f"reach[{cid},{tier}]")
        model.Add(reach[cid, tier] <= sum(taken[m.id] for m in mods
                                          if any(r.competency == cid and r.tier >= tier for r in m.raises)))
        if (cid, tier - 1) in reach:
            model.AddImplication(reach[cid, tier], reach[cid, tier - 1])
        value.append(weight_int(learner.weight(cid)) * reach[cid, tier])
    if not value:
        return None
    model.Maximize(sum(value))
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers, p.linearization_level = 1, 2
    p.max_deterministic_time, p.max_time_in_seconds = CAP_WORK, CAP_SAFETY
    if solver.Solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return int(solver.BestObjectiveBound())


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
