"""Properties planners rely on when they argue about budget and content (hypothesis)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from catalog_factory import module
from competency.model.catalog import Catalog, Module
from competency.planner.solve import solve
from test_planner_support import FAST, random_instance

seeds = st.integers(min_value=0, max_value=10_000)
few = settings(max_examples=25, deadline=None)


def best(instance) -> float | None:
    plan = solve(instance, FAST)
    return plan.objective if plan.status == "OPTIMAL" else None


@few
@given(seeds, st.sampled_from([0.0, 200.0, 500.0]), st.sampled_from([100.0, 400.0, 5000.0]))
def test_raising_the_budget_never_lowers_the_best_value(seed, low, extra):
    instance = random_instance(seed)
    poorer, richer = best(instance.with_options(budget=low)), best(instance.with_options(budget=low + extra))
    if poorer is not None:
        assert richer is not None and richer >= poorer - 1e-9


@few
@given(seeds, st.sampled_from(["c0", "c1", "c2"]), st.sampled_from(["basic", "advanced"]),
       st.sampled_from(["online_micro", "workshop"]), st.sampled_from([1.0, 2.0]))
def test_adding_a_module_to_the_catalog_never_lowers_the_best_value(seed, cid, tier, mode, hours):
    instance = random_instance(seed)
    before = best(instance)
    new = Module.model_validate(module("added", cid, tier, hours=hours, cost=50, mode=mode))
    catalog = Catalog.model_validate(instance.catalog.model_dump() | {
        "modules": {**{k: m.model_dump() for k, m in instance.catalog.modules.items()}, "added": new.model_dump()}})
    after = best(replace(instance, catalog=catalog))
    if before is not None:
        assert after is not None and after >= before - 1e-9


@settings(max_examples=10, deadline=None)
@given(seeds)
def test_the_same_instance_always_gives_the_same_plan(seed):
    instance = random_instance(seed)
    first, second = solve(instance, FAST), solve(instance, FAST)
    assert first.model_dump(exclude={"solve_seconds", "stages"}) == second.model_dump(exclude={"solve_seconds", "stages"})
