"""A local Ray instance started by the executor gives its workers the driver's CPU priority, as
the process pool's workers have: Ray's default (+15 niceness) starved them on a shared machine."""

import os

import pytest

from competency.exec import PoolExecutor, make_executor


def test_a_local_ray_runs_its_workers_at_the_same_priority_as_the_pools_workers():
    ray = pytest.importorskip("ray")
    ray.shutdown()
    executor = make_executor("ray", 2)
    try:
        on_ray = set(executor.map(os.nice, [0] * 8))
    finally:
        executor.close()
    assert on_ray == set(PoolExecutor(2).map(os.nice, [0] * 8)) == {os.nice(0)}
