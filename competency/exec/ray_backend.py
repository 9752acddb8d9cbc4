"""The Ray executor (``pip install -e '.[ray]'``; docs/scale.md). Same API and results as the pool.

Connecting follows Ray's conventions: ``address`` (``--ray-address``) wins, else the
``RAY_ADDRESS`` environment variable, else a Ray instance already started in this process
(tests), else a local one on this machine's cores. ``map`` sends jobs in chunks (at most 64 jobs), so
a catalog shared by a chunk's jobs is pickled once per chunk, not once per agent; results
are collected in input order whatever order the cluster finishes them in.
"""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from .pool import Mapping, available_cores

CHUNKS_PER_CPU = 8  # as the pool: the last chunk, run alone, is at most 1/8 of a CPU's share
WINDOW = 3  # chunks running or queued per CPU: keeps every CPU busy while the driver collects in order
HELD = 12  # chunks sent but not yet yielded per CPU: bounds what waits behind a slow first chunk


def runtime_env() -> dict:
    """Workers import the same ``competency`` as the driver (a checkout need not be installed)."""
    source = str(Path(__file__).resolve().parents[2])
    path = os.pathsep.join(p for p in (source, os.environ.get("PYTHONPATH", "")) if p)
    return {"env_vars": {"PYTHONPATH": path}}


def _ray():
    try:
        import ray
    except ModuleNotFoundError:
        raise RuntimeError("the Ray executor needs Ray: pip install -e '.[ray]' (or pip install 'ray>=2.9')") from None
    return ray


class RayExecutor(Mapping):
    name = "ray"

    def __init__(self, address: str | None = None, workers: int | None = None):
        ray = self.ray = _ray()
        self.started = False
        if not ray.is_initialized():
            address = address or os.environ.get("RAY_ADDRESS") or None
            # Ray starts workers 15 nice steps below the driver by default (so its own daemons
            # stay responsive); on a machine that also runs other work that leaves the workers a
            # fraction of the CPU the pool's processes get. A local instance runs them at the
            # driver's priority, as the pool does; a cluster keeps its own setting (docs/scale.md).
            local = {} if address else {"num_cpus": workers or available_cores(),
                                        "_system_config": {"worker_niceness": 0}}
            ray.init(address=address, runtime_env=runtime_env(), include_dashboard=False,
                     log_to_driver=False, logging_level="ERROR", **local)
            self.started = True
        self.cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        self._run = ray.remote(num_cpus=1)(_run_chunk)
        self._shard = ray.remote(num_cpus=1)(_Shard)

    def imap(self, fn: Callable, jobs: Sequence) -> Iterator:
        """Results in input order as their chunks finish. A new chunk goes out as soon as any
        chunk finishes (not only the oldest), so one slow chunk leaves no CPU idle; at most
        ``WINDOW`` chunks per CPU run at once and finished ones wait at most ``HELD`` chunks
        per CPU deep, so the driver never holds every result of a long run at once."""
        if not jobs:
            return
        size = max(1, min(64, len(jobs) // (self.cpus * CHUNKS_PER_CPU)))
        starts = iter(range(0, len(jobs), size))
        ordered: deque = deque()  # every chunk sent and not yet yielded, in input order
        running: set = set()
        while True:
            while len(running) < self.cpus * WINDOW and len(ordered) < self.cpus * HELD:
                start = next(starts, None)
                if start is None:
                    break
                ref = self._run.remote(fn, list(jobs[start:start + size]))
                ordered.append(ref)
                running.add(ref)
            if not ordered:
                return
            if ordered[0] in running:
                finished, _ = self.ray.wait(list(running), num_returns=1)
                running.difference_update(finished)
                continue
            yield from self.ray.get(ordered.popleft())

    def shards(self, init: Callable, items: dict) -> "RayShards":
        return RayShards(self, init, items)

    def close(self) -> None:
        if self.started:
            self.ray.shutdown()


class RayShards:
    """One actor per shard; keys go to actors in sorted order, round-robin, as on the pool."""

    def __init__(self, executor: RayExecutor, init: Callable, items: dict):
        self.ray = executor.ray
        keys = sorted(items)
        count = max(1, min(executor.cpus, len(keys)))
        self.owner = {key: k % count for k, key in enumerate(keys)}
        self.actors = [executor._shard.remote(init, {key: items[key] for key in keys if self.owner[key] == k})
                       for k in range(count)]
        self.ray.get([actor.ready.remote() for actor in self.actors])

    def round(self, step: Callable, args: dict) -> dict:
        per_actor: list[dict] = [{} for _ in self.actors]
        for key in sorted(args):
            per_actor[self.owner[key]][key] = args[key]
        merged: dict = {}
        for part in self.ray.get([actor.step.remote(step, part)
                                  for actor, part in zip(self.actors, per_actor) if part]):
            merged.update(part)
        return {key: merged[key] for key in sorted(merged)}

    def close(self) -> None:
        for actor in self.actors:
            self.ray.kill(actor)


def _run_chunk(fn: Callable, jobs: list) -> list:
    return [fn(job) for job in jobs]


class _Shard:
    def __init__(self, init: Callable, items: dict):
        self.states = {key: init(key, item) for key, item in items.items()}

    def ready(self) -> bool:
        return True

    def step(self, step: Callable, args: dict) -> dict:
        return {key: step(self.states[key], arg) for key, arg in args.items()}
