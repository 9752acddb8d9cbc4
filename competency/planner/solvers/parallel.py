"""Independent solves (agents, parts of a cohort) spread over processes.

Processes, not threads: CP-SAT releases the GIL, but model building is Python and is most of
the work for small per-agent models. Results come back in input order and every job is
self-contained (its own single-threaded solver, its own seed), so the answer is the same
for any number of workers; only the wall time changes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity call
        return os.cpu_count() or 1


def run_parallel(fn: Callable[[T], R], jobs: Sequence[T], workers: int = 1,
                 done: Callable[[int, int], None] | None = None) -> list[R]:
    """``[fn(job) for job in jobs]`` over up to ``workers`` processes; ``done(k, n)`` after each."""
    workers = max(1, min(workers, len(jobs)))
    if workers == 1:
        results = []
        for job in jobs:
            results.append(fn(job))
            if done:
                done(len(results), len(jobs))
        return results
    # fork where there is one: workers inherit the jobs (a catalog and a mentor pool each)
    # instead of unpickling them, nothing re-imports OR-Tools, and library callers need no
    # ``if __name__ == "__main__"`` guard. Solves in the parent have ended and joined their
    # threads by the time a pool starts, so nothing is forked mid-lock.
    global _SHARED
    forking = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if forking else "spawn")
    chunk = max(1, len(jobs) // (workers * 8))  # several chunks per worker keep them all busy
    results: list = []
    _SHARED = (fn, jobs)
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            calls = pool.map(_shared_call, range(len(jobs)), chunksize=chunk) if forking else \
                pool.map(fn, jobs, chunksize=chunk)
            for result in calls:
                results.append(result)
                if done:
                    done(len(results), len(jobs))
    finally:
        _SHARED = None
    return results


_SHARED: tuple | None = None  # (fn, jobs) of the running pool, inherited by forked workers


def _shared_call(k: int):
    fn, jobs = _SHARED
    return fn(jobs[k])
