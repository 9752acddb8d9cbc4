"""Personal plans (one agent, ``competency plan --agent``): weekly hours counted as bin packing,
the value cap that follows, and the plan read straight from the cap's modules, all checked
against exhaustive search."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from competency.planner.formulation.rules.packing import add_patterns, patterns
from competency.planner.plan.validation import check_plan
from competency.planner.problem.instance import Instance
from competency.planner.solve import solve
from test_oracle import _agent_plans, _allowed
from test_planner_support import FAST, random_instance

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _fits(lengths: list[int], week: int, weeks: int) -> bool:
    """Brute force: every item in some week, no week over ``week``."""
    loads = [0] * weeks

    def place(i: int) -> bool:
        if i == len(lengths):
            return True
        tried = set()
        for w in range(weeks):
            if loads[w] in tried or loads[w] + lengths[i] > week:
                continue
            tried.add(loads[w])
            loads[w] += lengths[i]
            if place(i + 1):
                return True
            loads[w] -= lengths[i]
        return False

    return place(0)


def _rows_accept(lengths: list[int], week: int, weeks: int) -> bool:
    model = cp_model.CpModel()
    taken = [model.NewConstant(1) for _ in lengths]
    if not add_patterns(model, list(zip(lengths, taken)), week, weeks):
        raise AssertionError("too many patterns for a tiny case")
    return cp_model.CpSolver().Solve(model) == cp_model.OPTIMAL


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([50, 100, 150, 200, 250, 300, 400]), min_size=1, max_size=8),
       st.sampled_from([200, 300, 400, 450, 500, 600]), st.integers(1, 4))
def test_the_week_pattern_rows_accept_exactly_the_modules_that_fit_into_the_weeks(lengths, week, weeks):
    assert _rows_accept(lengths, week, weeks) == _fits(lengths, week, weeks)


def test_two_four_hour_modules_and_one_half_hour_do_not_fill_two_weeks_of_four_and_a_half():
    # Total hours (8.5 of 9) say they fit; a week holds one 4-hour module and at most half an hour more.
    assert not _rows_accept([400, 400, 50, 50, 50], 450, 2)
    assert _rows_accept([400, 400, 50, 50], 450, 2)


def test_too_many_patterns_leave_the_rows_out_rather_than_slow_the_cap():
    lengths = list(range(1, 41))  # forty distinct lengths in a week of 60 units
    assert patterns(lengths, 60) is None
    model = cp_model.CpModel()
    assert not add_patterns(model, [(h, model.NewBoolVar(str(h))) for h in lengths], 60, 4)
    assert len(model.Proto().constraints) == 0


def test_every_pattern_is_maximal_and_fits_the_week():
    sizes, shapes = patterns([100, 100, 150, 300, 400], 450)
    for shape in shapes:
        load = sum(s * c for s, c in zip(sizes, shape))
        assert load <= 450
        assert not any(s + load <= 450 and c < [100, 100, 150, 300, 400].count(s) for s, c in zip(sizes, shape))


def _personal(base: Instance, learner) -> Instance:
    return Instance(base.catalog, (learner,), replace(base.options, personal=True, budget=None))


def test_personal_plans_match_exhaustive_search_whether_or_not_the_caps_modules_fit():
    settled = searched = 0
    for seed in range(40):
        base = random_instance(seed)
        for learner in base.learners:
            instance = _personal(base, learner)
            found = _agent_plans(instance, learner, _allowed(instance))
            plan = solve(instance, FAST)
            if not found:
                assert plan.status in ("INFEASIBLE", "PARTIAL"), (seed, learner.agent_id)
                continue
            assert plan.status == "OPTIMAL", (seed, learner.agent_id, plan.stages)
            assert abs(plan.objective - found[0][0]) < 1e-6, (seed, learner.agent_id, plan.objective, found[0][0])
            assert not check_plan(plan, instance.catalog, instance.learners)
            if plan.stages[0].ended == "bound":  # a search proves by itself ("optimal")
                settled += 1
            else:
                searched += 1
    # Both ways are exercised: plans read from the caps' modules and plans searched for.
    assert settled >= 20 and searched >= 1, (settled, searched)


def test_a_new_hires_value_and_cost_are_settled_by_the_caps_and_proven():
    from benchmarks.plan_bench import sample_new_hires

    instance = next(inst for inst, _ in sample_new_hires() if inst.learners[0].agent_id == "HZR007")
    plan = solve(instance, replace(FAST, work=4.0))
    value, cost = plan.stages[0], plan.stages[1]
    # The total of all weeks' hours alone capped it at 58.5; packing the weeks proves 57.7.
    assert (value.status, value.ended, value.value, value.bound) == ("OPTIMAL", "bound", 57.7, 57.7)
    assert cost.status == "OPTIMAL" and cost.value == cost.bound
    assert not check_plan(plan, instance.catalog, instance.learners)


def test_the_same_new_hire_gets_the_same_plan_twice():
    from benchmarks.plan_bench import sample_new_hires

    instance = next(inst for inst, _ in sample_new_hires() if inst.learners[0].agent_id == "SHF012")
    first, second = (solve(instance, replace(FAST, work=4.0)) for _ in range(2))
    assert first.model_dump(exclude={"solve_seconds", "stages"}) == second.model_dump(exclude={"solve_seconds", "stages"})
    assert first.stages[0].ended == "bound"
