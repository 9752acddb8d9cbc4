"""Cohort plans by decomposition: price agents, mix their columns, choose, dive.

1. Structure: every agent gets a pricing model of their own (``pricing.py``), built once.
   The pool starts with each agent's part of the floor plan (greedy, or a hint) and, where
   nothing is mandatory, the empty schedule, so the master is never without a plan.
2. Budget line (``budget_line.py``, budget-bound cohorts): a few pricing passes along one
   line of prices (a budget price, each session's price shared over its places) give a
   strong first bound and the prices the rounds start from.
3. Rounds: price every agent at the current prices, add what they found to the pool, and
   prove a Lagrangian bound (``bound.py``); then solve the restricted master's LP
   (``master_lp.py``) for new prices, smoothed towards the prices of the best bound so far
   (Wentges), which keeps the rounds from oscillating. The rounds stop when the LP's value
   meets the bound (the pool then holds all the LP needs) or on their work.
4. Dives (``dives.py``): the master's columns are chosen (every column for HiGHS, the LP's
   support and the seeds for CP-SAT); with the sessions the master opened fixed, every agent
   is priced again, seats in open sessions costing only their seat, and the master solved
   once more; repeated while it gains, widened once when it stalls.
5. Master: the integer restricted master (``master.py``), solved lexicographically (value,
   cost, finish) from the dives' best schedule: by HiGHS, or by CP-SAT where a rule is not
   0-1 linear.

Everything is stopped by deterministic work (pricing by CP-SAT's, the master by HiGHS's
nodes or CP-SAT's work, the LP solves exactly), so the plan is the same on every run; the
clock is a safety net.
"""

from __future__ import annotations

import time
from dataclasses import replace

from ..plan.result import Booking, Outcome, bookings_of, to_plan
from ..plan.schema import Plan
from ..problem.instance import WEIGHT_SCALE, Instance
from ..solvers.config import SolverConfig
from ..solvers.search import SOLVER_NAME, Progress, total_work
from .budget_line import search_budget_line
from .columns import Prices
from .dives import choose_master_pool, dive
from .master import build_master, solve_master
from .master_lp import solve_master_lp
from .pool import Pool

ROUND_SHARE, MASTER_SHARE = 0.5, 0.5  # of the run's work
SMOOTHING = 0.5  # weight of the best-bound prices in the next round's prices
DIVE_SHARE = 0.5  # share of the master's work that goes to dives (CP-SAT master)
MAX_ROUNDS = 200
LINE_STEPS, BIG_LINE_STEPS, BIG = 6, 3, 300  # budget-line passes, and for cohorts above BIG agents


def solve_by_decomposition(instance: Instance, config: SolverConfig, floor: Plan | None,
                           progress: Progress | None = None, catalog_id: str = "") -> Plan | None:
    """The decomposed plan, or None when the floor cannot seed the master (the caller then
    plans the compact model, which also explains infeasibility)."""
    started = time.perf_counter()
    deadline = started + config.time_limit
    work = total_work(config)
    state = Pool(instance, floor, config.workers)
    try:
        found = _solve(instance, config, floor, progress, catalog_id, state, started, deadline, work)
    finally:
        state.workers.close()
    if found is None:
        return None
    # The pricers, the pool and the master are done with: freed before the plan's limits are
    # named in processes forked from this one (1,000 agents: the parent held 1.2 GB).
    del state
    _release_memory()
    bookings, final = found
    return to_plan(instance, bookings, replace(final, seconds=time.perf_counter() - started), catalog_id,
                   workers=config.workers)


def _release_memory() -> None:
    import ctypes
    import gc

    gc.collect()
    try:
        # Not ctypes.util.find_library: it runs ldconfig in a child forked from this process.
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return  # not glibc: nothing to trim
    if hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)  # glibc keeps freed heap; forked children would count it again


def _solve(instance: Instance, config: SolverConfig, floor: Plan | None, progress: Progress | None,
           catalog_id: str, state: Pool, started: float, deadline: float, work: float
           ) -> tuple[list[Booking], Outcome] | None:
    if not state.seeded:
        return None
    # First prices from the LP of the seed columns: zero prices make every agent's search
    # long (all of their plans look free) and say nothing about the budget.
    seed = solve_master_lp(instance, state.pool, state.keys, state.team_limits)
    prices = seed.prices if seed is not None else Prices()
    if instance.options.budget is not None:
        # The budget's line gives a strong bound in a few passes; the rounds start near it.
        # Every pass prices every agent: 12 s at 1,000 agents, where passes 4-6 moved the
        # bound by 0.3 % (9,852.3 -> 9,822.9); at 100 they moved it 975.2 -> 974.2.
        steps = LINE_STEPS if len(instance.learners) <= BIG else BIG_LINE_STEPS
        search_budget_line(state, deadline, progress, started, steps)
        prices = _smooth(state.best_prices, prices)
    # Rounds until their share of the work is used (counted in CP-SAT's deterministic
    # seconds, so the number of rounds is the same on every run).
    while state.used < work * ROUND_SHARE and state.rounds < MAX_ROUNDS and time.perf_counter() < deadline:
        before = len(state.known)
        improved = state.price_round(prices, deadline)
        lp = solve_master_lp(instance, state.pool, state.keys, state.team_limits)
        if progress:
            progress(f"round {state.rounds}", lp.value if lp else 0.0, state.bound, time.perf_counter() - started)
        # Converged: the LP is worth the bound (nothing left to price), or the prices brought
        # nothing new and the bound stands still.
        if lp is None or lp.value >= state.bound - 1e-4 * max(1.0, state.bound) or \
                (len(state.known) == before and not improved):
            break
        prices = _smooth(state.best_prices, lp.prices)
    hint = bookings_of(floor) if floor is not None else None
    mip = choose_master_pool(instance, state)
    schedule = dive(instance, config, state, [(b.agent_id, b.module_id, b.week) for b in hint or []], mip,
                    work * ROUND_SHARE, work * (1 - ROUND_SHARE) if mip else work * MASTER_SHARE * DIVE_SHARE,
                    deadline, progress, started)
    hint = [Booking(agent_id=a, week=w, module_id=m) for a, m, w in schedule]
    cm = build_master(instance, state.kept)
    master_config = replace(config, work=work * MASTER_SHARE * (1 - DIVE_SHARE), time_limit=max(1.0, deadline - time.perf_counter()))
    bookings, outcome = solve_master(cm, master_config, progress, hint, time.perf_counter())
    if not bookings and outcome.status not in ("OPTIMAL", "FEASIBLE"):
        return None
    # No round priced every agent (the clock cut them): closing every open step still bounds.
    bound = state.bound if state.bound < float("inf") else \
        sum(a.weight(c) for a in instance.learners for c, _ in a.open_steps())
    value = sum(_values(state, bookings))
    status = "OPTIMAL" if value >= bound * WEIGHT_SCALE - 0.5 else "FEASIBLE"
    stages = tuple(s.model_copy(update={"status": status, "bound": round(max(bound, s.value), 6)}) if s.name == "value" else s
                   for s in outcome.stages)
    final = Outcome(status=status, bound=bound, solver=f"{SOLVER_NAME} decomposition ({state.rounds} rounds, "
                    f"{sum(len(p) for p in state.pool.values())} columns; master by {outcome.solver})",
                    seconds=time.perf_counter() - started, stages=stages)
    return bookings, final


def _values(state: Pool, bookings: list[Booking]) -> list[int]:
    by_agent: dict[str, set] = {}
    for b in bookings:
        by_agent.setdefault(b.agent_id, set()).add((b.module_id, b.week))
    return [next((c.value for c in state.pool[a] if set(c.bookings) == slots), 0) for a, slots in by_agent.items()]


def _smooth(center: Prices, lp: Prices) -> Prices:
    def mix(a: float, b: float) -> float:
        return SMOOTHING * a + (1 - SMOOTHING) * b

    keys = set(center.fill) | set(lp.fill)
    return Prices(
        budget=mix(center.budget, lp.budget),
        fill={k: tuple(mix(c, n) for c, n in zip(center.fill.get(k, (0.0, 0.0)), lp.fill.get(k, (0.0, 0.0))))
              for k in sorted(keys)},
        cap={w: mix(center.cap.get(w, 0.0), lp.cap.get(w, 0.0)) for w in sorted(set(center.cap) | set(lp.cap))},
        team={k: mix(center.team.get(k, 0.0), lp.team.get(k, 0.0)) for k in sorted(set(center.team) | set(lp.team))})
