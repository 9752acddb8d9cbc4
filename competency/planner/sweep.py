"""Budget what-if: the value of the best plan at each cohort budget, and what each extra
1,000 CNY buys. For L&D planners arguing for budget.

Levels are planned in rising order, each starting from the plan of the level below, which
still fits the bigger budget; a search that ends below it keeps that plan, so the values
never fall as the budget rises, proven optimal or not."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from .problem.instance import Instance
from .plan.schema import Plan, SweepPoint
from .plan.result import bookings_of
from .solve import SolverConfig, never_worse, solve


MAX_LEVELS = 50  # each level is a whole plan: more would run for hours


def budgets(low: float, high: float, step: float) -> list[float]:
    """``low, low+step, ..., high`` (high included when the steps land on it)."""
    if not all(math.isfinite(v) for v in (low, high, step)):
        raise ValueError("LOW, HIGH and STEP must be plain numbers (no nan or inf), e.g. 20000:100000:10000")
    if step <= 0 or high < low or low < 0:
        raise ValueError("need 0 <= LOW <= HIGH and STEP > 0, e.g. 20000:100000:10000")
    count = int((high - low) / step + 1e-9)
    if count + 1 > MAX_LEVELS:
        raise ValueError(f"that is {count + 1} budgets; at most {MAX_LEVELS}: take a larger STEP")
    return [round(low + i * step, 2) for i in range(count + 1)]


def sweep(instance: Instance, levels: list[float], config: SolverConfig = SolverConfig(),
          on_point: Callable[[SweepPoint], None] | None = None) -> tuple[list[SweepPoint], list[Plan]]:
    points, plans, previous = [], [], None
    for budget in levels:
        level = instance.with_options(budget=budget)
        below = plans[-1] if plans and budget >= previous.budget else None
        # A cohort planned in parts starts from greedy in each part; the floor below still holds.
        whole = not config.part_size or len(level.learners) <= config.part_size
        plan = solve(level, replace(config), hint=bookings_of(below) if below and whole else None)
        if below is not None and below.status in ("OPTIMAL", "FEASIBLE"):
            plan = never_worse(level, plan, below, plan.catalog)
        marginal = None
        if previous is not None and budget > previous.budget:
            marginal = round((plan.objective - previous.value) / (budget - previous.budget) * 1000, 6)
        point = SweepPoint(budget=budget, value=plan.objective, cost=plan.total_cost, status=plan.status,
                           marginal=marginal)
        points.append(point)
        plans.append(plan)
        previous = point
        if on_point:
            on_point(point)
    return points, plans
