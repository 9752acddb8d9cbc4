"""The greedy plan is the optimiser's warm start and its floor: never return anything worse."""

import datetime as dt
from dataclasses import replace
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generator import make_agents, make_catalog  # noqa: E402
from competency.planner.baseline.greedy import greedy_plan  # noqa: E402
from competency.planner.problem.instance import Instance, PlanningOptions, learners_from_profiles  # noqa: E402
from competency.planner.plan.result import Outcome, bookings_of, to_plan  # noqa: E402
from competency.planner.solve import SolverConfig, best_floor, never_worse, solve  # noqa: E402
from competency.planner.plan.validation import check_plan  # noqa: E402


def cohort(agents: int = 12, modules: int = 45, seed: int = 4) -> tuple[Instance, list]:
    catalog = make_catalog(modules, seed)
    learners = learners_from_profiles(catalog, make_agents(catalog, agents, seed))
    options = PlanningOptions(weeks=6, start_date=dt.date(2026, 1, 5), budget=600.0 * agents)
    return Instance(catalog, tuple(learners), options), learners


def test_a_search_cut_short_still_returns_a_checked_plan_at_least_as_good_as_greedy():
    instance, learners = cohort()
    floor = greedy_plan(instance)
    plan = solve(instance, SolverConfig(time_limit=0.1))
    assert check_plan(plan, instance.catalog, learners) == []
    assert plan.objective >= floor.objective - 1e-9
    assert plan.bound >= plan.objective


def test_a_worse_search_result_is_replaced_by_the_greedy_plan_and_keeps_the_proven_bound():
    instance, learners = cohort()
    floor = greedy_plan(instance)
    assert floor.objective > 0
    empty = to_plan(instance, [], Outcome(status="FEASIBLE", bound=floor.objective + 5, solver="cp-sat"))
    kept = never_worse(instance, empty, floor)
    assert kept.objective == floor.objective and kept.bound == pytest.approx(floor.objective + 5)
    assert kept.status == "FEASIBLE" and "greedy plan kept" in kept.solver
    assert check_plan(kept, instance.catalog, learners) == []


def test_a_kept_floor_names_what_keeps_each_open_gap_open_as_any_plan_does():
    instance, _ = cohort()
    floor = best_floor(instance, None)
    empty = to_plan(instance, [], Outcome(status="FEASIBLE", bound=floor.objective + 5, solver="cp-sat"))
    kept = never_worse(instance, empty, floor)
    named = greedy_plan(instance)  # what the limits are when annotated straight away
    assert [[line.limits for line in a.gaps] for a in kept.agents] == [[line.limits for line in a.gaps] for a in named.agents]
    assert any(line.limits for a in kept.agents for line in a.gaps if line.planned < line.target)


def test_a_big_plans_limits_named_over_two_processes_are_those_named_in_one(monkeypatch):
    import competency.planner.plan.limits as limits

    instance, _ = cohort(agents=30)
    one = greedy_plan(instance)
    monkeypatch.setattr(limits, "PARALLEL_FROM", 2)  # 30 agents stand in for the 200 it takes
    two = greedy_plan(instance, limits=False)
    limits.annotate_limits(instance, two, workers=2)
    assert two.model_dump_json(exclude={"solve_seconds"}) == one.model_dump_json(exclude={"solve_seconds"})
    assert sum(bool(line.limits) for a in two.agents for line in a.gaps) > 30


def test_a_search_without_any_solution_falls_back_to_greedy_with_an_honest_bound():
    instance, _ = cohort()
    floor = greedy_plan(instance)
    nothing = to_plan(instance, [], Outcome(status="UNKNOWN", solver="cp-sat"))
    kept = never_worse(instance, nothing, floor)
    open_value = sum(a.weight(c) for a in instance.learners for c, _ in a.open_steps())
    assert kept.objective == floor.objective
    assert kept.bound == pytest.approx(open_value) and kept.bound >= kept.objective


def test_an_unknown_back_end_is_refused_by_name():
    instance, _ = cohort(agents=2, modules=20)
    with pytest.raises(ValueError, match="unknown back-end 'gurobi'"):
        solve(instance, SolverConfig(backend="gurobi"))


def test_a_budget_sweep_never_falls_as_the_budget_rises_even_when_searches_are_cut_short():
    from competency.planner.sweep import sweep

    instance, learners = cohort()
    points, plans = sweep(instance, [0.0, 2000.0, 7200.0, 20000.0], SolverConfig(time_limit=0.3))
    values = [p.value for p in points]
    assert values == sorted(values) and values[-1] > values[0]
    for point, plan in zip(points, plans):
        assert plan.budget == point.budget and plan.total_cost <= point.budget + 1e-6
        assert check_plan(plan, instance.catalog, learners) == []


def test_a_hinted_plan_better_than_the_search_finds_is_returned_whole_with_its_sessions():
    instance, learners = cohort()
    good = solve(instance, SolverConfig(time_limit=60, work=3))
    cut = solve(instance, SolverConfig(time_limit=60, work=0.05), hint=bookings_of(good))
    assert (cut.objective, -cut.total_cost) >= (good.objective, -good.total_cost)
    assert cut.agents == good.agents and cut.sessions == good.sessions
    assert "given plan kept" in cut.solver and cut.bound >= cut.objective
    assert check_plan(cut, instance.catalog, learners) == []


def test_a_hint_that_breaks_a_rule_is_no_floor_and_the_plan_stays_valid():
    instance, learners = cohort()
    good = solve(instance, SolverConfig(time_limit=60, work=3))
    # Every booking twice as early as week 1 allows: over the weekly hours, not a plan.
    crammed = [replace(b, week=1) for b in bookings_of(good)]
    assert best_floor(instance, crammed).solver == "greedy"
    plan = solve(instance, SolverConfig(time_limit=60, work=0.05), hint=crammed)
    assert check_plan(plan, instance.catalog, learners) == []
    assert plan.objective >= greedy_plan(instance).objective - 1e-9


def test_every_budget_sweep_point_carries_its_proven_bound_gap_and_how_its_search_ended():
    from competency.planner.sweep import sweep

    instance, _ = cohort()
    points, plans = sweep(instance, [2000.0, 7200.0], SolverConfig(time_limit=60, work=1))
    for point, plan in zip(points, plans):
        assert point.bound == plan.bound and point.bound >= point.value
        assert point.gap == plan.gap and 0 <= point.gap < 1
        assert point.ended == next(s.ended for s in plan.stages if s.name == "value")
    cut, _ = sweep(instance, [7200.0], SolverConfig(time_limit=0.05, work=50))
    assert cut[0].ended == "clock"
