"""The compact CP-SAT model solved lexicographically: value, then cost, then finish.

Three successive solves on the same model: maximise value; then, holding value at its best,
minimise cost; then, holding cost, finish earlier. Each later solve starts from the previous
answer as a hint. Every CP-SAT search is stopped by deterministic work, a proof or a proven
bound (``search.py``), so the same inputs and options give a byte-identical plan; only a
solve cut by ``time_limit`` first (its stages say ``ended="clock"``) may differ.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from ..formulation.rules.week_free import idle_weeks_last
from ..formulation.variables import CohortModel
from ..plan.result import Booking, Outcome
from ..plan.schema import Stage
from ..problem.instance import WEIGHT_SCALE
from .config import SolverConfig
from .cap_plan import cap_plan
from .hints import held_plan, hint_solution, hint_values, search_from_whole, start_from
from .relax import Relaxation
from .site_bound_beside import SiteBound
from .stages import STAGES, Objective
from .phases import SHARES, stage_phases
from .search import LOCAL_SEARCH_FROM, SOLVER_NAME, Progress, StageResult, search_stage, total_work

def solve_model(cm: CohortModel, config: SolverConfig, progress: Progress | None,
                hint: list[Booking] | None, started: float,
                relaxation: Relaxation | None = None, big: bool | None = None,
                sites: SiteBound | None = None) -> tuple[list[Booking], Outcome]:
    """``big``: search by local search (default: models of more than LOCAL_SEARCH_FROM week
    decisions) rather than tree search. ``sites``: the site-by-site bound, still being
    computed (site_bound_beside.SiteBound): the value stage stops once its plan reaches it."""
    model, stages, values = cm.model, [], None
    big = len(cm.x) > LOCAL_SEARCH_FROM if big is None else big
    work, deadline = total_work(config), started + config.time_limit
    options = cm.instance.options
    # No calendar to keep (no plan before this one): searched by neighbourhoods first, from
    # whole plans (search.py).
    fresh = big and not (options.personal or options.previous)
    if hint and options.breaks_week_symmetry():
        hint = idle_weeks_last(hint)
    if hint:
        start_from(cm, hint, fresh, config, deadline)
    # A plan worth every agent's relaxed optimum is optimal: the search may stop there.
    goal = relaxation.bound() if relaxation is not None and relaxation.proven else None
    if goal is not None and sites is not None:
        goal = _later_goal(goal, sites)
    first: StageResult | None = None  # the value stage's result
    carry, polish, pending, settled = 0.0, 0.0, None, {}
    held: StageResult | None = None  # the last stage's result, which the next one holds
    objective = Objective(cm)
    if fresh:  # the whole plan found, every variable (hints.py says why)
        def on_found(values: dict, solution: tuple[int, ...]) -> None:
            hint_solution(model, solution)
    else:
        def on_found(values: dict, solution: tuple[int, ...]) -> None:
            hint_values(cm, values)
    for name, field, maximise, scale in STAGES:
        if not objective.runs(name):
            continue
        if first is not None and time.perf_counter() >= deadline:
            # Skipped on the clock: recorded as such, since another run may not skip it.
            stages.append(Stage(name=name, status="UNKNOWN", value=0.0, bound=0.0, ended="clock"))
            break
        expr = objective.expression(name)
        model.Maximize(expr) if maximise else model.Minimize(expr)
        personal = cm.instance.options.personal
        phases = stage_phases(name, work, big, not personal, polish, carry, reserve=2 * config.polish_limit,
                              fresh=fresh, budget=options.budget is not None)
        if name == "value" and first is None:
            # A personal plan's value (and cost) stage ends at once where its caps' modules fit.
            settled = cap_plan(cm, cm.named_variables, config, deadline)
        result = settled.get(name)

        def search(more: float = 1.0) -> StageResult:
            live = sites if name == "value" else None
            return search_stage(model, cm.named_variables, [(kind, more * w) for kind, w in phases], config,
                                deadline, name, scale, maximise,
                                objective.reported(name, progress), goal if name == "value" else None,
                                on_found, live=live.known if live else None,
                                observe=live.observer(cm) if live else None)

        if result is not None:
            hint_values(cm, result.values)
        else:
            result = search()
        if result.values is None and first is None and not maximise:
            # A re-plan's stage before value found no plan from a hint of bookings alone.
            result = search_from_whole(cm, hint, held, result, search, config, deadline)
        if result.values is None and fresh and held is not None and held.solution is not None:
            result = held_plan(model, held, result)
        if result.values is None:
            if first is None:
                # No plan: the stage still says whether work or the clock stopped it (a floor kept
                # in its place, or a sweep point, reports that).
                stopped = (Stage(name=name, status="UNKNOWN", value=0.0, bound=0.0, seconds=round(result.seconds, 3),
                                 ended=result.ended),) if result.status == "UNKNOWN" else ()
                return [], Outcome(status=result.status, solver=SOLVER_NAME, seconds=time.perf_counter() - started,
                                   stages=stopped)
            break
        if name == "value" and sites is not None:
            relaxation, sites = replace(relaxation, sites=sites()), None
        if name == "value":
            first = result
            pending = _budget_relaxation(cm, config, result)
            # A small model's later stages first get a share of the first one's work: enough
            # to prove most, not so much that a personal plan takes seconds.
            polish = max(config.polish_limit, 0.3 * result.work)
            if personal:  # within what the value stage left (stage_phases' reserve)
                polish = min(polish, max(config.polish_limit, (work - result.work) / 2))
            # Work the value stage did not need (proved early) goes to cutting cost.
            carry = work * SHARES["value"][1] if big and result.ended in ("optimal", "bound") else 0.0
        stages.append(Stage(name=name, status=_value_outcome(result, relaxation)[0] if result is first else result.status,
                            value=round(objective.figure(name, result.objective) / scale, 6),
                            bound=round(objective.figure(name, result.bound) / scale, 6),
                            seconds=round(result.seconds, 3), ended=result.ended))
        values, held = result.values, result
        # Hold this stage's result while the next one optimises.
        best = objective.held(name, round(result.objective))
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


def _later_goal(caps: int, sites: Callable[[], int | None]) -> Callable[[int], int]:
    def goal(phase: int) -> int:
        found = sites() if phase > 0 else None
        return caps if found is None else min(caps, found)

    return goal


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


def _value_outcome(result: StageResult, relaxation: Relaxation | None, extra: int | None = None) -> tuple[str, float]:
    """Stage-1 status and bound; the relaxation's proven bound can close the gap on its own."""
    bound = result.bound if extra is None else min(result.bound, extra)
    if relaxation is not None and relaxation.proven:
        bound = min(bound, relaxation.bound())
    status = "OPTIMAL" if bound <= result.objective + 0.5 else result.status
    return status, max(bound, result.objective) / WEIGHT_SCALE
