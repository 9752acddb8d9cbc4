"""The default executor: local processes (see competency/exec/__init__.py for the API).

Processes, not threads: CP-SAT releases the GIL, but model building and report rendering
are Python. ``map`` forks where the OS can, so workers inherit the jobs (a catalog and a
mentor pool each) instead of unpickling them, nothing re-imports OR-Tools, and library
callers need no ``if __name__ == "__main__"`` guard.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

Done = Callable[[int, int], None] | None


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity call
        return os.cpu_count() or 1


def _context():
    forking = "fork" in multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if forking else "spawn"), forking


class Mapping:
    """``map`` for every executor, over its own in-order ``imap``."""

    def map(self, fn: Callable, jobs: Sequence, done: Done = None) -> list:
        results = []
        for result in self.imap(fn, jobs):
            results.append(result)
            if done:
                done(len(results), len(jobs))
        return results


class PoolExecutor(Mapping):
    name = "pool"

    def __init__(self, workers: int = 2):
        self.workers = max(1, workers)

    def imap(self, fn: Callable, jobs: Sequence) -> Iterator:
        """The results one by one, in input order, as they are ready: a caller can write
        each away (a report file) instead of holding them all."""
        global _SHARED
        workers = max(1, min(self.workers, len(jobs)))
        if workers == 1:
            yield from (fn(job) for job in jobs)
            return
        context, forking = _context()
        chunk = max(1, min(64, len(jobs) // (workers * 8)))  # several chunks per worker keep them all busy
        _SHARED = (fn, jobs)
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                yield from (pool.map(_shared_call, range(len(jobs)), chunksize=chunk) if forking else
                            pool.map(fn, jobs, chunksize=chunk))
        finally:
            _SHARED = None

    def shards(self, init: Callable, items: dict) -> "PoolShards":
        return PoolShards(init, items, self.workers)

    def close(self) -> None:
        pass


class PoolShards:
    """One single-process pool per shard: the process, and so its state, lives until close()."""

    _ids = itertools.count()

    def __init__(self, init: Callable, items: dict, workers: int):
        keys = sorted(items)
        count = max(1, min(workers, len(keys)))
        self.group = f"{os.getpid()}-{next(self._ids)}"
        self.owner = {key: k % count for k, key in enumerate(keys)}
        parts = [{key: items[key] for key in keys if self.owner[key] == k} for k in range(count)]
        context, forking = _context()
        # Forked shards inherit their items (a pool's first submit forks its process) instead
        # of unpickling them: items may be costly to pickle, or, like a built CP-SAT model, not
        # picklable at all.
        if forking:
            _PENDING[self.group] = (init, parts)
        try:
            self.pools = [ProcessPoolExecutor(max_workers=1, mp_context=context) for _ in range(count)]
            futures = [pool.submit(_init_shard, self.group, k, *(() if forking else (init, parts[k])))
                       for k, pool in enumerate(self.pools)]
            for future in futures:
                future.result()
        finally:
            _PENDING.pop(self.group, None)

    def round(self, step: Callable, args: dict) -> dict:
        per_shard: list[dict] = [{} for _ in self.pools]
        for key in sorted(args):
            per_shard[self.owner[key]][key] = args[key]
        futures = [pool.submit(_step_shard, self.group, step, part)
                   for pool, part in zip(self.pools, per_shard) if part]
        merged: dict = {}
        for future in futures:
            merged.update(future.result())
        return {key: merged[key] for key in sorted(merged)}

    def close(self) -> None:
        for pool in self.pools:
            pool.shutdown(cancel_futures=True)


_SHARED: tuple | None = None  # (fn, jobs) of the running map, inherited by forked workers
_STATES: dict[str, dict] = {}  # in a shard's process: group -> key -> state
_PENDING: dict[str, tuple] = {}  # group -> (init, items per shard), for forked shards to inherit


def _shared_call(k: int):
    fn, jobs = _SHARED
    return fn(jobs[k])


def _init_shard(group: str, k: int, init: Callable | None = None, items: dict | None = None) -> None:
    if init is None:
        init, parts = _PENDING[group]
        items = parts[k]
    _STATES[group] = {key: init(key, item) for key, item in items.items()}


def _step_shard(group: str, step: Callable, args: dict) -> dict:
    states = _STATES[group]
    return {key: step(states[key], arg) for key, arg in args.items()}
