"""Solve a built model lexicographically and map the answer back to a ``Plan``.

Three successive solves on the same model: maximise value; then, holding value at its best,
minimise cost; then, holding cost, finish earlier. Each later solve starts from the previous
answer as a hint. The first starts from the greedy plan, and the greedy plan is also the
floor: a search cut short never returns anything worse (``_never_worse``).

Back-ends: CP-SAT (default, ``backend="cp-sat"``) or the MIP solvers OR-Tools ships in MathOpt
(``"highs"``, ``"scip"``), which solve the very model the rules build (``mip.py``);
``benchmarks/plan_bench.py --backends`` measures them against each other.

Determinism: models up to ``DETERMINISTIC_UP_TO`` week decisions (personal plans, teams)
use CP-SAT's interleaved search, which is deterministic whatever the number of workers, so
a solve that ends within its limits gives a byte-identical plan on every run. Bigger
cohorts use the free-running parallel portfolio, several times faster there (docs/planning.md
has the figures); ``interleave=True`` forces the deterministic search. A solve cut by the
wall-clock limit returns its best plan with the proven gap.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import ortools
from ortools.sat.python import cp_model

from .build import build_model
from .greedy import greedy_plan
from .instance import WEIGHT_SCALE, Instance
from .plan import Plan, Stage
from .relax import Relaxation, add_caps, relax
from .result import Booking, Outcome, bookings_of, to_plan
from .variables import MONEY_SCALE, CohortModel

Progress = Callable[[str, float, float, float], None]  # stage, value, bound, seconds

STATUS = {cp_model.OPTIMAL: "OPTIMAL", cp_model.FEASIBLE: "FEASIBLE", cp_model.INFEASIBLE: "INFEASIBLE",
          cp_model.UNKNOWN: "UNKNOWN", cp_model.MODEL_INVALID: "MODEL_INVALID"}
SOLVER_NAME = f"cp-sat {ortools.__version__}"


@dataclass(frozen=True)
class SolverConfig:
    time_limit: float = 60.0  # wall-clock seconds for all stages together
    workers: int = 2
    seed: int = 0
    deterministic_limit: float | None = None  # reproducible work limit, in deterministic seconds
    polish_limit: float = 0.4  # least deterministic seconds for each of the cost and finish stages
    interleave: bool | None = None  # None: deterministic search on models up to DETERMINISTIC_UP_TO
    backend: str = "cp-sat"  # or "highs" / "scip" (MathOpt)
    part_size: int | None = 150  # cohorts with more agents are planned in parts (decompose.py)


BACKENDS = ("cp-sat", "highs", "scip")


DETERMINISTIC_UP_TO = 5000


def deterministic(config: SolverConfig, decisions: int) -> bool:
    return config.interleave if config.interleave is not None else decisions <= DETERMINISTIC_UP_TO


def parameters(config: SolverConfig, seconds: float, work: float | None = None,
               decisions: int = 0) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.random_seed = config.seed
    p.num_workers = max(1, config.workers)
    # Interleaved search is deterministic whatever the number of workers.
    p.interleave_search = deterministic(config, decisions)
    p.max_time_in_seconds = max(0.05, seconds)
    limits = [v for v in (config.deterministic_limit, work) if v is not None]
    if limits:
        p.max_deterministic_time = min(limits)
    return solver


class _Reporter(cp_model.CpSolverSolutionCallback):
    def __init__(self, stage: str, scale: float, progress: Progress):
        super().__init__()
        self.stage, self.scale, self.progress = stage, scale, progress

    def on_solution_callback(self) -> None:
        self.progress(self.stage, self.ObjectiveValue() / self.scale,
                      self.BestObjectiveBound() / self.scale, self.WallTime())


def solve(instance: Instance, config: SolverConfig = SolverConfig(), progress: Progress | None = None,
          hint: list[Booking] | None = None, catalog_id: str = "", relaxation: Relaxation | None = None) -> Plan:
    """The best plan for ``instance``; infeasible instances come back explained.
    ``relaxation`` reuses per-agent bounds already computed (valid for any sub-cohort)."""
    started = time.perf_counter()
    cohort = not instance.options.personal and len(instance.learners) > 1
    if cohort and config.part_size and len(instance.learners) > config.part_size and hint is None:
        from .decompose import solve_in_parts

        parted = solve_in_parts(instance, config, config.part_size, catalog_id, progress)
        if parted is not None:
            floor = greedy_plan(instance, catalog_id)
            return _never_worse(instance, parted, floor, catalog_id) if floor.status == "FEASIBLE" else parted
    cm = build_model(instance)
    floor = greedy_plan(instance, catalog_id)
    usable = floor.status == "FEASIBLE"  # greedy leaves mandatory retraining out: not a plan then
    if cohort:
        # Processes pay off only once there are enough agents to outweigh starting them.
        relaxation = relaxation or relax(cm, seed=config.seed, workers=config.workers if len(cm.learners) >= 60 else 1)
        add_caps(cm, relaxation)
    if hint is None and usable:
        hint = bookings_of(floor)
    elif hint is None and relaxation is not None:
        hint = [Booking(agent_id=a, week=w, module_id=m) for (a, m, w), v in relaxation.x.items() if v]
    bookings, outcome = _solver(config)(cm, config, progress, hint, started, relaxation)
    if outcome.status in ("INFEASIBLE", "MODEL_INVALID") and not bookings:
        from .explain import explain_infeasible

        return explain_infeasible(instance, config, catalog_id, started)
    plan = to_plan(instance, bookings, outcome, catalog_id, offered=cm.candidates)
    return _never_worse(instance, plan, floor, catalog_id, cm.candidates) if usable else plan


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


def _never_worse(instance: Instance, plan: Plan, floor: Plan, catalog_id: str = "",
                 offered: dict[str, list] | None = None) -> Plan:
    """Hard guarantee, whatever the search did in its time: the plan is at least as good as
    greedy (more value, or as much value for less money). The search's bound stays valid."""
    found = plan.status in ("OPTIMAL", "FEASIBLE")
    if found and (plan.objective, -plan.total_cost) >= (floor.objective, -floor.total_cost):
        return plan
    # Without a solution the search proved nothing; every open step closed is still a bound.
    bound = plan.bound if found else sum(a.weight(c) for a in instance.learners for c, _ in a.open_steps())
    status = "OPTIMAL" if floor.objective >= bound - 1e-9 else "FEASIBLE"
    outcome = Outcome(status=status, bound=bound, solver=f"{plan.solver} (greedy plan kept: better)",
                      seconds=plan.solve_seconds, stages=tuple(plan.stages))
    return to_plan(instance, bookings_of(floor), outcome, catalog_id, offered=offered)



def solve_model(cm: CohortModel, config: SolverConfig, progress: Progress | None,
                hint: list[Booking] | None, started: float,
                relaxation: Relaxation | None = None) -> tuple[list[Booking], Outcome]:
    model, stages, values = cm.model, [], None
    if hint:
        chosen = {(b.agent_id, b.module_id, b.week) for b in hint}
        _hint(cm, {("x", *k): int(k in chosen) for k in cm.x}
              | {("taken", a, m): int(any((a, m, w) in chosen for w in cm.weeks)) for a, m in cm.taken})
    plan = (("value", cm.value_terms, -1, WEIGHT_SCALE), ("cost", cm.cost_terms, 1, MONEY_SCALE),
            ("finish", cm.finish_terms, 1, 1))
    first = None
    for name, terms, sense, scale in plan:
        left = config.time_limit - (time.perf_counter() - started)
        if first is not None and left <= 0:
            break
        expr = sum(terms) if terms else 0
        model.Minimize(expr) if sense > 0 else model.Maximize(expr)
        solver = parameters(config, left, None if first is None else polish, len(cm.x))
        reporter = _Reporter(name, scale, progress) if progress else None
        code = solver.Solve(model, reporter)
        status = STATUS[code]
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if first is None:
                return [], Outcome(status=status, solver=SOLVER_NAME, seconds=time.perf_counter() - started)
            break
        stages.append(Stage(name=name, status=status, value=round(solver.ObjectiveValue() / scale, 6),
                            bound=round(solver.BestObjectiveBound() / scale, 6),
                            seconds=round(solver.WallTime(), 3)))
        values = {key: solver.Value(var) for key, var in _all_vars(cm)}
        if first is None:
            first = _value_outcome(status, solver, relaxation)
            # Later stages get a share of the first one's work: big models need longer
            # just to presolve before they can improve on the hint.
            polish = max(config.polish_limit, 0.3 * solver.ResponseProto().deterministic_time)
        # Hold this stage's result while the next one optimises, and start from it.
        best = round(solver.ObjectiveValue())
        model.Add(expr >= best) if sense < 0 else model.Add(expr <= best)
        _hint(cm, values)
    mentors = {(a, m, w): b for (a, m, w, b) in cm.mentor if values.get(("mentor", a, m, w, b))}
    bookings = [Booking(agent_id=a, week=w, module_id=m, mentor=mentors.get((a, m, w))) for (a, m, w) in cm.x if values.get(("x", a, m, w))]
    return sorted(bookings), Outcome(status=first[0], bound=first[1], solver=SOLVER_NAME,
                                     seconds=time.perf_counter() - started, stages=tuple(stages))


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



def _value_outcome(status: str, solver: cp_model.CpSolver, relaxation: Relaxation | None) -> tuple[str, float]:
    """Stage-1 status and bound; the relaxation's proven bound can close the gap on its own."""
    value, bound = solver.ObjectiveValue(), solver.BestObjectiveBound()
    if relaxation is not None and relaxation.proven:
        bound = min(bound, sum(relaxation.caps.values()))
    if bound <= value + 0.5:
        status = "OPTIMAL"
    return status, bound / WEIGHT_SCALE
