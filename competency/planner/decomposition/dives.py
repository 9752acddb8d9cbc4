"""Dives: the master's best schedule, then everyone priced again around its sessions.

Which columns the integer master sees comes first (``choose_master_pool``): every column
for HiGHS (up to ``MIP_COLUMNS`` per agent and ``MIP_TOTAL`` in all), the LP's support and
the seeds for CP-SAT or beyond those sizes. Then each dive solves the master for value
alone and prices every agent with the sessions it opened open (seats there cost only the
seat) and all others closed; the pool keeps what they find. A dive that stalls is widened
once: the same sessions, budget prices from half to twice the bound's (``WIDEN``).
"""

from __future__ import annotations

import time
from dataclasses import replace

from ..problem.instance import WEIGHT_SCALE, Instance
from ..solvers.config import SolverConfig
from ..solvers.search import Progress
from .master import best_schedule, build_master, for_mip
from .master_lp import solve_master_lp
from .pool import Pool

DIVES = 8  # at most
WIDEN = (0.5, 0.8, 1.25, 2.0)  # budget price factors of a widened dive, once a dive stalls
# Columns HiGHS's master takes whole: 16 per agent (100 x 120) solve in 0.3 s, 66 per agent
# ran past two minutes at the root, and so did 1,000 agents' 12,215 columns in all.
MIP_COLUMNS, MIP_TOTAL = 25, 5000

Schedule = list[tuple[str, str, int]]  # (agent, module, week)


def choose_master_pool(instance: Instance, state: Pool) -> bool:
    """Fix the master's columns; True when HiGHS solves the master."""
    # The rules decide whether HiGHS can take the master, not the columns: the seeds' master
    # is enough to ask (the whole pool's, at 1,000 agents, is a model of 11,000 columns).
    mip = for_mip(build_master(instance, state.seeds))
    columns = sum(map(len, state.pool.values()))
    if mip and columns <= MIP_COLUMNS * len(state.pool) and columns <= MIP_TOTAL:
        # HiGHS takes every column: on 100 x 120 that gives 923.6 where the LP's support
        # and the seeds gave 890.3, in about the same time.
        state.keep()
    else:
        # For CP-SAT the integer master over every column is too big to search well; the LP's
        # support (the columns it mixes), the seeds and the dives' columns hold the plans
        # worth combining.
        lp = solve_master_lp(instance, state.pool, state.keys, state.team_limits)
        state.keep(lp.mix if lp is not None else {})
    return mip


def dive(instance: Instance, config: SolverConfig, state: Pool, schedule: Schedule, mip: bool, rounds: float,
         share: float, deadline: float, progress: Progress | None, started: float) -> Schedule:
    """The best schedule the dives found (``schedule``, the floor's, if none beat it).
    ``rounds``: the rounds' share of the work; ``share``: the dives' own, counted after what
    the rounds and the budget line used (the line may spend more than the rounds' share)."""
    limit = max(state.used, rounds) + share
    step_work = share / DIVES  # a CP-SAT master's step; HiGHS's is stopped by its nodes
    best, widened = -1.0, False
    # A dive chases value alone, but only to price new columns around the sessions it opens:
    # the final master still ranks a re-plan's freeze and retraining first.
    for d in range(DIVES):
        if time.perf_counter() >= deadline or state.used >= limit:
            break
        value, found = best_schedule(build_master(instance, state.kept), schedule,
                                     replace(config, time_limit=max(0.05, deadline - time.perf_counter())), step_work)
        state.used += 0.0 if mip else step_work
        if progress:
            progress(f"dive {d + 1}/{DIVES}", value / WEIGHT_SCALE, state.bound, time.perf_counter() - started)
        if value <= best:
            if widened:
                break
            # Stalled: the agents' best responses at the bound's budget price are all in the
            # pool. Around the same sessions, agents who spend more or less combine into better
            # plans (100 x 120: 923.6 -> 931.3).
            widened = True
            state.dive(schedule, deadline, WIDEN)
            continue
        best, schedule = value, found
        state.dive(schedule, deadline)
    return schedule
