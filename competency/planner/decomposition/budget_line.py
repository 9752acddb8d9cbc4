"""The best bound along one line of prices: the budget's, with each session's price shared out.

The Lagrangian bound (``bound.py``) of a budget-bound cohort depends on many prices, which
the rounds search together and slowly. One line through them is already a good bound and
cheap to search: a budget price mu, and in every session a price per place of
mu x (session price / class maximum), the least share of its session's price a place can
carry. On that line each session's own term vanishes (class maximum x place price =
mu x session price), so the bound is mu x budget plus every agent's best schedule with
each booking at mu x (seat + share): convex in mu. The search doubles or halves mu until
the budget's slack changes sign, then bisects, all in a fixed number of pricing passes.
On the 100 x 120 benchmark (budget 1,000 CNY per agent) the line's best is about 974, where
the LP relaxation says 1,035.5 and twelve deterministic seconds of rounds reached 1,008.
"""

from __future__ import annotations

import math
import time

from ..formulation.variables import money_int
from ..problem.instance import WEIGHT_SCALE
from ..solvers.search import Progress
from .columns import Prices, SessionKey
from .pool import Pool

STEPS = 6  # pricing passes along the line
LINE_WORK = 0.2  # deterministic seconds per agent and pass: most agents prove their schedule


def place_shares(pool: Pool) -> dict[SessionKey, float]:
    """Per session an agent could join, the least share of its price (fen) a place carries."""
    modules, shares = pool.instance.catalog.modules, {}
    for pricer in pool.pricers.values():
        for (mid, _), key in pricer.keys.items():
            module = modules[mid]
            shares[key] = money_int(module.session_cost) / module.seats.max
    return shares


def on_line(mu: float, shares: dict[SessionKey, float]) -> Prices:
    return Prices(budget=mu, fill={key: (mu * share, 0.0) for key, share in sorted(shares.items())})


def search_budget_line(pool: Pool, deadline: float, progress: Progress | None = None, started: float = 0.0,
                       steps: int = STEPS) -> None:
    """Price everyone at ``steps`` points of the line; the pool keeps every column found and
    the best bound with its prices (``pool.bound``, ``pool.best_prices``)."""
    budget = pool.instance.options.budget
    if budget is None or not pool.pricers:
        return
    shares, limit = place_shares(pool), money_int(budget)
    # First guess: half of what the seed plans are worth per fen they cost (the modules a
    # tighter budget drops first are worth less per fen than the average).
    value = sum(max(c.value for c in cols) for cols in pool.pool.values() if cols) / WEIGHT_SCALE
    spend = sum(max(c.cost for c in cols) for cols in pool.pool.values() if cols)
    mu = 0.5 * value / spend if value > 0 and spend > 0 else 1.0 / max(1, limit)
    low, high = 0.0, math.inf  # prices known to spend too much / to leave budget over
    for step in range(steps):
        if time.perf_counter() >= deadline:
            return
        priced, _ = pool.price_all(on_line(mu, shares), deadline, LINE_WORK)
        if progress:
            progress(f"budget price {step + 1}/{steps}", 0.0, pool.bound, time.perf_counter() - started)
        # An agent unpriced within the work leaves this point without a bound (price_all
        # keeps none) but the others' schedules still say which way the slack goes.
        used = sum(_spend(pool, a, p.found[-1], shares) for a, p in priced.items() if p is not None and p.found)
        if used > limit:
            low = mu
        else:
            high = mu
        mu = mu * 2 if high == math.inf else (mu / 2 if low == 0.0 else math.sqrt(low * high))


def _spend(pool: Pool, agent_id: str, column, shares: dict[SessionKey, float]) -> float:
    """What a schedule costs along the line: seats, and a share of every session it joins."""
    keys = pool.pricers[agent_id].keys
    return column.cost + sum(shares.get(keys.get(slot), 0.0) for slot in column.bookings)
