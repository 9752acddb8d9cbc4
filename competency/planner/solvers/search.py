"""How each stage of the lexicographic solve is searched, and with how much work.

Every search here is reproducible: CP-SAT runs its interleaved (deterministic) search and
stops on a proof, on reaching a proven bound, or on using its deterministic work, never on
the clock alone. ``--time-limit`` is a safety net: a stage it cuts records ``ended="clock"``,
and only then may another run give a different plan.

Big models (more than ``LOCAL_SEARCH_FROM`` week decisions: whole cohorts, the biggest teams,
the parts of very big cohorts) search each stage in phases, each starting from the best plan
so far:

1. local search alone (CP-SAT's violation local search, ``use_ls_only``). On the sample
   cohort it reaches the relaxation bound (799.275) in about 1 deterministic second, where
   the interleaved tree search finds no plan of that value in 60 s, and it cuts the cost
   stage from ~180,000 to ~106,000 CNY (docs/planning.md has the figures);
2. in the value stage, when local search did not reach the proven bound (a binding budget):
   large neighbourhood search alone (``use_lns_only``), which lifts the sample under a
   60,000 CNY budget from ~610-655 to ~679, where the interleaved tree search added nothing.

That order is a re-plan's later stages', which should stay near the calendar they start
from. Every value stage without a budget searches neighbourhoods first (phases.py). A
fresh plan (no plan before it) starts from a whole plan (hints.py), and its cost and finish
stages search by neighbourhoods alone (phases.py): on the sample cohort that plans the
same optimum for less money and earlier weeks in less than half the time.
A value stage stops as soon as its plan reaches a bound proven beside it (``live``, the
site-by-site bound): such a plan is optimal, and it is kept as found (watch.py).

Small models (personal plans, most teams) use the tree search, which proves their value
stage; a small cohort's cost and finish stages that a short tree search does not prove go on
to local search. Work is in CP-SAT's deterministic seconds: ``SolverConfig.work``, or
``--time-limit`` x ``WORK_PER_SECOND``, shared over the stages and their phases by phases.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import ortools
from ortools.sat.python import cp_model

from .watch import Progress, Watch, solve_watched  # Progress: the stages import it from here

STATUS = {cp_model.OPTIMAL: "OPTIMAL", cp_model.FEASIBLE: "FEASIBLE", cp_model.INFEASIBLE: "INFEASIBLE",
          cp_model.UNKNOWN: "UNKNOWN", cp_model.MODEL_INVALID: "MODEL_INVALID"}
SOLVER_NAME = f"cp-sat {ortools.__version__}"

LOCAL_SEARCH_FROM = 5000  # week decisions: personal plans and most teams below, whole cohorts above
# Work per second of --time-limit. CP-SAT's deterministic seconds per wall second were 0.3-1.2
# on 2 cores for the models without sites, trainers and booking reasons, and are 0.17-0.25 for
# the sample cohort with them (local search over the reason rows); at 0.1 the default run ends
# on work with the clock at twice its idle wall time, the clock staying a safety net.
WORK_PER_SECOND = 0.1
def total_work(config) -> float:
    return config.work if config.work is not None else config.time_limit * WORK_PER_SECOND


def parameters(config, seconds: float, work: float | None = None, kind: str = "tree") -> cp_model.CpSolver:
    """``kind``: "local" (local search alone), "lns" (neighbourhood search alone), "tree"
    (CP-SAT's whole portfolio, the only one that proves) or "proof" (the tree search with
    CP-SAT's full linearisation, which puts the reason and week-free rows into its LP: personal
    plans, where it proves new hires optimal in a fraction of the work, rules/week_free.py)."""
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.random_seed = config.seed
    # The local search's plan depends on its thread count, so the config fixes it, not the
    # machine. The other interleaved searches run on one thread: with more they abort on some
    # hinted models that presolve removes (CP-SAT 9.15: "solution->size() == postsolve_mapping.size()").
    p.num_workers = 1 if config.interleave and kind != "local" else max(1, config.threads)
    p.interleave_search = config.interleave
    if kind == "proof" and config.interleave:
        # One plain tree search: interleaving its subsolvers on one thread took 7x the work.
        p.interleave_search = False
    p.use_ls_only = kind == "local"
    p.use_lns_only = kind == "lns"
    if kind == "proof":
        p.linearization_level = 2
    p.max_time_in_seconds = max(0.05, seconds)
    if work is not None:
        p.max_deterministic_time = max(0.05, work)
    return solver


def one_thread(config, work: float, deadline: float) -> cp_model.CpSolver:
    """CP-SAT's default search on one thread, stopped by ``work`` (the clock at ``deadline``
    only a safety net): for the small side solves that settle or complete a plan."""
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers, p.random_seed = 1, config.seed
    p.max_deterministic_time = work
    p.max_time_in_seconds = max(0.05, deadline - time.perf_counter())
    return solver


@dataclass(frozen=True)
class StageResult:
    status: str  # OPTIMAL (proof or proven bound), FEASIBLE, UNKNOWN (no plan), INFEASIBLE, MODEL_INVALID
    values: dict | None  # every variable's value in the best plan found
    objective: float  # scaled integer objective of that plan
    bound: float
    ended: str  # optimal | bound | work | clock
    seconds: float
    work: float  # deterministic seconds used
    solution: tuple[int, ...] | None = None  # every variable's value in that plan, in model order


def search_stage(model: cp_model.CpModel, variables: Callable[[], list], phases: list[tuple[str, float]],
                 config, deadline: float, stage: str, scale: float, maximise: bool,
                 progress: Progress | None = None, goal: float | Callable[[int], float | None] | None = None,
                 on_found: Callable[[dict, tuple[int, ...]], None] | None = None,
                 live: Callable[[], float | None] | None = None,
                 observe: Callable[[Callable], None] | None = None) -> StageResult:
    """Run ``phases`` (kind, work) on the model's current objective. Each phase starts
    from the best plan so far: ``on_found(values, solution)`` re-hints the model with it.
    ``goal``: a bound proven elsewhere, or per phase (a bound that arrives while the first
    phase runs; the next phase does not start if the plan already reaches it). ``live``: a
    bound still being computed (None until it is in): a phase stops once its plan reaches
    it. When it arrives depends on the machine, but the plan does not: a plan that reaches a
    proven bound is optimal, and the search keeps it as found (``watch.Watch.snapshot``).
    ``observe`` sees every plan found (watch.py)."""
    best, seconds, used, cut = None, 0.0, 0.0, False
    tight = float("inf") if maximise else float("-inf")  # every phase's bound holds for the stage
    for phase, (kind, work) in enumerate(phases):
        target = goal(phase) if callable(goal) else goal
        if maximise and target is not None and best is not None and best[1] >= target:
            return StageResult("OPTIMAL", best[0], best[1], best[1], "bound", seconds, used, best[2])
        left = deadline - time.perf_counter()
        if left <= 0:
            cut = True
            break
        solver = parameters(config, left, work, kind)
        watch = Watch(stage, scale, progress, target if maximise else None, live if maximise else None, observe)
        code = solve_watched(solver, model, watch)
        seconds += solver.WallTime()
        if code in (cp_model.INFEASIBLE, cp_model.MODEL_INVALID):
            return StageResult(STATUS[code], None, 0, 0, "optimal", seconds, used)
        spent = solver.ResponseProto().deterministic_time
        # Nothing but the two limits stops an unproven search: short of its work, the clock did.
        cut |= code != cp_model.OPTIMAL and not watch.reached and spent < 0.98 * work
        used += spent
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            continue
        tight = (min if maximise else max)(tight, solver.BestObjectiveBound())
        found = watch.snapshot
        objective = solver.ObjectiveValue() if found is None else found.objective_value
        if best is None or (objective > best[1] if maximise else objective < best[1]):
            solution = tuple(solver.ResponseProto().solution if found is None else found.solution)
            best = ({key: solution[var.Index()] for key, var in variables()}, objective, solution)
            if on_found:
                on_found(best[0], best[2])
        if code == cp_model.OPTIMAL or watch.reached:
            return StageResult("OPTIMAL", best[0], best[1], best[1],
                               "optimal" if code == cp_model.OPTIMAL else "bound", seconds, used, best[2])
    if best is None:
        return StageResult("UNKNOWN", None, 0, 0, "clock" if cut else "work", seconds, used)
    return StageResult("FEASIBLE", best[0], best[1], tight, "clock" if cut else "work", seconds, used, best[2])
