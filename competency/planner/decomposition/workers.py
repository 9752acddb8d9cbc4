"""Pricing rounds on the run's executor, whose workers keep each agent's model between rounds.

The pricers go to stateful shards (``competency.exec``: forked processes on the local pool,
actors on a Ray cluster) once, for the whole solve; a round sends only the prices and gets
back what each agent found. Every agent's search is single-threaded, stopped by
deterministic work and hinted only from that agent's own last schedule, so the columns and
bounds are the same for any executor and number of workers.
"""

from __future__ import annotations

from ...exec import PoolExecutor, active
from .columns import Prices
from .pricing import AgentPricer, Priced

Request = tuple[Prices, float, float, "set | None"]  # prices, work per agent, seconds, open sessions


def _keep(_key: str, pricer: AgentPricer) -> AgentPricer:
    return pricer


def _price(pricer: AgentPricer, request: Request) -> Priced | None:
    return pricer.price(*request)


class PricingPool:
    def __init__(self, pricers: dict[str, AgentPricer], workers: int = 1):
        self.pricers = pricers
        executor = None
        if workers > 1 and len(pricers) > 1:
            # A forked pool shard inherits its pricers as built; a Ray actor rebuilds each
            # from what it was built of (``AgentPricer.__reduce__``).
            executor = active() or PoolExecutor(workers)
        self.shards = executor.shards(_keep, pricers) if executor is not None else None
        if self.shards is not None:
            # The shards price from their own copies from now on; this process keeps only
            # what columns are made of (1,000 agents: about 270 MB of models).
            for pricer in pricers.values():
                pricer.forget_model()

    def price(self, prices: Prices, work: float, seconds: float, opened: set | None = None) -> dict[str, Priced | None]:
        """Every agent priced, in agent order."""
        request = (prices, work, seconds, opened)
        if self.shards is None:
            return {a: _price(self.pricers[a], request) for a in sorted(self.pricers)}
        return self.shards.round(_price, {a: request for a in self.pricers})

    def close(self) -> None:
        if self.shards is not None:
            self.shards.close()
            self.shards = None
