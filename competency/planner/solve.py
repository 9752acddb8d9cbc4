"""Solve a built model lexicographically and map the answer back to a ``Plan``.

Three successive solves on the same model: maximise value; then, holding value at its best,
minimise cost; then, holding cost, finish earlier. Each later solve starts from the previous
answer as a hint. The first starts from the greedy plan, and the greedy plan is also the
floor: a search cut short never returns anything worse (``never_worse``).

Back-ends: CP-SAT (default, ``backend="cp-sat"``) or the MIP solvers OR-Tools ships in MathOpt
(``"highs"``, ``"scip"``), which solve the very model the rules build (``mip.py``);
``benchmarks/plan_bench.py --backends`` measures them against each other.

Determinism: every CP-SAT search is stopped by deterministic work, a proof or a proven bound
(``search.py``), so the same inputs and options give a byte-identical plan; only a solve cut
by ``time_limit`` first (its stages say ``ended="clock"``) may differ between runs.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import replace

from .baseline.greedy import greedy_plan
from .decomposition.parts import part_size_for
from .formulation.build import build_model
from .plan.limits import annotate_limits
from .plan.result import Booking, Outcome, bookings_of, to_plan
from .plan.schema import Plan
from .problem.instance import WEIGHT_SCALE, Instance
from .solvers.compact import solve_model
from .solvers.config import SolverConfig
from .solvers.parallel import run_parallel
from .solvers.relax import Relaxation, add_caps, relax
from .solvers.search import LOCAL_SEARCH_FROM, Progress, total_work

__all__ = ["SolverConfig", "best_floor", "never_worse", "solve", "solve_each", "solve_model"]

BACKENDS = ("cp-sat", "highs", "scip")
GREEDY, GIVEN = "greedy plan", "given plan"  # floors' names in a kept floor's ``solver``
SITE_SHARE = 0.25  # of the run's work, for the site-by-site bound of big cohorts
DECOMPOSE_FROM = 30  # agents per site: budget-bound cohorts this big are decomposed by default (method "auto")
WHOLE_UP_TO = 1000  # agents: a decomposed cohort this big or smaller is not split into parts (2 GB at 1,000)


def solve(instance: Instance, config: SolverConfig = SolverConfig(), progress: Progress | None = None,
          hint: list[Booking] | None = None, catalog_id: str = "", relaxation: Relaxation | None = None) -> Plan:
    """The best plan for ``instance``; infeasible instances come back explained.
    ``relaxation`` reuses per-agent bounds already computed (valid for any sub-cohort).

    With ``COMPETENCY_SELF_CHECK=1`` every plan found is re-verified by the independent
    checker (validation.py) before it is returned; the test suite runs that way."""
    plan = _solve(instance, config, progress, hint, catalog_id, relaxation)
    if os.environ.get("COMPETENCY_SELF_CHECK") and plan.status in ("OPTIMAL", "FEASIBLE"):
        from .plan.validation import check_plan

        broken = check_plan(plan, instance.catalog, instance.learners)
        if broken:
            raise AssertionError("the plan breaks its own rules:\n" + "\n".join(map(str, broken[:20])))
    return plan


def _solve(instance: Instance, config: SolverConfig, progress: Progress | None, hint: list[Booking] | None,
           catalog_id: str, relaxation: Relaxation | None) -> Plan:
    started = time.perf_counter()
    cohort = not instance.options.personal and len(instance.learners) > 1
    # A decomposed cohort is priced whole, up to WHOLE_UP_TO agents: parts would split its
    # budget and its sessions' weeks (1,000 x 120: 8,940.8 whole against 8,049.2 in parts).
    whole = cohort and _decompose(instance, config) and len(instance.learners) <= WHOLE_UP_TO \
        and not instance.options.previous and hint is None
    size = part_size_for(instance, config.part_size) if cohort else None
    big = size is not None and len(instance.learners) > size
    if big and not whole:
        # The floor first: at 1,000 agents it takes seconds, and they count against --time-limit.
        floor = _floor(instance, hint, catalog_id)
        parted = _in_parts(instance, config, progress, catalog_id, floor, started, size)
        if parted is not None:
            return parted
    else:
        floor = _floor(instance, hint, catalog_id)
    if instance.options.previous and floor is not None:
        hint = bookings_of(floor)  # a valid plan: the search starts from a solution
    usable = floor is not None
    greedy = floor is not None and floor.solver != GIVEN
    if cohort and _decompose(instance, config) and (hint is None or instance.options.previous):
        from .decomposition.solver import solve_by_decomposition

        priced = solve_by_decomposition(instance, config, floor, progress, catalog_id)
        if priced is not None:
            return _keep(instance, priced, floor, catalog_id, config.workers) if usable else priced
        if big:
            # No plan from the whole (the floor could not seed it): parts, never the compact
            # model of a cohort this big.
            parted = _in_parts(instance, config, progress, catalog_id, floor, started, size)
            if parted is not None:
                return parted
    cm = build_model(instance)
    sites = None
    if cohort:
        # Processes pay off once there are a few agents to share: two gave the sample cohort's
        # bounds in 1.1 s against 1.9 s, and one 15-agent team's in 0.35 s against 0.55 s.
        relaxation = relaxation or relax(cm, seed=config.seed, workers=config.workers if len(cm.learners) >= 10 else 1,
                                         deadline=time.time() + config.time_limit - (time.perf_counter() - started))
        add_caps(cm, relaxation)
        if len(cm.x) > LOCAL_SEARCH_FROM and relaxation.sites is None:
            # Local search cannot prove; where classes bind, sites give a much tighter bound.
            # It is computed beside the value stage (one thread), not before it.
            from .solvers.site_bound_beside import SiteBound

            if progress:
                progress("bound by site", 0.0, relaxation.bound() / WEIGHT_SCALE, time.perf_counter() - started)
            sites = SiteBound(instance, relaxation, max(1.0, total_work(config) * SITE_SHARE), config.workers,
                              config.time_limit - (time.perf_counter() - started))
    if hint is None and greedy:
        hint = bookings_of(floor)
    elif hint is None and relaxation is not None:
        hint = [Booking(agent_id=a, week=w, module_id=m) for (a, m, w), v in relaxation.x.items() if v]
    if sites is not None and config.backend == "cp-sat":
        try:
            bookings, outcome = solve_model(cm, config, progress, hint, started, relaxation, sites=sites)
        finally:
            sites()  # the bound's process is joined whatever the search did
    else:
        if sites is not None:
            relaxation = replace(relaxation, sites=sites())
        bookings, outcome = _solver(config)(cm, config, progress, hint, started, relaxation)
    if outcome.status in ("INFEASIBLE", "MODEL_INVALID") and not bookings:
        from .solvers.explain import explain_infeasible

        return explain_infeasible(instance, config, catalog_id, started)
    plan = to_plan(instance, bookings, outcome, catalog_id, workers=config.workers)
    return _keep(instance, plan, floor, catalog_id, config.workers) if usable else plan


def _in_parts(instance: Instance, config: SolverConfig, progress: Progress | None, catalog_id: str,
              floor: Plan | None, started: float, size: int) -> Plan | None:
    if instance.options.previous:
        # Frozen sessions whole inside one part (replan/parts.py).
        from .replan.parts import replan_in_parts as in_parts
    else:
        from .decomposition.parts import solve_in_parts as in_parts

    left = replace(config, time_limit=max(1.0, config.time_limit - (time.perf_counter() - started)))
    parted = in_parts(instance, left, size, solve, catalog_id, progress)
    if parted is None:
        return None
    return _keep(instance, parted, floor, catalog_id, config.workers) if floor is not None else parted


def _floor(instance: Instance, hint: list[Booking] | None, catalog_id: str) -> Plan | None:
    """The plan the search must beat. Greedy knows nothing of a freeze window: a re-plan's
    floor is the earlier plan less what no longer holds, filled greedily (replan/floor.py).
    A re-plan's greedy floor is a plan wherever retraining is a stage (it is, from replan/setup.py)."""
    if instance.options.previous:
        from .replan.floor import previous_floor

        # Greedy, where the earlier plan cannot be mended (a cohort budget or cap it now breaks).
        return previous_floor(instance, catalog_id) or best_floor(instance, None, catalog_id)
    return best_floor(instance, hint, catalog_id)


def _keep(instance: Instance, plan: Plan, floor: Plan, catalog_id: str, workers: int = 1) -> Plan:
    """The better of the search's plan and the floor, in the order the solve ranks plans:
    a re-plan's (and its from-scratch twin's) stages put kept promises and retraining
    before value (replan/keep.py); otherwise value, then cost."""
    if instance.options.retraining_stage or instance.options.previous:
        from .replan.keep import keep_better

        return keep_better(instance, plan, floor, workers)
    return never_worse(instance, plan, floor, catalog_id, workers)


def _decompose(instance: Instance, config: SolverConfig) -> bool:
    """Whether the cohort goes to the decomposition solver: when asked, or by default where it
    wins on the benchmark (docs/performance.md): budget-bound cohorts with DECOMPOSE_FROM
    agents or more per site. Classes are local to a site, and prices coordinate a class well
    only where many agents can fill it: with one site of 30-100 agents the decomposition plans
    1.1-1.5x the compact model's value (30 x 120: 259.3 against 172.3; 60 x 120: 535.2 against
    468.4), with the sample's three sites of ~15 the compact model plans 1.1-1.5x the
    decomposition's (60,000 CNY: 519.2 against 466.8; 90,000: 678.9 against 461.8)."""
    if config.backend != "cp-sat" or config.method == "compact":
        return False
    if config.method == "decomposition":
        return True
    if instance.options.previous:
        # Re-plans only when asked: the compact model has the cycles benchmark's figures.
        return False
    sites = len({a.site for a in instance.learners})
    return instance.options.budget is not None and len(instance.learners) >= DECOMPOSE_FROM * sites


def _solver(config: SolverConfig):
    if config.backend == "cp-sat":
        return solve_model
    if config.backend not in BACKENDS:
        raise ValueError(f"unknown back-end {config.backend!r}; use one of {', '.join(BACKENDS)}")
    from functools import partial

    from ortools.math_opt.python import mathopt

    from .solvers.mip import solve_model_mip

    kind = mathopt.SolverType.HIGHS if config.backend == "highs" else mathopt.SolverType.GSCIP
    return partial(solve_model_mip, solver_type=kind)


def best_floor(instance: Instance, hint: list[Booking] | None, catalog_id: str = "") -> Plan | None:
    """The best plan already in hand: the greedy plan, or the hint (a ``--fix`` plan, a budget
    sweep's neighbour, a caller's plan) when it is a valid plan of ``instance``, as the
    independent checker sees it. None when neither is (greedy leaves mandatory retraining
    out: not a plan then)."""
    from .plan.validation import check_plan

    floors = []
    # Floors are named limits only if kept (never_worse): most never are.
    greedy = greedy_plan(instance, catalog_id, limits=False)
    if greedy.status == "FEASIBLE" or (instance.options.retraining_stage and not [
            v for v in check_plan(greedy, instance.catalog, instance.learners) if v.rule != "mandatory"]):
        # Where retraining is a stage (re-plans), a plan without some of it is still a plan.
        floors.append(greedy)
    if hint:
        given = to_plan(instance, hint, Outcome(status="FEASIBLE", solver=GIVEN), catalog_id, limits=False)
        if not check_plan(given, instance.catalog, instance.learners):
            floors.append(given)
    # The hint wins a tie: it is what the caller asked to keep.
    return max(reversed(floors), key=lambda p: (p.objective, -p.total_cost), default=None)


def never_worse(instance: Instance, plan: Plan, floor: Plan, catalog_id: str = "", workers: int = 1) -> Plan:
    """Hard guarantee, whatever the search did in its time: the plan is at least as good as
    ``floor`` (more value, or as much value for less money), a plan valid for ``instance``:
    the greedy plan, a given plan (``best_floor``), or in a budget sweep the plan of the level
    below. A floor of this very instance is returned whole, its sessions and trainers as they
    were; one of another instance (the sweep's level below) is re-planned from its bookings.
    The search's bound stays valid."""
    found = plan.status in ("OPTIMAL", "FEASIBLE")
    if found and (plan.objective, -plan.total_cost) >= (floor.objective, -floor.total_cost):
        return plan
    # Without a solution the search proved nothing; every open step closed is still a bound.
    bound = plan.bound if found else sum(a.weight(c) for a in instance.learners for c, _ in a.open_steps())
    status = "OPTIMAL" if floor.objective >= bound - 1e-9 else "FEASIBLE"
    options = instance.options
    what = {"greedy": GREEDY, GREEDY: GREEDY, GIVEN: GIVEN}.get(floor.solver, "smaller budget's plan")
    solver = f"{plan.solver} ({what} kept: better)"
    if (floor.budget, floor.options, floor.start_date, floor.weeks) != (options.budget, options.recorded(),
                                                                        options.start_date, options.weeks):
        outcome = Outcome(status=status, bound=bound, solver=solver, seconds=plan.solve_seconds,
                          stages=tuple(plan.stages))
        return to_plan(instance, bookings_of(floor), outcome, catalog_id, workers=workers)
    bound = max(round(bound, 6), floor.objective)
    kept = floor.model_copy(deep=True, update={
        "status": status, "bound": bound, "gap": round((bound - floor.objective) / bound, 6) if bound > 0 else 0.0,
        "solver": solver, "solve_seconds": plan.solve_seconds, "stages": list(plan.stages), "catalog": catalog_id})
    annotate_limits(instance, kept, workers)  # floors are built without them (best_floor)
    return kept


def solve_each(instances: Sequence[Instance], config: SolverConfig, workers: int = 1,
               done: Callable[[int, int], None] | None = None) -> list[Plan]:
    """Personal plans, one job per agent. Each solve is single-threaded, so the plans are the
    same for any number of workers (unless a solve hits the wall-clock limit)."""
    single = replace(config, workers=1)
    return run_parallel(_solve_one, [(instance, single) for instance in instances], workers, done)


def _solve_one(job) -> Plan:
    instance, config = job
    return solve(instance, config)
