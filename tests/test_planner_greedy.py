"""The greedy baseline keeps every rule, and the optimiser is never worse than it."""

from __future__ import annotations

from competency.planner.baseline.greedy import greedy_plan
from competency.planner.solve import solve
from competency.planner.plan.validation import check_plan
from test_planner_support import FAST, random_instance


def test_greedy_plans_keep_every_rule_and_never_beat_the_optimiser():
    for seed in range(60):
        instance = random_instance(seed)
        greedy = greedy_plan(instance)
        problems = check_plan(greedy, instance.catalog, instance.learners)
        if greedy.status == "PARTIAL":
            # It may fail to place mandatory retraining, and then says so.
            assert {p.rule for p in problems} == {"mandatory"} and greedy.infeasibility
        else:
            assert problems == []
        best = solve(instance, FAST)
        if best.status == "OPTIMAL" and greedy.status == "FEASIBLE":
            assert best.objective >= greedy.objective - 1e-9
