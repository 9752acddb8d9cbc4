"""The best bound along one line of prices: the budget's, with each session's price shared out.

The Lagrangian bound (``bound.py``) of a budget-bound cohort depends on many prices, which
the rounds search together and slowly. One line through them is already a good bound and
cheap to search: a budget price mu, and in every session a price per place of
mu x (session price / class maximum), the least share of its session's price a place can
carry. On that line each session's own term vanishes (class maximum x place price =
mu x session price), so the bound is mu x budget plus every agent's best schedule with
each booking at mu x (seat + share): convex in mu. The search doubles or halves mu until
the budget's slack changes sign, then bisects, in a fixed number of pricing passes.
On the 100 x 120 benchmark (budget 1,000 CNY per agent) the line's best is about 974, where
the LP relaxation says 1,035.5 and twelve deterministic seconds of rounds reached 1,008.

Two users: the decomposition solver, whose pool keeps the columns found on the way
(``search_budget_line``), and a cohort planned in parts, whose parts are restrictions and
prove nothing for the whole, so the whole is priced on its own (``budget_line_bound``).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable

from ...exec import PoolExecutor, active
from ..formulation.variables import money_int
from ..problem.instance import WEIGHT_SCALE, Instance
from ..problem.staffing import Staffing
from ..solvers.search import Progress
from .bound import lagrangian_bound
from .columns import Prices, SessionKey, session_key
from .pool import Pool
from .pricing import AgentPricer

STEPS = 6  # pricing passes along the line
LINE_WORK = 0.2  # deterministic seconds per agent and pass: most agents prove their schedule


def on_line(mu: float, shares: dict[SessionKey, float]) -> Prices:
    return Prices(budget=mu, fill={key: (mu * share, 0.0) for key, share in sorted(shares.items())})


def search_line(evaluate: Callable[[float], float], mu: float, limit: int, steps: int, deadline: float) -> int:
    """``evaluate(mu)`` prices everyone at ``mu`` and returns what they spend along the line;
    each point's bound is the caller's to keep. Returns how many points were priced before
    the deadline."""
    low, high = 0.0, math.inf  # prices known to spend too much / to leave budget over
    for step in range(steps):
        if time.perf_counter() >= deadline:
            return step
        if evaluate(mu) > limit:
            low = mu
        else:
            high = mu
        mu = mu * 2 if high == math.inf else (mu / 2 if low == 0.0 else math.sqrt(low * high))
    return steps


def first_price(value: float, spend: float, limit: int) -> float:
    """Half of what plans are worth (weight units) per fen they cost: the modules a tighter
    budget drops first are worth less per fen than the average."""
    return 0.5 * value / spend if value > 0 and spend > 0 else 1.0 / max(1, limit)


def search_budget_line(pool: Pool, deadline: float, progress: Progress | None = None, started: float = 0.0,
                       steps: int = STEPS) -> None:
    """Price everyone at ``steps`` points of the line; the pool keeps every column found and
    the best bound with its prices (``pool.bound``, ``pool.best_prices``)."""
    budget = pool.instance.options.budget
    if budget is None or not pool.pricers:
        return
    keys = (key for pricer in pool.pricers.values() for key in pricer.keys.values())
    shares, limit = _place_shares(pool.instance, keys), money_int(budget)
    value = sum(max(c.value for c in cols) for cols in pool.pool.values() if cols) / WEIGHT_SCALE
    spend = sum(max(c.cost for c in cols) for cols in pool.pool.values() if cols)

    def evaluate(mu: float) -> float:
        priced, _ = pool.price_all(on_line(mu, shares), deadline, LINE_WORK)
        if progress:
            progress("budget price", 0.0, pool.bound, time.perf_counter() - started)
        # An agent unpriced within the work leaves this point without a bound (price_all
        # keeps none) but the others' schedules still say which way the slack goes.
        return sum(_spend(pool.pricers[a], p.found[-1], shares) for a, p in priced.items() if p is not None and p.found)

    search_line(evaluate, first_price(value, spend, limit), limit, steps, deadline)


def budget_line_bound(instance: Instance, candidates: dict, value: float, spend: float, workers: int,
                      deadline: float, steps: int = 3, work: float = 0.05) -> float | None:
    """The best bound on the line for the whole cohort, its agents priced on the run's
    executor; None without a budget, when no point priced every agent or when the deadline
    (a safety net) cut the search short. ``value`` and ``spend`` (weight units, fen): an
    unconstrained plan's, for the first price."""
    if instance.options.budget is None or not instance.learners:
        return None
    staffing = Staffing(instance)
    specs = {a.agent_id: (instance, a, candidates[a.agent_id], staffing) for a in instance.learners}
    executor = active() or PoolExecutor(workers)
    shards = executor.shards(_build, specs)
    best = [math.inf]
    try:
        shares = _place_shares(instance, _session_keys(instance, candidates))
        limit = money_int(instance.options.budget)

        def evaluate(mu: float) -> float:
            prices = on_line(mu, shares)
            seconds = max(0.05, deadline - time.perf_counter())
            found = shards.round(_line_step, {a: (prices, shares, work, seconds) for a in specs})
            if all(f is not None for f in found.values()):
                bound = lagrangian_bound(instance, prices, {a: f[0] for a, f in found.items()}, {})
                best[0] = min(best[0], bound)
            return sum(f[1] for f in found.values() if f is not None)

        priced = search_line(evaluate, first_price(value, spend, limit), limit, steps, deadline)
    finally:
        shards.close()
    # Only the whole search is the same on every run; one the clock cut short is not used.
    return None if best[0] == math.inf or priced < steps else best[0]


def _build(_key: str, spec) -> AgentPricer:
    instance, learner, offered, staffing = spec
    return AgentPricer(instance, learner, offered, staffing, team_capped=False)


def _line_step(pricer: AgentPricer, request) -> tuple[float, float] | None:
    prices, shares, work, seconds = request
    priced = pricer.price(prices, work, seconds)
    if priced is None or not priced.found:
        return None
    return priced.bound, _spend(pricer, priced.found[-1], shares)


def _place_shares(instance: Instance, keys: Iterable[SessionKey]) -> dict[SessionKey, float]:
    """Per session key, the least share of its session's price (fen) a place carries."""
    modules = instance.catalog.modules
    return {key: money_int(modules[key[0]].session_cost) / modules[key[0]].seats.max for key in keys}


def _session_keys(instance: Instance, candidates: dict) -> Iterable[SessionKey]:
    for learner in instance.learners:
        for module in candidates[learner.agent_id]:
            if module.is_group:
                for w in range(1, instance.options.weeks + 1):
                    yield session_key(learner, module, w)


def _spend(pricer: AgentPricer, column, shares: dict[SessionKey, float]) -> float:
    """What a schedule costs along the line: seats, and a share of every session it joins."""
    return column.cost + sum(shares.get(pricer.keys.get(slot), 0.0) for slot in column.bookings)
