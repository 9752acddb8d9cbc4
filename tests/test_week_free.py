"""The week-free rule of personal plans: idle weeks last where weeks are interchangeable, and
a switch that leaves it out where they are not (the decomposition's pricing)."""

import datetime as dt
import sys
from pathlib import Path

from ortools.sat.python import cp_model

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generator import make_agents, make_catalog  # noqa: E402
from competency.planner.formulation.build import build_model  # noqa: E402
from competency.planner.problem.instance import Instance, PlanningOptions, learners_from_profiles  # noqa: E402
from competency.planner.solve import SolverConfig, solve  # noqa: E402


def new_hire(**options) -> Instance:
    catalog = make_catalog(40, 3)
    learner = learners_from_profiles(catalog, make_agents(catalog, 3, 3, new_hires=True))[0]
    return Instance(catalog, (learner,), PlanningOptions(weeks=8, start_date=dt.date(2026, 1, 5), personal=True,
                                                         **options))


def test_a_personal_plan_books_its_weeks_first_and_leaves_idle_weeks_at_the_end():
    plan = solve(new_hire(), SolverConfig(time_limit=60, work=2))
    weeks = sorted({m.week for m in plan.agents[0].modules})
    assert plan.status == "OPTIMAL" and weeks == list(range(1, len(weeks) + 1))


def test_the_week_symmetry_rows_can_be_left_out_for_pricing_where_weeks_differ():
    solver = cp_model.CpSolver()
    for options, expected in (({}, cp_model.INFEASIBLE), ({"week_symmetry": False}, cp_model.OPTIMAL)):
        instance = new_hire(**options)
        cm = build_model(instance)
        a = instance.learners[0].agent_id
        free = next(m for m in cm.takes(a) if not cm.index.entry[m.id])
        for m in cm.takes(a):
            cm.model.Add(cm.taken[a, m.id] == int(m.id == free.id))
        cm.model.Add(cm.x[a, free.id, instance.options.weeks] == 1)
        assert solver.Solve(cm.model) == expected, options


def test_the_hardest_sample_new_hire_is_proven_optimal():
    # SHF012 of the sample, as a new hire: the value stage's share (0.45 of work 4) once left
    # it at 65.6 with a bound of 68.95; packing the weeks caps it at 68.1, and the cap's
    # modules fit into weeks (test_personal_plans.py).
    from benchmarks.plan_bench import sample_new_hires

    instance = next(inst for inst, _ in sample_new_hires() if inst.learners[0].agent_id == "SHF012")
    plan = solve(instance, SolverConfig(time_limit=120, work=4.0, workers=1))
    assert plan.status == "OPTIMAL" and plan.stages[0].status == "OPTIMAL", plan.stages
    assert abs(plan.objective - 68.1) < 1e-6
