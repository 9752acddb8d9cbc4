"""The MIP back-ends: the model the rules build, solved by HiGHS or SCIP through OR-Tools MathOpt.

Same contract as ``compact.solve_model`` and the same stages (``compact.STAGES``: a re-plan's
freeze, retraining and changes around value, then cost with value held, then finish with cost
held); each stage starts from the previous answer (and the first from the caller's hint), and
the answer is the same ``(bookings, Outcome)``. The CP-SAT model is translated once
(``mip_convert``); each stage only sets its objective and appends the row holding the last one.

Differences a MIP solver forces, kept small: MathOpt has no deterministic work limit, so
``work`` is ignored. Given ``nodes`` (the decomposition's master, decomposition/master.py),
each stage stops after that many branch-and-bound nodes, which is deterministic, the clock
only a safety net; without it a later stage gets ``max(polish_limit, 0.3 x the value stage's
seconds)`` of wall-clock time. ``threads`` is ignored too: and so is ``threads``: MathOpt refuses a thread
count for HiGHS, and SCIP given more than one thread fails ("GScipOutput.status: UNKNOWN").
Every objective has integer coefficients, so a gap below one unit is a proof: the gap
tolerances say so, and dual bounds are rounded to the integer they imply.

Warm starts: both solvers take the hint through MathOpt, partial ones too (HiGHS completes the
missing values with a sub-MIP, SCIP with its completesol heuristic), so the caller's hint covers
only the week decisions, as it does for CP-SAT.
"""

from __future__ import annotations

import datetime
import math
import time

import ortools
from ortools.math_opt.python import mathopt

from ..problem.instance import WEIGHT_SCALE
from ..plan.schema import Stage
from .relax import Relaxation
from ..plan.result import Booking, Outcome
from ..formulation.variables import CohortModel
from .mip_convert import MipModel, convert, flat

from .config import SolverConfig
from .search import Progress
from .stages import STAGES, Objective

NAMES = {mathopt.SolverType.HIGHS: "highs", mathopt.SolverType.GSCIP: "scip"}
FOUND = (mathopt.TerminationReason.OPTIMAL, mathopt.TerminationReason.FEASIBLE)
NO_PLAN = (mathopt.TerminationReason.INFEASIBLE, mathopt.TerminationReason.INFEASIBLE_OR_UNBOUNDED)


def solver_name(solver_type: mathopt.SolverType) -> str:
    return f"{NAMES.get(solver_type, solver_type.name.lower())} (ortools {ortools.__version__} mathopt)"


def solve_model_mip(cm: CohortModel, config: SolverConfig, progress: Progress | None,
                    hint: list[Booking] | None, started: float, relaxation: Relaxation | None = None,
                    solver_type: mathopt.SolverType = mathopt.SolverType.HIGHS,
                    nodes: int | None = None, only: tuple[str, ...] | None = None) -> tuple[list[Booking], Outcome]:
    """``nodes``: stop each stage after this many branch-and-bound nodes, a deterministic
    limit (the same plan on every run), with ``time_limit`` only a safety net; without it,
    a later stage gets ``polish`` seconds as described above. ``only``: these stages alone
    (a decomposition's dive wants the value stage)."""
    name = solver_name(solver_type)
    mip = convert(cm.model)
    index = {key: var.index for key, var in _all_vars(cm)}
    values = dict(mip.hint)
    if hint:
        chosen = {(b.agent_id, b.module_id, b.week) for b in hint}
        taken = {(a, m) for a, m, _ in chosen}
        values = ({index["x", *k]: int(k in chosen) for k in cm.x}
                  | {index["taken", *k]: int(k in taken) for k in cm.taken})
    stages, first, polish, objectives = [], None, 0.0, Objective(cm)
    for stage, field, maximise, scale in STAGES:
        if not objectives.runs(stage) or (only and stage not in only):
            continue
        left = config.time_limit - (time.perf_counter() - started)
        if first is not None and left <= 0:
            stages.append(Stage(name=stage, status="UNKNOWN", value=0.0, bound=0.0, ended="clock"))
            break
        ids, coeffs, offset = flat(objectives.expression(stage))
        mip.set_objective(ids, coeffs, offset, maximize=maximise)
        seconds = left if first is None or nodes is not None else min(left, polish)
        result = _solve(mip, solver_type, config, seconds, values, nodes)
        status = _status(result)
        if result.termination.reason not in FOUND or not result.has_primal_feasible_solution():
            if first is None:
                return [], Outcome(status=status, solver=name, seconds=time.perf_counter() - started)
            break
        # Solvers return 0-1 values within their tolerance; the plan and the held row use exact ones.
        solution = {var.id: round(x) for var, x in result.variable_values().items()}
        objective = offset + sum(c * solution[i] for i, c in zip(ids, coeffs))
        bound = _integral_bound(result, -1 if maximise else 1, objective, mip.extreme(ids, coeffs, offset, maximise))
        seconds = result.solve_time().total_seconds()
        stages.append(Stage(name=stage, status=status, value=round(objectives.figure(stage, objective) / scale, 6),
                            bound=round(objectives.figure(stage, bound) / scale, 6), seconds=round(seconds, 3),
                            ended=_ended(result)))
        if progress:
            objectives.reported(stage, progress)(stage, objective / scale, bound / scale, seconds)
        if stage == "value":
            first = _value_outcome(status, objective, bound, relaxation)
            polish = max(config.polish_limit, 0.3 * seconds)
        held = objectives.held(stage, round(objective)) - offset
        mip.add_row(ids, coeffs, held, math.inf) if maximise else mip.add_row(ids, coeffs, -math.inf, held)
        values = solution
    mentors = {(a, m, w): b for (a, m, w, b) in cm.mentor if values.get(index["mentor", a, m, w, b])}
    bookings = [Booking(agent_id=a, week=w, module_id=m, mentor=mentors.get((a, m, w)))
                for (a, m, w) in cm.x if values.get(index["x", a, m, w])]
    status, bound = first if first is not None else (stages[-1].status, 0.0)
    return sorted(bookings), Outcome(status=status, bound=bound, solver=name,
                                     seconds=time.perf_counter() - started, stages=tuple(stages))


def _solve(mip: MipModel, solver_type: mathopt.SolverType, config: SolverConfig, seconds: float,
           hint: dict[int, int], nodes: int | None = None) -> mathopt.SolveResult:
    model = mathopt.Model.from_model_proto(mip.proto)
    params = mathopt.SolveParameters(time_limit=datetime.timedelta(seconds=max(0.05, seconds)),
                                     random_seed=config.seed, relative_gap_tolerance=0.0,
                                     absolute_gap_tolerance=0.5, node_limit=nodes)
    hints = [mathopt.SolutionHint(variable_values={model.get_variable(i): float(v) for i, v in hint.items()})]
    try:
        return mathopt.solve(model, solver_type, params=params,
                             model_params=mathopt.ModelSolveParameters(solution_hints=hints if hint else []))
    except AttributeError as error:
        # ortools 9.15 loses the solver's own message while translating it (StatusNotOk has no
        # canonical_code); the message is on the exception it was handling.
        raise RuntimeError(f"{solver_name(solver_type)} failed: {error.__context__ or error}") from error


def _ended(result: mathopt.SolveResult) -> str:
    """As CP-SAT's stages say it (search.py): a proof, the work (nodes), or the clock."""
    if result.termination.reason == mathopt.TerminationReason.OPTIMAL:
        return "optimal"
    return "clock" if result.termination.limit == mathopt.Limit.TIME else "work"


def _status(result: mathopt.SolveResult) -> str:
    if result.termination.reason == mathopt.TerminationReason.OPTIMAL:
        return "OPTIMAL"
    if result.has_primal_feasible_solution():
        return "FEASIBLE"
    return "INFEASIBLE" if result.termination.reason in NO_PLAN else "UNKNOWN"


def _integral_bound(result: mathopt.SolveResult, sense: int, objective: int, extreme: float) -> float:
    """The dual bound as the integer it proves (objectives are integral), never past the answer;
    a solver stopped before its first relaxation has none, then the variables' bounds give one."""
    raw = result.best_objective_bound()
    if not math.isfinite(raw):
        raw = extreme
    slack = 1e-6 * max(1.0, abs(raw))  # the solver's own rounding must not cut a true optimum off
    if sense < 0:
        return max(objective, math.floor(raw + slack))
    return min(objective, math.ceil(raw - slack))


def _value_outcome(status: str, value: int, bound: float, relaxation: Relaxation | None) -> tuple[str, float]:
    """As ``solve._value_outcome``: the relaxation's proven bound can close the gap on its own."""
    if relaxation is not None and relaxation.proven:
        bound = min(bound, relaxation.bound())
    if bound <= value + 0.5:
        status = "OPTIMAL"
    return status, bound / WEIGHT_SCALE


def _all_vars(cm: CohortModel):
    for family, variables in (("x", cm.x), ("taken", cm.taken), ("session", cm.sessions),
                              ("reach", cm.reach), ("mentor", cm.mentor)):
        for key, var in variables.items():
            yield (family, *key), var
