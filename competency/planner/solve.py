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
from dataclasses import dataclass, replace

from .build import build_model
from .greedy import greedy_plan
from .instance import WEIGHT_SCALE, Instance
from .plan import Plan, Stage
from .relax import Relaxation, add_caps, relax
from .result import Booking, Outcome, bookings_of, to_plan
from .search import (LOCAL_SEARCH_FROM, SHARES, SOLVER_NAME, Progress, StageResult, search_stage, stage_phases,
                     total_work)
from .variables import MONEY_SCALE, CohortModel


@dataclass(frozen=True)
class SolverConfig:
    time_limit: float = 120.0  # wall-clock seconds for all stages together: a safety net
    work: float | None = None  # deterministic seconds for all stages; None: from time_limit (search.py)
    workers: int = 2  # processes for per-agent bounds, personal plans and parts (parallel.py)
    threads: int = 2  # CP-SAT threads per solve: fixed, because the local search's plan depends on it
    seed: int = 0
    polish_limit: float = 0.4  # least work for the cost and finish stages of small models (MIP: seconds)
    interleave: bool = True  # False: CP-SAT's free-running portfolio, faster proofs, not reproducible
    backend: str = "cp-sat"  # or "highs" / "scip" (MathOpt)
    part_size: int | None = 150  # cohorts with more agents are planned in parts (decompose.py)
    lp_bound: bool = True  # unproven budget-bound cohorts: also bound by the LP relaxation (lp_bound.py)


BACKENDS = ("cp-sat", "highs", "scip")
SITE_SHARE = 0.25  # of the run's work, for the site-by-site bound of big cohorts


def solve(instance: Instance, config: SolverConfig = SolverConfig(), progress: Progress | None = None,
          hint: list[Booking] | None = None, catalog_id: str = "", relaxation: Relaxation | None = None) -> Plan:
    """The best plan for ``instance``; infeasible instances come back explained.
    ``relaxation`` reuses per-agent bounds already computed (valid for any sub-cohort).

    With ``COMPETENCY_SELF_CHECK=1`` every plan found is re-verified by the independent
    checker (validation.py) before it is returned; the test suite runs that way."""
    plan = _solve(instance, config, progress, hint, catalog_id, relaxation)
    if os.environ.get("COMPETENCY_SELF_CHECK") and plan.status in ("OPTIMAL", "FEASIBLE"):
        from .validation import check_plan

        broken = check_plan(plan, instance.catalog, instance.learners)
        if broken:
            raise AssertionError("the plan breaks its own rules:\n" + "\n".join(map(str, broken[:20])))
    return plan


def _solve(instance: Instance, config: SolverConfig, progress: Progress | None, hint: list[Booking] | None,
           catalog_id: str, relaxation: Relaxation | None) -> Plan:
    started = time.perf_counter()
    cohort = not instance.options.personal and len(instance.learners) > 1
    if cohort and config.part_size and len(instance.learners) > config.part_size and hint is None:
        from .decompose import solve_in_parts

        parted = solve_in_parts(instance, config, config.part_size, catalog_id, progress)
        if parted is not None:
            floor = greedy_plan(instance, catalog_id)
            return never_worse(instance, parted, floor, catalog_id) if floor.status == "FEASIBLE" else parted
    cm = build_model(instance)
    floor = greedy_plan(instance, catalog_id)
    # greedy leaves mandatory retraining out, and knows no freeze window: not a plan then
    usable = floor.status == "FEASIBLE" and not instance.options.previous
    if cohort:
        # Processes pay off only once there are enough agents to outweigh starting them.
        relaxation = relaxation or relax(cm, seed=config.seed, workers=config.workers if len(cm.learners) >= 60 else 1)
        add_caps(cm, relaxation)
        if len(cm.x) > LOCAL_SEARCH_FROM and relaxation.sites is None:
            # Local search cannot prove; where classes bind, sites give a much tighter bound.
            from .site_bound import site_bound

            if progress:
                progress("bound by site", 0.0, relaxation.bound() / WEIGHT_SCALE, time.perf_counter() - started)
            sites = site_bound(instance, relaxation, max(1.0, total_work(config) * SITE_SHARE), config.workers)
            relaxation = replace(relaxation, sites=sites)
    if hint is None and usable:
        hint = bookings_of(floor)
    elif hint is None and relaxation is not None:
        hint = [Booking(agent_id=a, week=w, module_id=m) for (a, m, w), v in relaxation.x.items() if v]
    bookings, outcome = _solver(config)(cm, config, progress, hint, started, relaxation)
    if outcome.status in ("INFEASIBLE", "MODEL_INVALID") and not bookings:
        from .explain import explain_infeasible

        return explain_infeasible(instance, config, catalog_id, started)
    plan = to_plan(instance, bookings, outcome, catalog_id)
    return never_worse(instance, plan, floor, catalog_id) if usable else plan


def _solver(config: SolverConfig):
    if config.backend == "cp-sat":
        return solve_model
    if config.backend not in BACKENDS:
        raise ValueError(f"unknown back-end {config.backend!r}; use one of {', '.join(BACKENDS)}")
    from functools import partial

    from ortools.math_opt.python import mathopt

    from .mip import solve_model_mip

    kind = mathopt.SolverType.HIGHS if config.backend == "highs" else mathopt.SolverType.GSCIP
    return partial(solve_model_mip, solver_type=kind)


def never_worse(instance: Instance, plan: Plan, floor: Plan, catalog_id: str = "") -> Plan:
    """Hard guarantee, whatever the search did in its time: the plan is at least as good as
    ``floor`` (more value, or as much value for less money), a plan valid for ``instance``:
    the greedy plan, or in a budget sweep the plan of the level below. The search's bound
    stays valid."""
    found = plan.status in ("OPTIMAL", "FEASIBLE")
    if found and (plan.objective, -plan.total_cost) >= (floor.objective, -floor.total_cost):
        return plan
    # Without a solution the search proved nothing; every open step closed is still a bound.
    bound = plan.bound if found else sum(a.weight(c) for a in instance.learners for c, _ in a.open_steps())
    status = "OPTIMAL" if floor.objective >= bound - 1e-9 else "FEASIBLE"
    outcome = Outcome(status=status, bound=bound, solver=f"{plan.solver} (greedy plan kept: better)",
                      seconds=plan.solve_seconds, stages=tuple(plan.stages))
    return to_plan(instance, bookings_of(floor), outcome, catalog_id)



# Re-plans only (rules/stability.py): "freeze" (keep the bookings people were told about: a
# promise that gives way only where the rules leave no other way) and "changes" (fewest
# bookings changed from the earlier plan).
STAGES = (("freeze", "freeze_terms", False, 1), ("retraining", "retrain_terms", False, 1),
          ("value", "value_terms", True, WEIGHT_SCALE),
          ("changes", "change_terms", False, 1),
          ("cost", "cost_terms", False, MONEY_SCALE), ("finish", "finish_terms", False, 1))


def solve_model(cm: CohortModel, config: SolverConfig, progress: Progress | None,
                hint: list[Booking] | None, started: float,
                relaxation: Relaxation | None = None) -> tuple[list[Booking], Outcome]:
    model, stages, values = cm.model, [], None
    if hint:
        chosen = {(b.agent_id, b.module_id, b.week) for b in hint}
        _hint(cm, {("x", *k): int(k in chosen) for k in cm.x}
              | {("taken", a, m): int(any((a, m, w) in chosen for w in cm.weeks)) for a, m in cm.taken})
    big, work, deadline = len(cm.x) > LOCAL_SEARCH_FROM, total_work(config), started + config.time_limit
    # A plan worth every agent's relaxed optimum is optimal: the search may stop there.
    goal = relaxation.bound() if relaxation is not None and relaxation.proven else None
    first: StageResult | None = None  # the value stage's result
    carry, polish, pending = 0.0, 0.0, None
    for name, field, maximise, scale in STAGES:
        if name in ("freeze", "retraining", "changes") and not getattr(cm, field):
            continue
        if first is not None and time.perf_counter() >= deadline:
            # Skipped on the clock: recorded as such, since another run may not skip it.
            stages.append(Stage(name=name, status="UNKNOWN", value=0.0, bound=0.0, ended="clock"))
            break
        expr = sum(getattr(cm, field)) if getattr(cm, field) else 0
        model.Maximize(expr) if maximise else model.Minimize(expr)
        phases = stage_phases(name, work, big, not cm.instance.options.personal, polish, carry)
        result = search_stage(model, lambda: _all_vars(cm), phases, config, deadline, name, scale, maximise,
                              progress, goal if name == "value" else None, lambda found: _hint(cm, found))
        if result.values is None:
            if first is None:
                return [], Outcome(status=result.status, solver=SOLVER_NAME, seconds=time.perf_counter() - started)
            break
        if name == "value":
            first = result
            pending = _budget_relaxation(cm, config, result)
            # A small model's later stages first get a share of the first one's work: enough
            # to prove most, not so much that a personal plan takes seconds.
            polish = max(config.polish_limit, 0.3 * result.work)
            # Work the value stage did not need (proved early) goes to cutting cost.
            carry = work * SHARES["value"][1] if big and result.ended in ("optimal", "bound") else 0.0
        stages.append(Stage(name=name, status=_value_outcome(result, relaxation)[0] if result is first else result.status,
                            value=round(result.objective / scale, 6), bound=round(result.bound / scale, 6),
                            seconds=round(result.seconds, 3), ended=result.ended))
        values = result.values
        # Hold this stage's result while the next one optimises.
        best = round(result.objective)
        model.Add(expr >= best) if maximise else model.Add(expr <= best)
    lp = None
    if pending is not None:
        from .lp_bound import lp_bound

        if progress:
            progress("budget bound (LP)", first.objective / WEIGHT_SCALE, _value_outcome(first, relaxation)[1],
                     time.perf_counter() - started)
        lp = lp_bound(pending)
    status, bound = _value_outcome(first, relaxation, lp)
    mentors = {(a, m, w): b for (a, m, w, b) in cm.mentor if values.get(("mentor", a, m, w, b))}
    bookings = [Booking(agent_id=a, week=w, module_id=m, mentor=mentors.get((a, m, w))) for (a, m, w) in cm.x if values.get(("x", a, m, w))]
    return sorted(bookings), Outcome(status=status, bound=bound, solver=SOLVER_NAME,
                                     seconds=time.perf_counter() - started, stages=tuple(stages))


def _budget_relaxation(cm: CohortModel, config: SolverConfig, result: StageResult):
    """The LP relaxation to bound by, where it can say more than the search and the per-agent
    relaxation: a big cohort under a budget (which the per-agent relaxation ignores), not
    proven by the search. Small models' tree search already bounds with its own LP."""
    options = cm.instance.options
    if (not config.lp_bound or result.ended in ("optimal", "bound") or len(cm.x) <= LOCAL_SEARCH_FROM
            or options.personal or options.budget is None):
        return None
    from .lp_bound import linear_relaxation

    return linear_relaxation(cm)


def _all_vars(cm: CohortModel):
    for (a, m, w), var in cm.x.items():
        yield ("x", a, m, w), var
    for key, var in cm.taken.items():
        yield ("taken", *key), var
    for key, var in cm.sessions.items():
        yield ("session", *key), var
    for key, var in cm.reach.items():
        yield ("reach", *key), var
    for key, var in cm.mentor.items():
        yield ("mentor", *key), var


def _hint(cm: CohortModel, values: dict) -> None:
    cm.model.ClearHints()
    for key, var in _all_vars(cm):
        if key in values:
            cm.model.AddHint(var, values[key])



def _value_outcome(result: StageResult, relaxation: Relaxation | None, extra: int | None = None) -> tuple[str, float]:
    """Stage-1 status and bound; the relaxation's proven bound can close the gap on its own."""
    bound = result.bound if extra is None else min(result.bound, extra)
    if relaxation is not None and relaxation.proven:
        bound = min(bound, relaxation.bound())
    status = "OPTIMAL" if bound <= result.objective + 0.5 else result.status
    return status, max(bound, result.objective) / WEIGHT_SCALE
