"""Executors: the local process pool and Ray give the same per-agent plans and keep stateful
workers' state between rounds; a two-node Ray cluster spreads the work over both nodes.

Ray tests start Ray inside the test run and are skipped when the ``[ray]`` extra is missing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from competency.exec import PoolExecutor, make_executor, using
from competency.io.profiles import load_profiles
from competency.model import load_catalog
from competency.planner.problem.instance import Instance, PlanningOptions, learners_from_profiles
from competency.planner.solve import solve_each
from competency.planner.solve import SolverConfig

ROOT = Path(__file__).resolve().parent.parent
START = __import__("datetime").date(2026, 11, 2)


def personal_instances(count: int) -> list[Instance]:
    catalog = load_catalog(None)
    learners = learners_from_profiles(catalog, load_profiles(ROOT / "profiles"))[:count]
    options = PlanningOptions(weeks=8, start_date=START, personal=True)
    return [Instance(catalog, (learner,), options, mentors={learner.agent_id: learner.levels})
            for learner in learners]


def ray_runtime_env() -> dict:
    """The package and this test module (its helper functions run on the workers)."""
    from competency.exec.ray_backend import runtime_env

    env = runtime_env()
    env["env_vars"]["PYTHONPATH"] += os.pathsep + str(Path(__file__).parent)
    return env


def plan_content(plan) -> dict:
    """A plan without the wall-clock figures, which differ between any two runs."""
    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if "seconds" not in k and k not in ("wall", "elapsed")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value
    return strip(plan.model_dump(mode="json"))


def plans_on(executor, instances) -> list[dict]:
    config = SolverConfig(time_limit=60, work=4, seed=0)
    with using(executor):
        return [plan_content(p) for p in solve_each(instances, config, workers=2)]


def count_up(key, item):
    return {"key": key, "seen": [item], "pid": os.getpid()}


def remember(state, arg):
    state["seen"].append(arg)
    return (state["key"], list(state["seen"]), state["pid"])


def square(x):
    return x * x


def where(x):
    """A job that takes long enough for the scheduler to need the second node's CPU too."""
    import time

    import ray

    time.sleep(0.3)
    return x, ray.get_runtime_context().get_node_id()


def test_the_pool_keeps_each_keys_state_in_one_process_between_rounds():
    shards = PoolExecutor(2).shards(count_up, {"a": 0, "b": 10, "c": 20})
    try:
        first = shards.round(remember, {"a": 1, "b": 11, "c": 21})
        second = shards.round(remember, {"a": 2, "c": 22})
    finally:
        shards.close()
    assert second["a"][:2] == ("a", [0, 1, 2]) and second["c"][:2] == ("c", [20, 21, 22])
    assert "b" not in second
    assert {first[k][2] for k in first} != {os.getpid()}, "states must live in worker processes"
    assert second["a"][2] == first["a"][2], "a key's state moved to another process"


def test_an_unknown_executor_name_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="pool, ray"):
        make_executor("spark")


@pytest.fixture(scope="module")
def local_ray():
    ray = pytest.importorskip("ray")
    ray.shutdown()
    ray.init(num_cpus=2, runtime_env=ray_runtime_env(), include_dashboard=False, log_to_driver=False)
    yield make_executor("ray")
    ray.shutdown()


def test_ray_and_the_pool_give_identical_per_agent_plans(local_ray):
    instances = personal_instances(6)
    pool_plans = plans_on(PoolExecutor(2), instances)
    assert plans_on(local_ray, instances) == pool_plans
    assert len(pool_plans) == 6 and all(p["status"] in ("OPTIMAL", "FEASIBLE") for p in pool_plans)


def test_ray_actors_keep_each_keys_state_between_rounds_like_the_pool(local_ray):
    items = {"a": 0, "b": 10, "c": 20}
    rounds = [{"a": 1, "b": 11, "c": 21}, {"a": 2, "c": 22}]
    results = {}
    for executor in (PoolExecutor(2), local_ray):
        shards = executor.shards(count_up, items)
        try:
            results[executor.name] = [{k: v[:2] for k, v in shards.round(remember, r).items()} for r in rounds]
        finally:
            shards.close()
    assert results["ray"] == results["pool"]
    assert results["ray"][1]["a"] == ("a", [0, 1, 2])


def test_ray_map_returns_results_in_input_order_with_progress(local_ray):
    seen = []
    assert local_ray.map(square, list(range(50)), lambda k, n: seen.append((k, n))) == [x * x for x in range(50)]
    assert seen[-1] == (50, 50)


def slow_first(x):
    """Job 0 sleeps long enough for every other chunk to be sent, run and finished meanwhile."""
    import time

    time.sleep(3.0 if x == 0 else 0.0)
    return x, time.monotonic()


def test_ray_keeps_sending_chunks_while_the_first_is_slow_and_still_answers_in_order(local_ray):
    from competency.exec.ray_backend import CHUNKS_PER_CPU, HELD, WINDOW

    jobs = list(range(local_ray.cpus * WINDOW * 2 + 1))  # more chunks than run at once
    assert len(jobs) < local_ray.cpus * CHUNKS_PER_CPU * 2, "one job per chunk"
    assert len(jobs) < local_ray.cpus * HELD
    answers = local_ray.map(slow_first, jobs)
    assert [x for x, _ in answers] == jobs
    first_done = answers[0][1]
    assert all(at < first_done for _, at in answers[1:]), "later chunks waited for the slow first one"


def test_a_two_node_ray_cluster_runs_jobs_on_both_nodes_with_the_pools_results():
    ray = pytest.importorskip("ray")
    from ray.cluster_utils import Cluster

    ray.shutdown()
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1})
    cluster.add_node(num_cpus=1)
    try:
        ray.init(address=cluster.address, runtime_env=ray_runtime_env(), log_to_driver=False)
        cluster.wait_for_nodes()
        executor = make_executor("ray")
        assert executor.cpus == 2
        answers = executor.map(where, list(range(40)))
        assert [x for x, _ in answers] == list(range(40))
        assert len({node for _, node in answers}) == 2, "every job ran on one node"
        instances = personal_instances(3)
        assert plans_on(executor, instances) == plans_on(PoolExecutor(2), instances)
    finally:
        ray.shutdown()
        cluster.shutdown()


def test_report_idp_all_writes_the_same_files_on_ray_as_on_the_pool(local_ray, tmp_path):
    from click.testing import CliRunner

    from competency.cli.main import cli
    from competency.planner.plan.schema import Plan

    plan = tmp_path / "plan.json"
    cohort = [p.model_dump(mode="json") for p in personal_plans_for_report()]
    plan.write_text(Plan.model_validate(cohort[0]).model_copy(update={
        "agents": [Plan.model_validate(c).agents[0] for c in cohort]}).model_dump_json(), encoding="utf-8")
    folders = {}
    for kind in ("pool", "ray"):
        folders[kind] = tmp_path / kind
        result = CliRunner().invoke(cli, ["report", "idp", "--all", "--plan", str(plan), "--profiles",
                                          str(ROOT / "profiles"), "--out", str(folders[kind]), "--executor", kind])
        assert result.exit_code == 0, result.output
    files = sorted(f.name for f in folders["pool"].iterdir())
    assert len(files) == 4
    assert all((folders["pool"] / f).read_bytes() == (folders["ray"] / f).read_bytes() for f in files)


def personal_plans_for_report():
    return solve_each(personal_instances(4), SolverConfig(time_limit=60, work=4, seed=0), workers=1)


def test_a_cohort_decomposed_with_its_pricing_on_ray_actors_gets_the_pools_plan(local_ray):
    from dataclasses import replace

    from competency.planner.solve import solve
    from test_planner_decomposition import DECOMPOSE, _budget_cohort

    instance = _budget_cohort(agents=20)
    plans = {}
    for executor in (PoolExecutor(2), local_ray):
        with using(executor):
            plans[executor.name] = plan_content(solve(instance, replace(DECOMPOSE, workers=2)))
    assert plans["ray"] == plans["pool"]
    assert plans["pool"]["status"] in ("OPTIMAL", "FEASIBLE") and plans["pool"]["agents"]
