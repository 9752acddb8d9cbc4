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
    return SolverConfig(time_limit=20, workers=workers, part_size=12)


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


@pytest.mark.parametrize("options", [{}, {"sessions_per_week": 6, "team_cap": 3}, {"budget": 4000.0}], ids=str)
def test_a_decomposed_cohort_plan_passes_the_checker_and_is_not_worse_than_greedy(options):
    instance, learners = cohort(**options)
    plan = solve(instance, config())
    assert "parts" in plan.solver or "greedy plan kept" in plan.solver
    assert check_plan(plan, instance.catalog, learners) == []
    assert plan.objective >= greedy_plan(instance).objective - 1e-9
    assert plan.bound >= plan.objective and 0 <= plan.gap <= 1


def test_the_global_bound_is_the_sum_of_every_agents_relaxed_optimum():
    instance, _ = cohort()
    relaxation = relax_agents(instance, candidate_table(instance, CatalogIndex(instance.catalog)))
    plan = solve(instance, config())
    assert plan.bound == pytest.approx(max(sum(relaxation.caps.values()) / 1000, plan.objective))


def test_the_decomposed_plan_is_the_same_for_any_number_of_workers():
    instance, _ = cohort()
    one = solve(instance, config(workers=1)).model_dump(exclude={"solve_seconds"})
    two = solve(instance, config(workers=2)).model_dump(exclude={"solve_seconds"})
    assert one == two
