"""Independent solves (agents, parts of a cohort) spread over processes.

Processes, not threads: CP-SAT releases the GIL, but model building is Python and is most of
the work for small per-agent models. Results come back in input order and every job is
self-contained (its own single-threaded solver, its own seed), so the answer is the same
for any number of workers; only the wall time changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def available_cores() -> int:
    from ...exec import available_cores as cores

    return cores()


def run_parallel(fn: Callable[[T], R], jobs: Sequence[T], workers: int = 1,
                 done: Callable[[int, int], None] | None = None) -> list[R]:
    """``[fn(job) for job in jobs]`` on the run's executor (``competency.exec.using``: the
    process pool or Ray), else over up to ``workers`` local processes; ``done(k, n)`` after each."""
    from ...exec import PoolExecutor, active

    chosen = active()
    if chosen is not None and len(jobs) > 1:
        return chosen.map(fn, jobs, done)
    return PoolExecutor(workers).map(fn, jobs, done)

