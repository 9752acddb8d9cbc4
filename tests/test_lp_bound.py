"""The LP bound of a budget-bound cohort: never below the best plan, and tighter than the
per-agent relaxation when the budget binds."""

from __future__ import annotations

from competency.planner.formulation.build import build_model
from competency.planner.problem.instance import WEIGHT_SCALE
from competency.planner.solvers.lp_bound import linear_relaxation, lp_bound
from competency.planner.solvers.relax import add_caps, relax
from competency.planner.solvers.search import LOCAL_SEARCH_FROM
from competency.planner.solve import SolverConfig, solve
from competency.planner.plan.validation import check_plan
from test_oracle import exhaustive_optimum
from test_planner_floor import cohort
from test_planner_support import random_instance


def test_the_lp_bound_is_never_below_the_exhaustive_optimum_of_a_budgeted_cohort():
    checked = 0
    for seed in range(120):
        instance = random_instance(seed)
        if instance.options.budget is None or len(instance.learners) < 2:
            continue
        truth = exhaustive_optimum(instance)
        if truth is None:
            continue
        cm = build_model(instance)
        add_caps(cm, relax(cm))
        bound = lp_bound(linear_relaxation(cm))
        assert bound is not None and bound >= round(truth * WEIGHT_SCALE), seed
        checked += 1
    assert checked >= 10


def test_an_unproven_budget_bound_cohort_reports_the_tighter_lp_bound_with_the_same_plan():
    instance, learners = cohort(agents=90, modules=120)  # above LOCAL_SEARCH_FROM week decisions
    assert len(build_model(instance).x) > LOCAL_SEARCH_FROM
    # The compact model's bound: the decomposition (the default for this cohort) has its own.
    plan = solve(instance, SolverConfig(work=1, method="compact"))
    without = solve(instance, SolverConfig(work=1, lp_bound=False, method="compact"))
    assert check_plan(plan, instance.catalog, learners) == []
    ignore = {"solve_seconds", "stages", "bound", "gap"}
    assert plan.model_dump(exclude=ignore) == without.model_dump(exclude=ignore)
    assert plan.status == "FEASIBLE" and plan.objective <= plan.bound < without.bound
