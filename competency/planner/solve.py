"""Solve a built model lexicographically and map the answer back to a ``Plan``.

Three successive CP-SAT solves on the same model: maximise value; then, holding value at
its best, minimise cost; then, holding cost, finish earlier. Each later solve starts from
the previous answer as a hint.

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
from .instance import WEIGHT_SCALE, Instance
from .plan import Plan, Stage
from .relax import Relaxation, add_caps, relax
from .result import Booking, Outcome, to_plan
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
          hint: list[Booking] | None = None, catalog_id: str = "") -> Plan:
    """The best plan for ``instance``; infeasible instances come back explained."""
    started = time.perf_counter()
    cm = build_model(instance)
    relaxation = None
    if not instance.options.personal and len(instance.learners) > 1:
        relaxation = relax(cm, seed=config.seed)
        add_caps(cm, relaxation)
        hint = hint or [Booking(agent_id=a, week=w, module_id=m) for (a, m, w), v in relaxation.x.items() if v]
    bookings, outcome = solve_model(cm, config, progress, hint, started, relaxation)
    if outcome.status in ("INFEASIBLE", "MODEL_INVALID") and not bookings:
        from .explain import explain_infeasible

        return explain_infeasible(instance, config, catalog_id, started)
    return to_plan(instance, bookings, outcome, catalog_id, offered=cm.candidates)


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
