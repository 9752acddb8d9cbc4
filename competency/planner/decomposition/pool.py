"""The decomposition's working state: every agent's pricer and columns, and the best bound.

The pool starts with each agent's part of the floor plan and, where nothing is mandatory,
the empty schedule (agents with neither get their own best schedule), so the master always
has something to choose; a re-plan adds each agent's earlier calendar as far as their own
rules let them keep it (``AgentPricer.stable``). ``keep`` fixes what the integer master sees:
every column for HiGHS, the LP's support and the seeds for CP-SAT; columns found later
(dives) are added to both.
"""

from __future__ import annotations

import time

from ..plan.schema import Plan
from ..problem.candidates import CatalogIndex, candidate_table, mandatory_modules
from ..problem.instance import Instance
from ..problem.staffing import Staffing
from .bound import lagrangian_bound
from .columns import Column, Prices, session_key
from .pricing import AgentPricer, Priced
from .workers import PricingPool

PRICING_WORK = 0.05  # deterministic seconds per agent and round (new hires may need more)
STABLE_WORK = 0.1  # per agent, once: a re-plan's column that keeps their earlier calendar


class Pool:
    """The pool, the pricers, and the best bound so far."""

    def __init__(self, instance: Instance, floor: Plan | None, workers: int = 1):
        self.instance = instance
        candidates = candidate_table(instance, CatalogIndex(instance.catalog))
        staffing = Staffing(instance)
        sizes = instance.team_sizes()
        self.team_limits = {t: limit for t, n in sizes.items()
                            if (limit := instance.options.team_limit(n)) is not None and limit < n}
        self.pricers = {a.agent_id: AgentPricer(instance, a, candidates[a.agent_id], staffing,
                                                a.team in self.team_limits) for a in instance.learners}
        self.pool: dict[str, list[Column]] = {a: [] for a in self.pricers}
        self.known: set[Column] = set()
        self.kept: dict[str, list[Column]] | None = None  # the master's pool, once chosen
        self.keys: dict[tuple[str, str, int], tuple[str, str, int]] = {}
        self.bound, self.best_prices, self.rounds, self.used = float("inf"), Prices(), 0, 0.0
        mandatory = {a.agent_id for a in instance.learners if mandatory_modules(instance.catalog, a)}
        for a, pricer in self.pricers.items():
            if a not in mandatory:
                self.add(pricer.column({}))
        if floor is not None and floor.status in ("OPTIMAL", "FEASIBLE"):
            for agent in floor.agents:
                self.add(self.pricers[agent.agent_id].column({(m.module_id, m.week): 1 for m in agent.modules}))
        if instance.options.previous:
            # A re-plan: what each agent alone could keep of the calendar they were told about.
            for a, pricer in self.pricers.items():
                if (col := pricer.stable(STABLE_WORK, 60.0)) is not None:
                    self.add(col)
        for a, pricer in self.pricers.items():
            if not self.pool[a]:
                # No floor for this agent (greedy leaves mandatory retraining out): their own
                # best schedule seeds the pool; the master may still find no plan with it.
                priced = pricer.price(Prices(), PRICING_WORK * 10, 60.0)
                for col in priced.found if priced else ():
                    self.add(col)
        self.seeded = all(self.pool.values())
        self.seeds = {a: list(cols) for a, cols in self.pool.items()}
        # Processes pay off once there are enough agents to outweigh forking them.
        self.workers = PricingPool(self.pricers, workers if len(self.pricers) >= 20 else 1)

    def keep(self, columns=None) -> None:
        """The master's pool from now on: these columns (None: every column), the seeds, and
        whatever comes later."""
        if columns is None:
            self.kept = {a: list(cols) for a, cols in self.pool.items()}
            return
        self.kept = {a: list(cols) for a, cols in self.seeds.items()}
        for col in sorted(columns):
            if col not in self.seeds[col.agent_id]:
                self.kept[col.agent_id].append(col)

    def add(self, col: Column) -> None:
        if col in self.known:
            return
        if self.kept is not None:
            self.kept[col.agent_id].append(col)
        self.known.add(col)
        self.pool[col.agent_id].append(col)
        learner = self.pricers[col.agent_id].learner
        for mid, w in col.bookings:
            module = self.instance.catalog.modules[mid]
            if module.is_group:
                self.keys[col.agent_id, mid, w] = session_key(learner, module, w)

    def price_round(self, prices: Prices, deadline: float) -> bool:
        """Price everyone; True when the round proved a better bound."""
        return self.price_all(prices, deadline)[1]

    def price_all(self, prices: Prices, deadline: float,
                  work: float = PRICING_WORK) -> tuple[dict[str, Priced | None], bool]:
        """Every agent priced and their columns kept; and whether the round proved a better bound."""
        priced = self.workers.price(prices, work, max(0.05, deadline - time.perf_counter()))
        bounds = {}
        for a, found in priced.items():
            if found is None:
                self.used += work
                continue
            self.used += found.work
            bounds[a] = found.bound
            for col in found.found:
                self.add(col)
        self.rounds += 1
        if len(bounds) < len(self.pricers):
            return priced, False  # an agent unpriced within the work: this round proves nothing
        bound = lagrangian_bound(self.instance, prices, bounds, self.team_limits)
        if bound < self.bound:
            self.bound, self.best_prices = bound, prices
            return priced, True
        return priced, False

    def dive(self, schedule: list[tuple[str, str, int]], deadline: float, factors: tuple[float, ...] = (1.0,)) -> None:
        """Price everyone again with the schedule's sessions open and all others closed, at
        the best bound's budget price times each factor (a widened dive: agents who would
        spend more, or less, around the same sessions)."""
        opened = set()
        for a, mid, w in schedule:
            module = self.instance.catalog.modules[mid]
            if module.is_group:
                opened.add(session_key(self.pricers[a].learner, module, w))
        best = self.best_prices
        for factor in factors:
            prices = Prices(budget=best.budget * factor, cap=best.cap, team=best.team)
            for priced in self.workers.price(prices, PRICING_WORK, max(0.05, deadline - time.perf_counter()),
                                             opened).values():
                self.used += priced.work if priced else PRICING_WORK
                for col in priced.found if priced else ():
                    self.add(col)
