"""Budget what-if: the value of the best plan at each cohort budget, and what each extra
1,000 CNY buys. For L&D planners arguing for budget.

Levels are planned in rising order, each warm-started from the plan of the level below,
which still fits the bigger budget and is its floor (``solve.best_floor``, kept whole when
the search ends below it), so the values never fall as the budget rises, proven optimal or
not. Each point carries its value, proven bound, gap and how its search ended
(``SweepPoint``), so a point cut by the clock says so."""

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
        found = below is not None and below.status in ("OPTIMAL", "FEASIBLE")
        plan = solve(level, replace(config), hint=bookings_of(below) if found else None)
        if found:
            # The solve keeps the hint as its floor when the checker passes it; this holds even then.
            plan = never_worse(level, plan, below, plan.catalog)
        marginal = None
        if previous is not None and budget > previous.budget:
            marginal = round((plan.objective - previous.value) / (budget - previous.budget) * 1000, 6)
        point = SweepPoint(budget=budget, value=plan.objective, cost=plan.total_cost, status=plan.status,
                           marginal=marginal, bound=plan.bound, gap=plan.gap, ended=ended(plan))
        points.append(point)
        plans.append(plan)
        previous = point
        if on_point:
            on_point(point)
    return points, plans


def ended(plan: Plan) -> str | None:
    """How a plan's search stopped: "clock" when the time limit cut any stage (only then may
    another run differ), else how its value stage ended; None without a search (greedy kept
    with no stage run, MIP back-ends' stages aside)."""
    if any(stage.ended == "clock" for stage in plan.stages):
        return "clock"
    return next((stage.ended for stage in plan.stages if stage.name == "value"), None)
