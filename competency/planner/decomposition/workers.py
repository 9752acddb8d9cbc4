"""Pricing rounds over processes that keep each agent's model between rounds.

Each worker is forked once, after the pricers are built, and owns every k-th agent for the
whole solve: a round sends it the prices and gets back what its agents found. Every agent's
search is single-threaded, stopped by deterministic work and hinted only from that agent's
own last schedule, so the columns and bounds are the same for any number of workers.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection

from .columns import Prices
from .pricing import AgentPricer, Priced

Request = tuple[Prices, float, float, "set | None"]  # prices, work per agent, seconds, open sessions


def _price_shard(pricers: dict[str, AgentPricer], request: Request) -> dict[str, Priced | None]:
    prices, work, seconds, opened = request
    return {a: pricer.price(prices, work, seconds, opened) for a, pricer in pricers.items()}


def _serve(pricers: dict[str, AgentPricer], conn: Connection) -> None:
    while True:
        request = conn.recv()
        if request is None:
            return
        conn.send(_price_shard(pricers, request))


class PricingPool:
    def __init__(self, pricers: dict[str, AgentPricer], workers: int = 1):
        self.pricers = pricers
        agents = sorted(pricers)
        workers = max(1, min(workers, len(agents)))
        self.links: list[tuple[multiprocessing.Process, Connection]] = []
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            for k in range(workers):
                shard = {a: pricers[a] for a in agents[k::workers]}
                mine, theirs = context.Pipe()
                process = context.Process(target=_serve, args=(shard, theirs), daemon=True)
                process.start()
                theirs.close()
                self.links.append((process, mine))

    def price(self, prices: Prices, work: float, seconds: float, opened: set | None = None) -> dict[str, Priced | None]:
        """Every agent priced, in agent order."""
        request = (prices, work, seconds, opened)
        if not self.links:
            found = _price_shard(self.pricers, request)
        else:
            for _, conn in self.links:
                conn.send(request)
            found = {}
            for _, conn in self.links:
                found.update(conn.recv())
        return {a: found[a] for a in sorted(found)}

    def close(self) -> None:
        for process, conn in self.links:
            conn.send(None)
            conn.close()
            process.join(timeout=5)
        self.links = []

    def __enter__(self) -> "PricingPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
