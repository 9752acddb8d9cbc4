"""A bound that counts the cohort budget: the linear relaxation of the whole cohort model.

The relaxation bound (``relax.py``) lets every agent reach their own optimum, whatever the
cohort budget, so under a binding budget it makes a good plan look far from optimal. The
linear relaxation of the cohort model, with those per-agent optima as rows, does count the
budget: 742.1 against 799.3 on the sample cohort under 60,000 CNY, and 1,035.5 against
1,176.4 on the 100-agent benchmark cohort (budget 1,000 CNY per agent).

HiGHS's interior-point method (through OR-Tools MathOpt) solves it in about 6 s on the sample
and 10 s with a team cap and a sessions cap, where GLOP's primal simplex took 7 s and more
than 60 s (its dual simplex 35 s). A limit of ``BARRIER_ITERATIONS`` (the sample needs 60)
keeps it from running on, deterministically: past it there is simply no LP bound. It runs
only when the value stage has not proved the plan optimal, and after the search
(``--time-limit`` bounds the search, not this). The bound is rounded down to the whole scaled
unit it proves, so it is the same on every machine.
"""

from __future__ import annotations

import math

from ortools.math_opt import model_pb2
from ortools.math_opt.python import mathopt

from .mip_convert import UnsupportedModel, convert, flat
from ..formulation.variables import CohortModel

BARRIER_ITERATIONS = 200


def linear_relaxation(cm: CohortModel) -> model_pb2.ModelProto | None:
    """The model as it stands, every variable continuous, maximising value; None if it has
    something a linear relaxation cannot state (the caller keeps its other bounds). Taken
    before any stage holds its result, so the bound is one on every plan."""
    try:
        mip = convert(cm.model)
    except UnsupportedModel:
        return None
    ids, coeffs, offset = flat(sum(cm.value_terms) if cm.value_terms else 0)
    mip.set_objective(ids, coeffs, offset, maximize=True)
    integers = mip.proto.variables.integers
    del integers[:]
    integers.extend([False] * len(mip.proto.variables.ids))
    return mip.proto


def lp_bound(relaxation: model_pb2.ModelProto) -> int | None:
    """An upper bound on the scaled value of any plan, or None if the LP is not solved."""
    params = mathopt.SolveParameters(lp_algorithm=mathopt.LPAlgorithm.BARRIER, iteration_limit=BARRIER_ITERATIONS)
    result = mathopt.solve(mathopt.Model.from_model_proto(relaxation), mathopt.SolverType.HIGHS, params=params)
    if result.termination.reason != mathopt.TerminationReason.OPTIMAL:
        return None
    raw = result.best_objective_bound()
    if not math.isfinite(raw):
        return None
    # The solver's own tolerances must not cut a true optimum off.
    return math.floor(raw + 1e-6 * max(1.0, abs(raw)))
