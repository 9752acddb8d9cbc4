"""Watching a search: progress, and stopping it on a bound proven elsewhere.

A bound may be known before a search starts (``goal``: the per-agent relaxation) or arrive
while it runs (``live``: the site-by-site bound, computed in another process). Either way a
search whose plan reaches it stops: the plan is optimal. Stopping on a bound that arrives
depends on the machine's timing, so the plan is taken as the search found it
(``Watch.snapshot``): left running, CP-SAT may end on another plan of the same value.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from ortools.sat.python import cp_model

Progress = Callable[[str, float, float, float], None]  # stage, value, bound, seconds


class Watch(cp_model.CpSolverSolutionCallback):
    """Reports progress, and stops once a plan reaches ``goal`` (a bound proven elsewhere) or
    ``live()`` (one that may arrive while the search runs). ``observe`` sees every plan."""

    def __init__(self, stage: str, scale: float, progress: Progress | None, goal: float | None,
                 live: Callable[[], float | None] | None = None, observe: Callable[[Callable], None] | None = None):
        super().__init__()
        self.stage, self.scale, self.progress, self.goal, self.live, self.observe = stage, scale, progress, goal, live, observe
        self.reached, self.best, self.snapshot = False, None, None

    def on_solution_callback(self) -> None:
        self.best = self.ObjectiveValue()
        if self.live is not None:
            # The plan as found: a search stopped later by the thread below may end on another
            # plan of the same value, found after this one, which would make the plan depend
            # on when the bound came in.
            self.snapshot = self.response_proto
        if self.progress:
            self.progress(self.stage, self.best / self.scale, self.BestObjectiveBound() / self.scale, self.WallTime())
        if self.observe:
            self.observe(self.Value)
        if self.at_goal():
            self.StopSearch()

    def at_goal(self) -> bool:
        """Whether the best plan so far reaches a proven bound: it is optimal, so stopping
        now returns the plan any later stop would (a search keeps only better plans)."""
        arrived = self.live() if self.live is not None else None
        goals = [g for g in (self.goal, arrived) if g is not None]
        self.reached = self.reached or (self.best is not None and any(self.best >= g for g in goals))
        return self.reached


def solve_watched(solver: cp_model.CpSolver, model: cp_model.CpModel, watch: Watch) -> int:
    """``solver.Solve``; with a bound that may arrive meanwhile, the search also stops as soon
    as it is in and the plan already reaches it (no new plan would call ``watch``)."""
    if watch.live is None:
        return solver.Solve(model, watch)
    return solve_until(solver, model, watch.at_goal, watch)[0]


def solve_until(solver: cp_model.CpSolver, model: cp_model.CpModel, stop: Callable[[], bool],
                callback: cp_model.CpSolverSolutionCallback | None = None) -> tuple[int, bool]:
    """``solver.Solve``, stopped by a thread as soon as ``stop()`` says so (asked every 50 ms):
    the status, and whether ``stop`` ended it."""
    done, stopped = threading.Event(), []

    def wait() -> None:
        while not done.wait(0.05):
            if stop():
                stopped.append(True)
                solver.StopSearch()
                return

    waiter = threading.Thread(target=wait, daemon=True)
    waiter.start()
    try:
        code = solver.Solve(model, callback)
    finally:
        done.set()
        waiter.join()
    return code, bool(stopped)
