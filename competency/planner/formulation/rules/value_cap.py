"""The value cap of a personal plan (rules/week_free.py): the week-free problem's optimum.

Why: for a new hire the week-indexed model finds and proves its best plan slowly; the
week-free problem (which modules, their first providers, the weeks' hours as bin packing
(packing.py), budgets, shares and mandatory retraining; no week order, no booking reasons)
is a small knapsack with precedence that CP-SAT proves in milliseconds. Its optimum caps the agent's value
(``sum value <= cap``), so the search stops the moment a plan is worth the cap, and the
modules of that optimum are the plan to try first (solvers/cap_plan.py): on every sample new
hire they fit into weeks as they are, worth the cap.

The same problem, at the cap's value, gives the least a plan worth it can cost (seats: a
personal plan's only cost), and the modules kept are the fewest hours at that value and
cost, so the weeks have room to spare for the order prerequisites impose. Every solve is
stopped by deterministic work (``CAP_WORK``), so the same on every run; the clock is a
safety net only, and a cut solve's bound still holds, it is just looser (and then no
modules are offered).
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from ....model.tiers import Tier
from ...problem.candidates import mandatory_modules
from ..variables import CohortModel, hours_int, money_int, weight_int
from .packing import add_patterns
from .prerequisites import first_providers
from .shares import SHARE_SCALE

# Deterministic seconds per solve: the sample's new hires need 0.001-0.05.
CAP_WORK, CAP_SAFETY = 0.5, 30.0


@dataclass(frozen=True)
class Cap:
    value: int  # scaled value no plan of the agent exceeds
    cost: int | None  # scaled cost no plan worth ``value`` goes below (None: not proven)
    modules: frozenset[str] | None  # a week-free choice worth ``value``, costing ``cost`` if known


def value_cap(cm: CohortModel, learner) -> Cap | None:
    """A proven upper bound on the learner's scaled value; None if it says nothing."""
    a, mods = learner.agent_id, cm.takes(learner.agent_id)
    model = cp_model.CpModel()
    taken = {m.id: model.NewBoolVar(m.id) for m in mods}
    first_providers(cm, a, model, taken)
    hours = [(hours_int(m.hours), taken[m.id]) for m in mods]
    week = hours_int(cm.instance.options.hours_for(learner))
    model.Add(sum(h * v for h, v in hours) <= len(cm.weeks) * week)
    if not add_patterns(model, hours, week, len(cm.weeks)):
        # Too many week patterns: modules longer than half a week at least never share one.
        model.Add(sum(v for h, v in hours if 2 * h > week) <= len(cm.weeks))
    for rule in learner.shares:
        need = round(rule.min * SHARE_SCALE)
        model.Add(sum(h * ((SHARE_SCALE if rule.tag in m.tags else 0) - need) * taken[m.id]
                      for m, (h, _) in zip(mods, hours)) >= 0)
    if not cm.instance.options.retraining_stage:  # a stage of its own there, not a rule
        for modules in mandatory_modules(cm.instance.catalog, learner).values():
            model.AddBoolOr([taken[m] for m in modules if m in taken])
    value = _value(cm, learner, model, taken)
    if not value:
        return None
    budgets = [b for b in (learner.budget, cm.instance.options.budget) if b is not None]
    cost = sum(money_int(cm.seat_cost(learner, m)) * taken[m.id] for m in mods)
    for budget in budgets:
        model.Add(cost <= money_int(budget))
    return _lexicographic(model, sum(value), cost, sum(h * v for h, v in hours), taken)


def _lexicographic(model: cp_model.CpModel, value, cost, hours, taken: dict) -> Cap | None:
    """Most value; then, at that value, least cost; then the fewest hours at that cost."""
    model.Maximize(value)
    solver = _solver()
    code = solver.Solve(model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    cap = int(solver.BestObjectiveBound())
    if code != cp_model.OPTIMAL:
        return Cap(cap, None, None)
    chosen = {m for m, v in taken.items() if solver.Value(v)}
    model.Add(value >= cap)
    model.Minimize(cost)
    _hint(model, taken, chosen)
    code = solver.Solve(model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Cap(cap, None, frozenset(chosen))
    chosen = {m for m, v in taken.items() if solver.Value(v)}
    if code != cp_model.OPTIMAL:
        return Cap(cap, None, frozenset(chosen))
    least = round(solver.ObjectiveValue())
    model.Add(cost <= least)
    model.Minimize(hours)
    _hint(model, taken, chosen)
    if solver.Solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        chosen = {m for m, v in taken.items() if solver.Value(v)}
    return Cap(cap, least, frozenset(chosen))


def _hint(model: cp_model.CpModel, taken: dict, chosen: set) -> None:
    model.ClearHints()
    for m, v in taken.items():
        model.AddHint(v, int(m in chosen))


def _value(cm: CohortModel, learner, model: cp_model.CpModel, taken: dict) -> list:
    held, reach, value = cm.levels[learner.agent_id], {}, []
    mods = cm.takes(learner.agent_id)
    for cid, tier in learner.open_steps():
        if held.get(cid, Tier.NONE) >= tier:
            continue
        reach[cid, tier] = model.NewBoolVar(f"reach[{cid},{tier}]")
        model.Add(reach[cid, tier] <= sum(taken[m.id] for m in mods
                                          if any(r.competency == cid and r.tier >= tier for r in m.raises)))
        if (cid, tier - 1) in reach:
            model.AddImplication(reach[cid, tier], reach[cid, tier - 1])
        value.append(weight_int(learner.weight(cid)) * reach[cid, tier])
    return value


def _solver() -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers, p.linearization_level = 1, 2
    p.max_deterministic_time, p.max_time_in_seconds = CAP_WORK, CAP_SAFETY
    return solver
