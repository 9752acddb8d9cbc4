"""The decomposition solver (``--method decomposition``): its plans keep every rule, are never
worse than the greedy floor, and its Lagrangian bound is never below the true optimum."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from competency.planner.baseline.greedy import greedy_plan
from competency.planner.decomposition.bound import lagrangian_bound
from competency.planner.decomposition.columns import Prices
from competency.planner.decomposition.solver import solve_by_decomposition
from competency.planner.plan.validation import check_plan
from competency.planner.solve import solve
from test_oracle import exhaustive_optimum
from test_planner_support import FAST, random_instance

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.generator import make_agents, make_catalog  # noqa: E402
from competency.planner.problem.instance import Instance, PlanningOptions, learners_from_profiles  # noqa: E402

# Work decides, the clock is only a safety net: on a loaded machine a short one would cut
# searches and change the plan.
DECOMPOSE = replace(FAST, method="decomposition", work=1.0, time_limit=600)


def _budget_cohort(agents: int = 12, modules: int = 40, budget_per_agent: float = 600.0) -> Instance:
    catalog = make_catalog(modules, 3)
    learners = learners_from_profiles(catalog, make_agents(catalog, agents, 3))
    import datetime as dt

    return Instance(catalog, tuple(learners), PlanningOptions(weeks=8, start_date=dt.date(2026, 9, 7),
                                                              budget=budget_per_agent * agents))


def test_the_decomposition_bound_is_never_below_the_exhaustive_optimum_on_tiny_instances():
    checked = 0
    for seed in range(24):
        instance = random_instance(seed, people=seed % 2 == 1)
        truth = exhaustive_optimum(instance)
        if truth is None or len(instance.learners) < 2:
            continue
        greedy = greedy_plan(instance)
        plan = solve_by_decomposition(instance, DECOMPOSE, greedy if greedy.status == "FEASIBLE" else None)
        if plan is None:
            continue
        checked += 1
        assert plan.bound >= truth - 1e-6, (seed, plan.bound, truth)
        assert plan.objective <= truth + 1e-6, (seed, plan.objective, truth)
        assert not check_plan(plan, instance.catalog, instance.learners), seed
    assert checked >= 8


def test_a_budget_bound_cohort_planned_by_decomposition_keeps_every_rule_and_beats_nothing_less_than_greedy():
    instance = _budget_cohort()
    floor = greedy_plan(instance)
    plan = solve(instance, DECOMPOSE)
    assert plan.status in ("OPTIMAL", "FEASIBLE")
    assert "decomposition" in plan.solver or "greedy plan kept" in plan.solver
    assert not check_plan(plan, instance.catalog, instance.learners)
    assert (plan.objective, -plan.total_cost) >= (floor.objective, -floor.total_cost)
    assert plan.total_cost <= instance.options.budget + 1e-6
    assert plan.bound >= plan.objective


def test_the_lagrangian_bound_at_zero_prices_is_the_sum_of_the_agents_own_bounds():
    instance = _budget_cohort(agents=4)
    bound = lagrangian_bound(instance, Prices(), {"a": 1.5, "b": 2.0}, {})
    assert bound == 3.5
    # A budget price adds its budget's worth: the relaxation pays for what it may spend.
    priced = lagrangian_bound(instance, Prices(budget=1e-6), {"a": 1.5, "b": 2.0}, {})
    assert abs(priced - (3.5 + 1e-6 * instance.options.budget * 100)) < 1e-9


def test_the_decomposition_plan_is_the_same_for_one_or_two_pricing_processes():
    instance = _budget_cohort(agents=20)
    one = solve(instance, replace(DECOMPOSE, workers=1))
    two = solve(instance, replace(DECOMPOSE, workers=2))
    assert [(a.agent_id, [(m.module_id, m.week) for m in a.modules]) for a in one.agents] == \
        [(a.agent_id, [(m.module_id, m.week) for m in a.modules]) for a in two.agents]
    assert (one.objective, one.bound, one.total_cost) == (two.objective, two.bound, two.total_cost)


def test_the_master_is_chosen_by_highs_over_every_column_and_gives_the_same_plan_twice():
    instance = _budget_cohort(agents=20)
    first, second = solve(instance, DECOMPOSE), solve(instance, DECOMPOSE)
    assert "master by highs" in first.solver, first.solver
    # Nodes, not the clock, stop HiGHS: every master stage ends on a proof or its nodes.
    assert all(s.ended in ("optimal", "work") for s in first.stages), first.stages
    assert first.model_dump(exclude={"solve_seconds", "stages", "created"}) == \
        second.model_dump(exclude={"solve_seconds", "stages", "created"})
    assert not check_plan(first, instance.catalog, instance.learners)


def test_a_master_highs_cannot_take_falls_back_to_cp_sat_with_the_same_rules():
    from competency.planner.decomposition import master

    instance = _budget_cohort(agents=20)
    floor = greedy_plan(instance)
    original = master.solve_model_mip

    def refuse(*args, **kwargs):
        from competency.planner.solvers.mip_convert import UnsupportedModel
        raise UnsupportedModel("test: not for HiGHS")

    master.solve_model_mip = refuse
    try:
        plan = solve_by_decomposition(instance, DECOMPOSE, floor)
    finally:
        master.solve_model_mip = original
    assert plan is not None and "master by cp-sat" in plan.solver, plan.solver
    assert not check_plan(plan, instance.catalog, instance.learners)
    assert plan.objective >= floor.objective


def test_a_decomposition_the_clock_cuts_before_any_round_still_reports_a_finite_valid_bound():
    import math

    instance = _budget_cohort(agents=12)
    greedy = greedy_plan(instance)
    plan = solve_by_decomposition(instance, replace(DECOMPOSE, time_limit=0.001), greedy)
    assert plan is not None and math.isfinite(plan.bound) and plan.bound >= plan.objective
    assert plan.bound <= sum(a.weight(c) for a in instance.learners for c, _ in a.open_steps()) + 1e-6


def test_a_replans_stable_column_keeps_the_agents_frozen_bookings_and_opens_no_new_class():
    from catalog_factory import competency, module
    from competency.model.tiers import Tier
    from competency.planner.decomposition.pricing import AgentPricer
    from competency.planner.problem.candidates import CatalogIndex, candidate_table
    from competency.planner.problem.previous import Previous
    from competency.planner.problem.staffing import Staffing
    from test_planner_support import catalog, instance, learner

    cat = catalog([competency("c0"), competency("c1"), competency("c2")], [
        module("solo", "c0", "basic"), module("more", "c2", "basic"),
        module("class", "c1", "basic", mode="workshop", class_size={"min": 2, "max": 8})],
        sites=[{"id": "S1", "name": "Site one"}],
        trainers=[{"id": "T0", "name": "Wang", "modules": ["class"], "sites": ["S1"]}])
    who = learner("A0", targets={"c0": Tier.BASIC, "c1": Tier.BASIC, "c2": Tier.BASIC}, site="S1", hours_per_week=8)
    mate = learner("A1", targets={"c1": Tier.BASIC}, site="S1")
    told = (Previous("A0", "solo", 1, frozen=True),)
    replan = instance(cat, [who, mate], weeks=2, previous=told, retraining_stage=True)
    pricer = AgentPricer(replan, who, candidate_table(replan, CatalogIndex(cat))["A0"], Staffing(replan), False)
    booked = {m for m, _ in pricer.stable(1.0, 30.0).bookings}
    # The frozen booking stays and value is taken where the agent can take it alone; a class
    # of at least two that the earlier plan did not have would need someone else to join.
    assert booked == {"solo", "more"}


def test_auto_decomposes_a_budget_cohort_only_where_each_site_has_thirty_agents_or_more():
    import datetime as dt

    from competency.io.profiles import load_profiles
    from competency.model.loader import load_catalog
    from competency.planner.solve import _decompose
    from competency.planner.solvers.config import SolverConfig

    one_site = _budget_cohort(agents=30)
    assert len({a.site for a in one_site.learners}) == 1
    assert _decompose(one_site, SolverConfig())
    catalog = load_catalog(None)
    sample = learners_from_profiles(catalog, load_profiles(Path(__file__).resolve().parents[1] / "profiles"))
    budgeted = Instance(catalog, tuple(sample), PlanningOptions(weeks=12, start_date=dt.date(2026, 11, 2), budget=60000))
    # 46 agents at three sites: the compact model plans 519.2 where the decomposition plans 466.8.
    assert len(sample) >= 30 and not _decompose(budgeted, SolverConfig())
    assert _decompose(budgeted, SolverConfig(method="decomposition"))
    assert not _decompose(replace(one_site, options=replace(one_site.options, budget=None)), SolverConfig())
