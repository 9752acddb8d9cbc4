"""The restricted master's linear relaxation: the columns found so far, mixed fractionally
under the linking rows, solved by GLOP for its duals (the next round's prices).

Rows (all as ``<=``, so every dual is a non-negative marginal value):

- convexity: each agent takes exactly one of their columns;
- class maximum and minimum of every session a column uses: places <= max x session,
  min x session <= places, the session open between 0 and 1;
- the cohort budget: seats plus session prices;
- the sessions-per-week cap and the team caps (agents of a team training in a week).

Trainers and mentors are left to the integer master: their rows would price sessions, not
bookings, and the bound stays valid without them (it only relaxes more).
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.linear_solver import pywraplp

from ..formulation.variables import money_int
from ..problem.instance import WEIGHT_SCALE, Instance
from .columns import Column, Prices, SessionKey


@dataclass(frozen=True)
class MasterLP:
    value: float  # weight units; an upper bound only once pricing finds nothing better
    prices: Prices
    mix: dict[Column, float]  # the columns with a positive share


def solve_master_lp(instance: Instance, pool: dict[str, list[Column]], keys: dict[tuple[str, str, int], SessionKey],
                    team_limits: dict[str, int]) -> MasterLP | None:
    """``keys``: (agent, module, week) -> session key, for every group booking in the pool;
    ``team_limits``: per team whose cap binds, the most agents training in one week."""
    lp = pywraplp.Solver.CreateSolver("GLOP")
    options, modules = instance.options, instance.catalog.modules
    teams = {a.agent_id: a.team for a in instance.learners}
    lam: dict[Column, pywraplp.Variable] = {}
    places: dict[SessionKey, list] = {}
    busy: dict[tuple[str, int], list] = {}
    spend = []
    convexity = {}
    for a in sorted(pool):
        choice = []
        for k, col in enumerate(pool[a]):
            var = lam[col] = lp.NumVar(0.0, 1.0, f"l[{a},{k}]")
            choice.append(var)
            spend.append(col.cost * var)
            for mid, w in col.bookings:
                key = keys.get((a, mid, w))
                if key is not None:
                    places.setdefault(key, []).append(var)
            if teams[a] in team_limits:
                for w in col.weeks():
                    busy.setdefault((teams[a], w), []).append(var)
        convexity[a] = lp.Add(sum(choice) == 1)
    sessions, fill = {}, {}
    for key in sorted(places):
        seats = modules[key[0]].seats
        s = sessions[key] = lp.NumVar(0.0, 1.0, f"s[{key}]")
        fill[key] = (lp.Add(sum(places[key]) - seats.max * s <= 0), lp.Add(seats.min * s - sum(places[key]) <= 0))
        spend.append(money_int(modules[key[0]].session_cost) * s)
    budget = lp.Add(sum(spend) <= money_int(options.budget)) if options.budget is not None else None
    caps = {}
    if options.sessions_per_week is not None:
        for w in range(1, options.weeks + 1):
            week = [s for key, s in sessions.items() if key[2] == w]
            if week:
                caps[w] = lp.Add(sum(week) <= options.sessions_per_week)
    team_rows = {tw: lp.Add(sum(vs) <= team_limits[tw[0]]) for tw, vs in sorted(busy.items())}
    lp.Maximize(sum(col.value / WEIGHT_SCALE * var for col, var in lam.items()))
    if lp.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    prices = Prices(
        budget=max(0.0, budget.dual_value()) if budget is not None else 0.0,
        fill={key: (max(0.0, hi.dual_value()), max(0.0, lo.dual_value())) for key, (hi, lo) in fill.items()},
        cap={w: max(0.0, row.dual_value()) for w, row in caps.items()},
        team={tw: max(0.0, row.dual_value()) for tw, row in team_rows.items()})
    return MasterLP(lp.Objective().Value(), prices,
                    {col: var.solution_value() for col, var in lam.items() if var.solution_value() > 1e-9})
