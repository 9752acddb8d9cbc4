"""Big cohorts are planned in parts; every hard rule still holds for the cohort as a whole."""

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generator import make_agents, make_catalog  # noqa: E402
from competency.planner.problem.candidates import CatalogIndex, candidate_table  # noqa: E402
from competency.planner.decomposition.parts import part_instances, split_teams  # noqa: E402
from competency.planner.baseline.greedy import greedy_plan  # noqa: E402
from competency.planner.problem.instance import Instance, PlanningOptions, learners_from_profiles  # noqa: E402
from competency.planner.solvers.relax import relax_agents  # noqa: E402
from competency.planner.solve import SolverConfig, solve  # noqa: E402
from competency.planner.plan.validation import check_plan  # noqa: E402


def cohort(agents: int = 30, seed: int = 5, **options) -> tuple[Instance, list]:
    catalog = make_catalog(36, seed)
    learners = learners_from_profiles(catalog, make_agents(catalog, agents, seed, teams=agents // 5))
    defaults = dict(weeks=6, start_date=dt.date(2026, 1, 5), budget=500.0 * agents)
    return Instance(catalog, tuple(learners), PlanningOptions(**(defaults | options))), learners


def config(workers: int = 1) -> SolverConfig:
    # The compact model: a budget-bound cohort the decomposition solver takes is priced whole
    # (solve.WHOLE_UP_TO), and these tests are about the parts.
    return SolverConfig(time_limit=20, workers=workers, part_size=12, method="compact")


def test_parts_keep_teams_whole_and_stay_within_the_part_size():
    instance, _ = cohort()
    parts = split_teams(instance, 12)
    assert sorted(a.agent_id for p in parts for a in p) == sorted(a.agent_id for a in instance.learners)
    assert all(len(p) <= 12 for p in parts) and len(parts) >= 3
    team_part = {}
    for k, part in enumerate(parts):
        for learner in part:
            assert team_part.setdefault(learner.team, k) == k


def test_part_shares_never_exceed_the_cohort_budget_and_sessions_never_share_a_week():
    instance, _ = cohort(sessions_per_week=7)
    relaxation = relax_agents(instance, candidate_table(instance, CatalogIndex(instance.catalog)))
    subs = part_instances(instance, split_teams(instance, 12), relaxation)
    assert sum(s.options.budget for s in subs) <= instance.options.budget
    assert sum(s.options.sessions_per_week for s in subs) <= 7
    for mid in instance.catalog.modules:
        weeks = [w for s in subs for w in s.options.session_weeks.get(mid, ())]
        assert len(weeks) == len(set(weeks))
    mentors = [m for s in subs for m in s.mentors]
    assert len(mentors) == len(set(mentors))


def test_every_part_with_an_agent_to_retrain_owns_a_week_of_each_group_module_that_retrains_them_in_time():
    from dataclasses import replace as with_

    from competency.model.tiers import Tier
    from competency.planner.problem.candidates import mandatory_modules

    instance, learners = cohort(agents=60, weeks=12, mandatory_within=4)
    catalog = instance.catalog
    group = {mid for mid, m in catalog.modules.items() if m.is_group}
    # Every fifth agent failed a tier that a group module they may take retrains (a different
    # one each, so no module is needed by more parts than the deadline has weeks).
    failed = {}
    for k, learner in enumerate(learners[::5]):
        cids = [c for c in sorted(catalog.competencies) if any(
            m.id in group and catalog.admits(m, learner.role, learner.industry)
            for m in catalog.modules_raising(c, Tier.BASIC))]
        failed[learner.agent_id] = with_(learner, mandatory={cids[k % len(cids)]: Tier.BASIC})
    instance = Instance(catalog, tuple(failed.get(a.agent_id, a) for a in learners), instance.options)
    parts = split_teams(instance, 8)
    assert len(parts) >= 7  # one week in P each, in turn: too few for a 4-week deadline
    subs = part_instances(instance, parts, relax_agents(instance, candidate_table(instance, CatalogIndex(catalog))))
    for sub in subs:
        for learner in sub.learners:
            for modules in mandatory_modules(catalog, learner).values():
                usable = [m for m in modules if m in group and catalog.admits(catalog.modules[m], learner.role,
                                                                                 learner.industry)]
                assert all(any(w <= 4 for w in sub.options.session_weeks[m]) for m in usable), learner.agent_id
    for mid in group:  # still no week owned twice
        weeks = [w for s in subs for w in s.options.session_weeks[mid]]
        assert len(weeks) == len(set(weeks))


@pytest.mark.parametrize("options", [{}, {"sessions_per_week": 6, "team_cap": 3}, {"budget": 4000.0}], ids=str)
def test_a_decomposed_cohort_plan_passes_the_checker_and_is_not_worse_than_greedy(options):
    instance, learners = cohort(**options)
    plan = solve(instance, config())
    assert "parts" in plan.solver or "greedy plan kept" in plan.solver
    assert check_plan(plan, instance.catalog, learners) == []
    assert plan.objective >= greedy_plan(instance).objective - 1e-9
    assert plan.bound >= plan.objective and 0 <= plan.gap <= 1


def test_without_a_budget_the_global_bound_is_the_sum_of_every_agents_relaxed_optimum():
    instance, _ = cohort(budget=None)
    relaxation = relax_agents(instance, candidate_table(instance, CatalogIndex(instance.catalog)))
    plan = solve(instance, config())
    assert "parts" in plan.solver
    assert plan.bound == pytest.approx(max(sum(relaxation.caps.values()) / 1000, plan.objective))


def test_under_a_budget_the_budgets_line_bounds_tighter_than_the_agents_optima_and_stays_above_the_plan():
    instance, _ = cohort()
    relaxation = relax_agents(instance, candidate_table(instance, CatalogIndex(instance.catalog)))
    plan = solve(instance, config())
    assert "parts" in plan.solver
    assert plan.objective <= plan.bound < sum(relaxation.caps.values()) / 1000


def test_the_budgets_line_never_bounds_below_the_exhaustive_optimum_on_tiny_instances():
    from dataclasses import replace as with_options

    from competency.planner.decomposition.budget_line import budget_line_bound
    from test_oracle import exhaustive_optimum
    from test_planner_support import random_instance

    checked = 0
    for seed in range(24):
        plain = random_instance(seed, people=seed % 2 == 1)
        greedy = greedy_plan(plain)
        if len(plain.learners) < 2 or greedy.status != "FEASIBLE" or greedy.total_cost <= 0:
            continue
        # A budget below what greedy spends, so that it binds.
        instance = Instance(plain.catalog, plain.learners, with_options(plain.options, budget=0.6 * greedy.total_cost),
                            mentors=plain.mentors)
        truth = exhaustive_optimum(instance)
        if truth is None:
            continue
        candidates = candidate_table(instance, CatalogIndex(instance.catalog))
        bound = budget_line_bound(instance, candidates, 10.0, 100_000, workers=1,
                                  deadline=__import__("time").perf_counter() + 600, steps=6, work=1.0)
        assert bound is not None and bound >= truth - 1e-6, (seed, bound, truth)
        checked += 1
    assert checked >= 6


def test_the_decomposed_plan_is_the_same_for_any_number_of_workers():
    instance, _ = cohort()
    one = solve(instance, config(workers=1)).model_dump(exclude={"solve_seconds"})
    two = solve(instance, config(workers=2)).model_dump(exclude={"solve_seconds"})
    assert one == two


def test_a_budget_cohort_the_decomposition_takes_is_priced_whole_not_in_parts():
    # 30 agents at one site with a budget: decomposed, and whole even with parts of 12, since
    # parts would split its budget and its sessions' weeks.
    instance, learners = cohort()
    plan = solve(instance, SolverConfig(time_limit=60, work=2.0, workers=1, part_size=12))
    assert "decomposition" in plan.solver and "parts" not in plan.solver, plan.solver
    assert check_plan(plan, instance.catalog, learners) == []
    assert plan.objective >= greedy_plan(instance).objective - 1e-9


def test_a_whole_cohort_the_decomposition_cannot_seed_is_planned_in_parts_not_as_one_compact_model(monkeypatch):
    import competency.planner.decomposition.solver as decomposition

    instance, learners = cohort()
    monkeypatch.setattr(decomposition, "solve_by_decomposition", lambda *args, **kwargs: None)
    plan = solve(instance, SolverConfig(time_limit=60, work=2.0, workers=1, part_size=12))
    # A kept greedy floor keeps the parts' name in front: "... parts ... (greedy plan kept: better)".
    assert "parts" in plan.solver, plan.solver
    assert check_plan(plan, instance.catalog, learners) == []


def test_auto_parts_hold_more_agents_where_each_agents_model_is_small():
    from competency.planner.decomposition.parts import PART_SIZE, part_size_for

    def instance(modules: int, weeks: int) -> Instance:
        catalog = make_catalog(modules, 0)
        learners = learners_from_profiles(catalog, make_agents(catalog, 400, 0))
        return Instance(catalog, tuple(learners), PlanningOptions(weeks=weeks))

    small, big = instance(30, 8), instance(120, 12)
    # 30 modules over 8 weeks: about 22 week decisions an agent, so 400 agents fit one part.
    assert part_size_for(small, "auto") >= 400
    # 120 modules over 12 weeks: 150-175 each, about the size the default was measured at.
    assert PART_SIZE <= part_size_for(big, "auto") < 200
    # A number is taken as given, and 0 or None never splits.
    assert part_size_for(small, 12) == 12 and part_size_for(small, 0) is None and part_size_for(small, None) is None
