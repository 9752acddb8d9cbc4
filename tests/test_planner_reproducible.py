"""Whole-cohort plans are reproducible: the search stops on work, a proof or a proven bound,
never on the clock alone, and says so when the clock did cut it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from ortools.sat.python import cp_model

from competency.planner.solvers.search import LOCAL_SEARCH_FROM, search_stage
from competency.planner.solve import SolverConfig

ROOT = Path(__file__).resolve().parents[1]


def _plan(out: Path, hash_seed: str, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONHASHSEED=hash_seed)
    return subprocess.Popen([sys.executable, "-c", "from competency.cli.main import cli; cli()",
                             "plan", "--profiles", str(ROOT / "profiles"),
                             "--start", "2026-11-02", "--work", "6", "--out", str(out),
                             # A generous safety net, so only the work can stop them.
                             "--time-limit", "600", *extra],
                            env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _without_times(path: Path) -> dict:
    plan = json.loads(path.read_text(encoding="utf-8"))
    plan.pop("solve_seconds")
    for stage in plan["stages"]:
        stage.pop("seconds")
    return plan


def test_the_sample_cohort_plan_is_the_same_in_two_processes_run_at_the_same_time_whatever_the_hash_seed_and_workers(tmp_path):
    # At the same time, on a machine that is busy with both (and whatever else runs there).
    runs = [_plan(tmp_path / "a.json", "1"), _plan(tmp_path / "b.json", "2", "--workers", "1")]
    for started in runs:
        _, err = started.communicate(timeout=900)
        assert started.returncode == 0, err
    a, b = _without_times(tmp_path / "a.json"), _without_times(tmp_path / "b.json")
    assert a == b
    # Proven optimal even at half the default work: the value stage reaches the site bound.
    assert a["status"] == "OPTIMAL" and a["stages"][0]["ended"] == "bound"
    # Every stage stopped on its deterministic work (or a proof), none on the clock.
    assert sum(len(agent["modules"]) for agent in a["agents"]) > 0
    assert [s["name"] for s in a["stages"]] == ["value", "cost", "finish"]
    assert all(s["ended"] in ("optimal", "bound", "work") for s in a["stages"])


def _knapsack(n: int = 3000) -> tuple[cp_model.CpModel, list, list]:
    """Two knapsack rows with crossed weights: no search proves this one in a few seconds."""
    model = cp_model.CpModel()
    xs = [model.NewBoolVar(f"x{i}") for i in range(n)]
    weights = [1 + (i * 7919) % 13 for i in range(n)]
    model.Add(sum(w * x for w, x in zip(weights, xs)) <= 4 * n)
    model.Add(sum((14 - w) * x for w, x in zip(weights, xs)) <= 4 * n)
    model.Maximize(sum((1 + (i * 104729) % 17) * x for i, x in enumerate(xs)))
    return model, xs, weights


def test_reaching_a_bound_proven_elsewhere_ends_the_stage_early_and_as_optimal():
    model, xs, weights = _knapsack()
    goal = 1000  # far below the optimum, so a first plan reaches it
    result = search_stage(model, lambda: [(i, x) for i, x in enumerate(xs)], [("local", 50.0)], SolverConfig(),
                          time.perf_counter() + 60, "value", 1, maximise=True, goal=goal)
    assert result.ended == "bound" and result.status == "OPTIMAL"
    assert result.objective >= goal and result.work < 50.0


def test_a_stage_cut_by_the_clock_says_so():
    model, xs, _ = _knapsack(20000)
    result = search_stage(model, lambda: [(i, x) for i, x in enumerate(xs)], [("local", 1000.0)], SolverConfig(),
                          time.perf_counter() + 0.5, "value", 1, maximise=True)
    assert result.ended == "clock"


def test_a_stage_stopped_by_its_work_is_marked_reproducible_and_repeats_exactly():
    results = []
    for _ in range(2):
        model, xs, _ = _knapsack(LOCAL_SEARCH_FROM)
        results.append(search_stage(model, lambda: [(i, x) for i, x in enumerate(xs)], [("local", 0.3)],
                                    SolverConfig(), time.perf_counter() + 120, "value", 1, maximise=True))
    assert [r.ended for r in results] == ["work", "work"]
    assert results[0].values == results[1].values and results[0].objective == results[1].objective


def test_a_bound_that_arrives_mid_search_stops_it_with_the_plan_it_found_first_whenever_it_arrives():
    # Many plans share the best value (two of each of 300 five-cycles' nodes, none adjacent:
    # 600, five ways per cycle) and neighbourhood search cannot prove it: a search left
    # running after finding one may end on another, so the plan must not depend on when the
    # bound came in.
    plans = []
    for delay in (0.0, 0.6):
        model = cp_model.CpModel()
        xs = [model.NewBoolVar(f"x{i}") for i in range(1500)]
        for c in range(300):
            for k in range(5):
                model.AddBoolOr([xs[5 * c + k].Not(), xs[5 * c + (k + 1) % 5].Not()])
        model.Maximize(sum(xs))
        arrives = time.perf_counter() + delay
        result = search_stage(model, lambda: [(i, x) for i, x in enumerate(xs)], [("lns", 30.0)], SolverConfig(),
                              time.perf_counter() + 60, "value", 1, maximise=True,
                              live=lambda: 600 if time.perf_counter() >= arrives else None)
        assert (result.status, result.ended, result.objective) == ("OPTIMAL", "bound", 600)
        assert result.work < 30.0
        plans.append(result.values)
    assert plans[0] == plans[1]
