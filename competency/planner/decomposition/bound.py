"""The Lagrangian bound: valid at any non-negative prices, so every pricing round proves one.

Take the linking rows (class maximum and minimum per session, the cohort budget, the
sessions-per-week cap, team caps) into the objective at their prices and drop trainers and
mentors (which only relaxes more). What is left splits into one problem per agent, the
pricing problem, plus one per session: open it or not, whichever pays more at the prices.
So, with B the budget, c the weekly cap, L a team's limit and for a session of module m
with class sizes [lo, hi] and price S in week w:

    bound = sum over agents of their pricing bound
          + budget price x B + sum over weeks of cap price x c + sum over team weeks of price x L
          + sum over sessions of max(0, hi x over price - lo x under price - budget price x S - cap price)

Each agent's pricing bound is CP-SAT's proven bound, not its best schedule, so the sum is a
bound even where a pricing search stopped on its work before proving.
"""

from __future__ import annotations

from ..formulation.variables import money_int
from ..problem.instance import Instance
from .columns import Prices


def lagrangian_bound(instance: Instance, prices: Prices, agent_bounds: dict[str, float],
                     team_limits: dict[str, int]) -> float:
    options, modules = instance.options, instance.catalog.modules
    total = sum(agent_bounds.values())
    if options.budget is not None:
        total += prices.budget * money_int(options.budget)
    if options.sessions_per_week is not None:
        total += sum(prices.cap.values()) * options.sessions_per_week
    total += sum(price * team_limits[team] for (team, _), price in prices.team.items())
    for (mid, _, w), (over, under) in prices.fill.items():
        seats, module = modules[mid].seats, modules[mid]
        total += max(0.0, seats.max * over - seats.min * under - prices.budget * money_int(module.session_cost)
                     - prices.cap.get(w, 0.0))
    return total
