"""Smoke test of the planning benchmark: tiny instances, checker-clean, never worse than greedy."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.plan_bench import Case, instances, run_case, table  # noqa: E402
from competency.planner.baseline.greedy import greedy_plan  # noqa: E402
from competency.planner.solve import SolverConfig, solve  # noqa: E402
from competency.planner.plan.validation import check_plan  # noqa: E402


@pytest.mark.parametrize("case", [Case("per-agent", 3, 30), Case("cohort", 4, 30)], ids=str)
def test_bench_rows_are_checked_and_not_worse_than_greedy(case):
    greedy = run_case(case, "greedy", seed=1, time_limit=5)
    planner = run_case(case, "planner", seed=1, time_limit=5)
    assert greedy["violations"] == 0 and planner["violations"] == 0, planner["violation_examples"]
    assert planner["objective"] >= greedy["objective"] - 1e-6
    assert planner["bound"] >= planner["objective"] - 1e-6
    assert 0 <= planner["gap"] <= 1
    assert sum(planner["statuses"].values()) == (case.agents if case.mode == "per-agent" else 1)
    for row in (greedy, planner):
        row["peak_rss_mb"] = 0.0
    assert "per-agent" in table([greedy, planner]) or "cohort" in table([greedy, planner])


def test_each_instance_plan_passes_checker_and_beats_greedy():
    for instance, learners in instances(Case("per-agent", 4, 30), seed=2, budget_per_agent=1000):
        plan = solve(instance, SolverConfig(time_limit=5))
        assert check_plan(plan, instance.catalog, learners) == []
        assert plan.objective >= greedy_plan(instance).objective - 1e-6


def test_case_parse_rejects_bad_sizes():
    assert Case.parse("cohort:10x60") == Case("cohort", 10, 60)
    with pytest.raises(Exception):
        Case.parse("team:10x60")


def test_generated_new_hires_are_the_same_agents_with_nothing_assessed():
    from benchmarks.generator import make_agents, make_catalog

    catalog = make_catalog(60, 0)
    plain, hires = make_agents(catalog, 20, 0), make_agents(catalog, 20, 0, new_hires=True)
    assert all(not h.assessments for h in hires) and any(p.assessments for p in plain)
    assert [h.model_copy(update={"assessments": p.assessments}) for h, p in zip(hires, plain)] == plain


def test_new_hire_cases_parse_and_plan_checker_clean():
    assert Case.parse("per-agent-new:2x30") == Case("per-agent-new", 2, 30)
    assert Case.parse("sample-new").mode == "sample-new"
    row = run_case(Case("per-agent-new", 2, 30), "planner", seed=1, time_limit=5)
    greedy = run_case(Case("per-agent-new", 2, 30), "greedy", seed=1, time_limit=5)
    assert row["violations"] == 0 and row["objective"] >= greedy["objective"] - 1e-6
    assert sum(row["statuses"].values()) == 2
