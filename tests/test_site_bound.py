"""The site-by-site bound (solvers/site_bound.py) is what proves a multi-site cohort's plan
optimal: it must stay valid and never be looser than the agents' own caps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from competency.io.profiles import load_profiles
from competency.model.loader import load_catalog
from competency.planner.formulation.build import build_model
from competency.planner.problem.instance import Instance, PlanningOptions, learners_from_profiles
from competency.planner.solvers.relax import relax
from competency.planner.solvers.site_bound import site_bound, site_groups

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sample():
    catalog = load_catalog(ROOT / "catalog")
    learners = learners_from_profiles(catalog, load_profiles(ROOT / "profiles"))
    instance = Instance(catalog, tuple(learners), PlanningOptions(weeks=12, start_date=dt.date(2026, 11, 2)))
    return instance, relax(build_model(instance), workers=2)


def test_the_sample_cohort_splits_into_its_three_sites(sample):
    instance, _ = sample
    assert [len(group) for group in site_groups(instance)] == [15, 15, 16]


def test_sites_whose_search_finds_no_plan_in_their_work_are_still_bounded_by_their_agents_caps(sample):
    instance, relaxation = sample
    # Far too little work for any site to find a plan: the bound falls back to the caps.
    assert site_bound(instance, relaxation, work=0.01, workers=1) == relaxation.bound()


def test_a_site_bound_with_work_is_valid_and_never_looser_than_the_caps(sample):
    instance, relaxation = sample
    bound = site_bound(instance, relaxation, work=3.0, workers=2)
    assert bound <= relaxation.bound()
    # Valid: at least the value of a real plan of the whole cohort (the relaxation's own
    # per-agent plans are not one, so compare with the greedy plan's value).
    from competency.planner.baseline.greedy import greedy_plan
    from competency.planner.problem.instance import WEIGHT_SCALE

    assert bound >= greedy_plan(instance).objective * WEIGHT_SCALE - 0.5


def test_the_bound_computed_beside_the_search_is_the_bound_computed_in_place(sample):
    from competency.planner.solvers.site_bound_beside import SiteBound

    instance, relaxation = sample
    later = SiteBound(instance, relaxation, work=0.3, workers=2)
    assert later() == site_bound(instance, relaxation, work=0.3, workers=1)
    assert later() == later()  # asked again, the same answer, from its one process


def test_a_site_whose_caps_a_plan_reaches_is_not_searched_and_the_bound_does_not_change(sample):
    instance, relaxation = sample
    # Suzhou (the third site): the sample's optimal plan holds every agent there at their cap.
    skipped = []

    def at_caps(k: int) -> bool:
        skipped.append(k)
        return k == 2

    assert site_bound(instance, relaxation, work=0.9, workers=1, at_caps=at_caps) == \
        site_bound(instance, relaxation, work=0.9, workers=1)
    assert 2 in skipped


def test_the_search_tells_the_bound_beside_it_which_sites_are_at_their_caps(sample):
    from competency.planner.solvers.site_bound_beside import SiteBound

    instance, relaxation = sample
    later = SiteBound(instance, relaxation, work=0.9, workers=2)
    later.reached(2)
    assert later() == site_bound(instance, relaxation, work=0.9, workers=1)
    assert later.known() == later()


def test_the_sample_sites_are_proven_in_half_a_deterministic_second_each_and_the_plan_with_them(sample):
    # The three teams' optima (124.525, 273.375, 290.525) add up to the cohort plan's 688.425.
    # Searched without the LP first, each site is proven within its share; with the LP alone,
    # Hangzhou and Shanghai took 0.89 and 0.66 and the bound stayed above the plan.
    instance, relaxation = sample
    assert site_bound(instance, relaxation, work=1.5, workers=1) == 688_425
