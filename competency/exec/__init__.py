"""Executors: run independent jobs, or keep per-key state between rounds, on local processes
(the default) or on a Ray cluster (``--executor ray``; the ``[ray]`` extra).

Two calls, the same on both back-ends, and results that do not depend on which runs them:

``map(fn, jobs, done=None) -> list``
    ``[fn(job) for job in jobs]`` in input order. ``fn`` must be a module-level function
    and each job self-contained (its own seed, single-threaded solver), so the answer is
    the same for any executor and worker count. ``done(k, n)`` reports progress in the
    calling process.

``shards(init, items) -> Shards``; ``Shards.round(step, args) -> dict``; ``Shards.close()``
    Stateful workers: ``init(key, item)`` builds one state per key (an agent's CP-SAT
    model, say) once, inside the worker that will keep it; each ``round(step, {key: arg})``
    then calls ``step(state, arg)`` where that state lives and returns ``{key: result}``.
    This is what pricing rounds of a decomposition need: only the prices travel per
    round, never the models. Keys are spread over the workers in sorted order, so a key's
    state always lives in the same worker. On the pool each shard is one dedicated
    process; on Ray each shard is an actor.

``make_executor("pool" | "ray", workers, address)`` builds one; ``using(executor)`` makes it
the one that ``competency.planner.solvers.parallel.run_parallel`` (per-agent bounds and plans, parts
of a cohort) hands its jobs to for the duration of a ``with`` block.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from .pool import PoolExecutor, available_cores

EXECUTORS = ("pool", "ray")
_active: list = []


def make_executor(kind: str = "pool", workers: int | None = None, address: str | None = None):
    if kind == "ray":
        from .ray_backend import RayExecutor

        return RayExecutor(address=address, workers=workers)
    if kind != "pool":
        raise ValueError(f"unknown executor {kind!r}; use one of {', '.join(EXECUTORS)}")
    return PoolExecutor(workers or available_cores())


def active():
    """The executor chosen for this run (``using``), or None: callers then use their own pool."""
    return _active[-1] if _active else None


@contextmanager
def using(executor) -> Iterator:
    _active.append(executor)
    try:
        yield executor
    finally:
        _active.pop()


__all__ = ["EXECUTORS", "PoolExecutor", "active", "available_cores", "make_executor", "using"]
