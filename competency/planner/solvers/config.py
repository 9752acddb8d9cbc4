"""How hard and how reproducibly a plan is searched: the knobs every solver stage reads."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SolverConfig:
    time_limit: float = 120.0  # wall-clock seconds for all stages together: a safety net
    work: float | None = None  # deterministic seconds for all stages; None: from time_limit (search.py)
    workers: int = 2  # processes for per-agent bounds, personal plans and parts (parallel.py)
    # CP-SAT threads for a big model's local search. One: with two, the interleaved local search
    # gave different plans when the machine was busy (two sample runs at the same time: cost
    # 110,500 or 106,430 CNY); with one, the same plan (105,040) every time.
    threads: int = 1
    seed: int = 0
    polish_limit: float = 0.4  # least work for the cost and finish stages of small models (MIP: seconds)
    interleave: bool = True  # False: CP-SAT's free-running portfolio, faster proofs, not reproducible
    backend: str = "cp-sat"  # or "highs" / "scip" (MathOpt)
    method: str = "auto"  # cohorts: "compact", "decomposition" (decomposition/solver.py), or "auto" (solve.py)
    # Cohorts with more agents are planned in parts (decomposition/parts.py); "auto": 150, or
    # more where agents' models are small (``part_size_for``); None or 0: never split.
    part_size: int | str | None = "auto"
    lp_bound: bool = True  # unproven budget-bound cohorts: also bound by the LP relaxation (lp_bound.py)

