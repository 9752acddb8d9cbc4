"""The MIP back-ends (HiGHS, SCIP through MathOpt) solve the very model CP-SAT solves.

Every plan goes through the independent checker; on instances small enough for every solver to
prove optimality, each lexicographic stage reaches the same optimum as CP-SAT.
"""

import datetime as dt
import itertools
import sys
import time
from pathlib import Path

import pytest
from ortools.math_opt.python import mathopt
from ortools.sat.python import cp_model

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generator import make_agents, make_catalog  # noqa: E402
from competency.model.tiers import Tier  # noqa: E402
from competency.planner.formulation.build import build_model  # noqa: E402
from competency.planner.problem.instance import Instance, PlanningOptions, learners_from_profiles  # noqa: E402
from competency.planner.solvers.mip import solve_model_mip  # noqa: E402
from competency.planner.solvers.mip_convert import UnsupportedModel, convert  # noqa: E402
from competency.planner.plan.result import to_plan  # noqa: E402
from competency.planner.solve import SolverConfig, solve, solve_model  # noqa: E402
from competency.planner.plan.validation import check_plan  # noqa: E402
from test_planner_support import instance, ladder, learner, random_instance  # noqa: E402

MIP = {"highs": mathopt.SolverType.HIGHS, "scip": mathopt.SolverType.GSCIP}
CONFIG = SolverConfig(time_limit=10, workers=1, seed=0, polish_limit=5)


def generated(agents: int, modules: int, seed: int) -> Instance:
    catalog = make_catalog(modules, seed)
    learners = learners_from_profiles(catalog, make_agents(catalog, agents, seed))
    return Instance(catalog, tuple(learners), PlanningOptions(weeks=4, start_date=dt.date(2026, 1, 5),
                                                              budget=500.0 * agents))


def planned(inst: Instance, backend: str):
    cm = build_model(inst)
    if backend == "cp-sat":
        bookings, outcome = solve_model(cm, CONFIG, None, None, time.perf_counter())
    else:
        bookings, outcome = solve_model_mip(cm, CONFIG, None, None, time.perf_counter(), solver_type=MIP[backend])
    plan = to_plan(inst, bookings, outcome)
    if plan.status == "INFEASIBLE":
        assert bookings == []
    else:
        assert check_plan(plan, inst.catalog, inst.learners) == []
    return plan


# Seeds 7, 45 and 46 book a mentor; seed 6 cannot fit its mandatory retraining.
CASES = [random_instance(seed) for seed in (0, 1, 2, 5, 6, 7, 45, 46)] + [generated(4, 30, 1), generated(6, 40, 2)]


@pytest.mark.parametrize("backend", ["highs", "scip"])
def test_every_stage_reaches_the_cp_sat_optimum_and_every_plan_passes_the_checker(backend):
    mentored = 0
    for inst in CASES:
        reference, plan = planned(inst, "cp-sat"), planned(inst, backend)
        mentored += sum(1 for a in plan.agents for m in a.modules if m.mentor)
        assert plan.status == reference.status
        assert plan.solver.startswith(backend) and "mathopt" in plan.solver
        for ours, theirs in zip(plan.stages, reference.stages):
            assert ours.name == theirs.name
            if ours.status == theirs.status == "OPTIMAL":
                assert ours.value == pytest.approx(theirs.value)
        if reference.status == "OPTIMAL":
            assert plan.objective == pytest.approx(reference.objective)
            assert plan.bound == pytest.approx(reference.bound)
    assert mentored > 0  # the mentor variables map back to bookings too


@pytest.mark.parametrize("backend", ["highs", "scip"])
def test_an_infeasible_model_comes_back_infeasible_without_bookings(backend):
    short = learner(mandatory={"c0": Tier.BASIC}, hours_per_week=1)  # the module takes 2 hours
    cm = build_model(instance(ladder(), [short]))
    bookings, outcome = solve_model_mip(cm, CONFIG, None, None, time.perf_counter(), solver_type=MIP[backend])
    assert bookings == [] and outcome.status == "INFEASIBLE"


@pytest.mark.parametrize("backend", ["highs", "scip"])
def test_the_planner_can_be_asked_for_a_mip_back_end_by_name(backend):
    inst = generated(4, 30, 3)
    plan = solve(inst, SolverConfig(time_limit=10, workers=1, backend=backend))
    assert check_plan(plan, inst.catalog, inst.learners) == []
    assert backend in plan.solver and plan.objective <= plan.bound + 1e-9


def test_clauses_with_negated_and_enforcement_literals_keep_exactly_the_same_solutions():
    model = cp_model.CpModel()
    a, b, c, d = (model.NewBoolVar(n) for n in "abcd")
    model.AddBoolOr([a, b.Not(), c])
    model.AddBoolAnd([b, d.Not()]).OnlyEnforceIf(c.Not())
    model.AddBoolOr([a.Not(), d]).OnlyEnforceIf([b, c])
    model.Add(a + b + c + d <= 3)
    mip = convert(model)
    rows = mip.proto.linear_constraints
    matrix = mip.proto.linear_constraint_matrix

    def feasible(values: tuple[int, ...]) -> bool:
        activity = [0.0] * len(rows.ids)
        for r, col, coeff in zip(matrix.row_ids, matrix.column_ids, matrix.coefficients):
            activity[r] += coeff * values[col]
        return all(lo <= act <= hi for lo, act, hi in zip(rows.lower_bounds, activity, rows.upper_bounds))

    def cp_feasible(values: tuple[int, ...]) -> bool:
        fixed = model.Clone()
        for var, value in zip((a, b, c, d), values):
            fixed.Add(fixed.GetBoolVarFromProtoIndex(var.Index()) == value)
        return cp_model.CpSolver().Solve(fixed) == cp_model.OPTIMAL

    for values in itertools.product((0, 1), repeat=4):
        assert feasible(values) == cp_feasible(values), values


def test_exactly_one_and_at_most_one_keep_exactly_the_same_solutions():
    # The decomposition's master picks one column per agent with exactly_one.
    model = cp_model.CpModel()
    a, b, c, d = (model.NewBoolVar(n) for n in "abcd")
    model.AddExactlyOne([a, b.Not(), c])
    model.AddAtMostOne([a, c, d.Not()])
    mip = convert(model)
    rows = mip.proto.linear_constraints
    matrix = mip.proto.linear_constraint_matrix
    for values in itertools.product((0, 1), repeat=4):
        activity = [0.0] * len(rows.ids)
        for r, col, coeff in zip(matrix.row_ids, matrix.column_ids, matrix.coefficients):
            activity[r] += coeff * values[col]
        linear = all(lo <= act <= hi for lo, act, hi in zip(rows.lower_bounds, activity, rows.upper_bounds))
        va, vb, vc, vd = values
        assert linear == (va + (1 - vb) + vc == 1 and va + vc + (1 - vd) <= 1), values


def test_a_model_built_to_explain_infeasibility_is_refused_with_the_reason():
    cm = build_model(instance(ladder(), [learner()]), explain=True)
    with pytest.raises(UnsupportedModel, match="enforced linear.*without explain"):
        convert(cm.model)
