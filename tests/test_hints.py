"""A plan's bookings made whole, a value for every variable of the model (solvers/hints.py),
and a re-plan whose stage before value found nothing searching on from a whole plan."""

from __future__ import annotations

import datetime as dt
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generator import make_agents, make_catalog  # noqa: E402
from competency.planner.formulation.build import build_model  # noqa: E402
from competency.planner.plan.result import bookings_of  # noqa: E402
from competency.planner.problem.instance import WEIGHT_SCALE, Instance, PlanningOptions, learners_from_profiles  # noqa: E402
from competency.planner.replan.floor import previous_floor  # noqa: E402
from competency.planner.replan.setup import replan_setup  # noqa: E402
from competency.planner.solve import SolverConfig, best_floor, solve  # noqa: E402
from competency.planner.solvers import hints  # noqa: E402
from competency.planner.solvers import compact  # noqa: E402
from competency.planner.solvers.search import StageResult, search_stage  # noqa: E402

START = dt.date(2026, 9, 7)
CONFIG = SolverConfig(time_limit=120, work=2, part_size=None)


@pytest.fixture(scope="module")
def cohort():
    """40 generated agents over 30 modules and 8 weeks."""
    catalog = make_catalog(30, seed=1)
    learners = tuple(learners_from_profiles(catalog, make_agents(catalog, 40, seed=1, teams=4)))
    instance = Instance(catalog, learners, PlanningOptions(weeks=8, start_date=START))
    floor = best_floor(instance, None, "gen")
    assert floor is not None and floor.objective > 0
    return instance, floor


def _chosen(plan) -> set[tuple[str, str, int]]:
    return {(b.agent_id, b.module_id, b.week) for b in bookings_of(plan)}


def _value_at(cm, solution) -> float:
    """What a plan of every variable set is worth (it must be a plan of the model)."""
    cm.model.Maximize(sum(cm.value_terms))
    worth = hints.worth(cm.model, solution, CONFIG, time.perf_counter() + 60)
    assert worth is not None
    return worth / WEIGHT_SCALE


def test_a_floors_bookings_completed_set_every_variable_and_keep_the_bookings_and_their_value(cohort):
    instance, floor = cohort
    cm = build_model(instance)
    solution = hints.complete(cm, _chosen(floor), CONFIG, time.perf_counter() + 60)
    assert solution is not None and len(solution) == len(cm.model.Proto().variables)
    assert {key for key, var in cm.x.items() if solution[var.Index()]} == _chosen(floor)
    # Every variable held to it, the model is a plan worth what the floor is worth: nothing is
    # left for a search to repair.
    assert _value_at(cm, solution) == pytest.approx(floor.objective)


def test_bookings_that_break_a_rule_are_not_completed(cohort):
    instance, floor = cohort
    cm = build_model(instance)
    agent = instance.learners[0].agent_id
    overbooked = _chosen(floor) | {key for key in cm.x if key[0] == agent and key[2] == 1}
    assert hints.complete(cm, overbooked, CONFIG, time.perf_counter() + 60) is None


@pytest.fixture(scope="module")
def replan(cohort):
    """A re-plan one week on, with one agent's failed assessment to retrain (a retraining
    stage after the kept-promises one), and its floor."""
    instance, _ = cohort
    plan = solve(instance, CONFIG, catalog_id="gen")
    setup = replan_setup(plan, instance, {}, START + dt.timedelta(weeks=1), None, 2)
    booked = next(a for a in plan.agents if a.modules)
    module = instance.catalog.modules[booked.modules[-1].module_id]
    raised = module.raises[0]
    learners = tuple(replace(a, mandatory={raised.competency: raised.tier}) if a.agent_id == booked.agent_id else a
                     for a in setup.instance.learners)
    again = replace(setup.instance, learners=learners)
    floor = previous_floor(again, "gen")
    assert floor is not None
    return again, floor


def _failing(monkeypatch, stage: str, times: int) -> list[str]:
    """Make the first ``times`` searches of ``stage`` find no plan; returns the stages searched."""
    searched = []

    def search(*args, **kwargs):
        searched.append(args[5])  # the stage's name
        if args[5] == stage and searched.count(stage) <= times:
            return StageResult("UNKNOWN", None, 0, 0, "work", 0.1, 0.2)
        return search_stage(*args, **kwargs)

    monkeypatch.setattr(compact, "search_stage", search)
    return searched


def _replan(instance, floor):
    bookings, outcome = compact.solve_model(build_model(instance), CONFIG, None, bookings_of(floor),
                                            time.perf_counter(), big=True)
    return bookings, {stage.name: stage for stage in outcome.stages}


def test_a_first_stage_that_finds_nothing_searches_again_from_the_whole_floor(replan, monkeypatch):
    # Hinted with its floor's bookings alone, local search must repair sessions, reasons and
    # trainers before it holds any plan; the floor used to come back unsearched then.
    searched = _failing(monkeypatch, "freeze", 1)
    bookings, stages = _replan(*replan)
    assert searched[:2] == ["freeze", "freeze"] and list(stages)[:3] == ["freeze", "retraining", "value"]
    assert stages["freeze"].value == 0  # the floor keeps every promise
    assert bookings and stages["value"].value >= replan[1].objective - 1e-6  # never below the floor


def test_a_retraining_stage_that_finds_nothing_searches_again_from_the_promises_stage_plan(replan, monkeypatch):
    # The cycles benchmark's seed 1: retraining found no plan from the promises stage's,
    # hinted by its bookings alone, and the floor came back (22 promises broken).
    searched = _failing(monkeypatch, "retraining", 1)
    bookings, stages = _replan(*replan)
    assert searched[:3] == ["freeze", "retraining", "retraining"]
    assert list(stages)[:3] == ["freeze", "retraining", "value"] and stages["retraining"].value == 0
    assert bookings and stages["value"].value >= replan[1].objective - 1e-6


def test_a_stage_that_finds_nothing_twice_ends_on_the_plan_it_started_from(replan, monkeypatch):
    _failing(monkeypatch, "retraining", 2)
    bookings, stages = _replan(*replan)
    assert list(stages)[:3] == ["freeze", "retraining", "value"]
    assert stages["retraining"].ended == "work" and stages["freeze"].value == 0
    assert bookings and stages["value"].value >= replan[1].objective - 1e-6


def test_a_cost_stage_that_finds_nothing_ends_on_the_value_stages_plan_and_the_finish_stage_still_runs(
        cohort, monkeypatch):
    # At a small --work, CP-SAT's presolve alone can take a stage's share: the stage used to
    # vanish from the plan, and the stages after it with it.
    instance, floor = cohort
    _failing(monkeypatch, "cost", 1)
    bookings, outcome = compact.solve_model(build_model(instance), CONFIG, None, bookings_of(floor),
                                            time.perf_counter(), big=True)
    stages = {stage.name: stage for stage in outcome.stages}
    assert list(stages) == ["value", "cost", "finish"]
    assert (stages["cost"].status, stages["cost"].ended) == ("FEASIBLE", "work")
    assert stages["cost"].value > 0 and stages["cost"].bound <= stages["cost"].value
    assert bookings and stages["value"].value >= floor.objective - 1e-6


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(-9, 9), st.integers(-3, 3), st.integers(0, 4), st.booleans()),
                min_size=1, max_size=6),
       st.integers(-20, 20), st.booleans(), st.randoms(use_true_random=False))
def test_a_plans_objective_read_from_the_model_is_what_cp_sat_reports_for_it(terms, offset, maximise, rng):
    from ortools.sat.python import cp_model

    model, expr, picked = cp_model.CpModel(), offset, []
    for k, (coeff, low, span, negated) in enumerate(terms):
        if negated:
            var = model.NewBoolVar(f"b{k}")
            expr += coeff * var.Not()
        else:
            var = model.NewIntVar(low, low + span, f"v{k}")
            expr += coeff * var
        picked.append(var)
    model.Maximize(expr) if maximise else model.Minimize(expr)
    domains = [list(model.Proto().variables[v.Index()].domain) for v in picked]
    solution = [rng.randint(d[0], d[-1]) for d in domains]
    at, best = hints.objective_at(model, solution)
    hints.hint_solution(model, solution)
    solver = cp_model.CpSolver()
    solver.parameters.fix_variables_to_their_hinted_value = True
    assert solver.Solve(model) == cp_model.OPTIMAL and at == pytest.approx(solver.ObjectiveValue())
    # With no rows, the domains' best is the optimum itself.
    model.ClearHints()
    assert cp_model.CpSolver().Solve(model) == cp_model.OPTIMAL
    free = cp_model.CpSolver()
    free.Solve(model)
    assert best == pytest.approx(free.ObjectiveValue())
