"""How a stage's work is split into searches (solvers/phases.py), where the plan a user gets
depends on it but no quick run shows it: under a budget, the value stage searched by
neighbourhoods first planned the sample under 60,000 CNY at 482.6 instead of 518.9.
(How much sooner neighbourhoods first prove a plan without a budget is a matter of time, so
benchmarks/plan_bench.py measures it, not a test.)"""

from __future__ import annotations

from competency.planner.solvers.phases import stage_phases


def test_a_plan_under_a_budget_climbs_its_value_by_local_search_first_fresh_or_not():
    for fresh in (True, False):
        assert [kind for kind, _ in stage_phases("value", 12, True, True, 0.0, 0.0, fresh=fresh, budget=True)] == \
            ["local", "lns"]
    assert [kind for kind, _ in stage_phases("cost", 12, True, True, 0.0, 0.0, fresh=True, budget=True)] == ["lns"]
