"""How a stage's work is split into searches (solvers/phases.py): a big model's value stage
searches neighbourhoods first (local search first under a budget); a fresh plan's cost and
finish stages search neighbourhoods alone, a re-plan's later stages locally first."""

from __future__ import annotations

import pytest

from competency.planner.solvers.phases import stage_phases


def test_a_fresh_cohort_plan_searches_neighbourhoods_first_and_its_cost_and_finish_by_them_alone():
    assert [kind for kind, _ in stage_phases("value", 12, True, True, 0.0, 0.0, fresh=True)] == ["lns", "local"]
    for stage in ("cost", "finish"):
        phases = stage_phases(stage, 12, True, True, 0.0, 5.0, fresh=True)
        assert [kind for kind, _ in phases] == ["lns"] and phases[0][1] == pytest.approx(0.96)


def test_a_replan_climbs_its_value_by_neighbourhoods_first_then_stays_near_its_calendar_by_local_search():
    assert stage_phases("value", 12, True, True, 0.0, 0.0) == [("lns", pytest.approx(1.8)), ("local", pytest.approx(3.6))]
    assert stage_phases("cost", 12, True, True, 0.0, 1.8) == [("local", pytest.approx(6.0))]
    assert stage_phases("changes", 12, True, True, 0.0, 1.8) == [("local", pytest.approx(3.6)), ("lns", pytest.approx(3.6))]


def test_small_models_are_searched_by_the_tree_search_fresh_or_not():
    for fresh in (True, False):
        assert [kind for kind, _ in stage_phases("value", 12, False, True, 0.5, 0.0, fresh=fresh)] == ["tree"]


def test_a_plan_under_a_budget_climbs_its_value_by_local_search_first_fresh_or_not():
    for fresh in (True, False):
        assert [kind for kind, _ in stage_phases("value", 12, True, True, 0.0, 0.0, fresh=fresh, budget=True)] == \
            ["local", "lns"]
    assert [kind for kind, _ in stage_phases("cost", 12, True, True, 0.0, 0.0, fresh=True, budget=True)] == ["lns"]
