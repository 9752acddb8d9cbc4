"""CP-SAT against the MIP solvers (HiGHS, SCIP through OR-Tools MathOpt) on the same cohort model.

For each cohort the model is built once as ``solve.solve`` builds it (rules plus the per-agent
relaxation caps, computed once and outside the clock), then solved by each back-end from each
warm start, with ``SolverConfig(time_limit=...)`` and nothing else changed:

  none        no hint
  greedy      the greedy plan (what ``solve.solve`` hints first)
  relaxation  the per-agent relaxed plans (its hint when greedy has no plan)

Columns: wall seconds for all three stages (for MIP including the model conversion, also timed
alone per cohort); the value-stage objective; the value of the plan's schedule as ``to_plan``
recomputes it (a feasible MIP answer may book modules without setting the reach variables the
objective counts, so it can be far above the objective); the value bound the planner reports
(the solver's bound, capped by the proven relaxation); the solver's own bound; the relative gap;
the cost and finish stages' results (money; sum of weeks); the stage statuses; and the checker's
violations.

  python benchmarks/backend_probe.py
  python benchmarks/backend_probe.py --sizes 10x60 --time-limit 10 --hints none --sample
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ortools.math_opt.python import mathopt  # noqa: E402

from benchmarks.plan_bench import Case, instances  # noqa: E402
from competency.io.profiles import load_profiles  # noqa: E402
from competency.model.loader import load_catalog  # noqa: E402
from competency.planner.solvers import mip_convert  # noqa: E402
from competency.planner.formulation.build import build_model  # noqa: E402
from competency.planner.baseline.greedy import greedy_plan  # noqa: E402
from competency.planner.problem.instance import WEIGHT_SCALE, Instance, PlanningOptions, learners_from_profiles  # noqa: E402
from competency.planner.solvers.mip import solve_model_mip  # noqa: E402
from competency.planner.solvers.relax import add_caps, relax  # noqa: E402
from competency.planner.plan.result import Booking, bookings_of, to_plan  # noqa: E402
from competency.planner.solve import SolverConfig, solve_model  # noqa: E402
from competency.planner.plan.validation import check_plan  # noqa: E402

BACKENDS = {"cp-sat": None, "highs": mathopt.SolverType.HIGHS, "scip": mathopt.SolverType.GSCIP}


def sample_cohort() -> Instance:
    """The shipped catalog and profiles, planned as ``competency plan --start 2026-10-05``."""
    catalog = load_catalog(ROOT / "catalog")
    learners = learners_from_profiles(catalog, load_profiles(ROOT / "profiles"))
    return Instance(catalog, tuple(learners), PlanningOptions(weeks=12, start_date=dt.date(2026, 10, 5)))


def hints(instance: Instance, relaxed: dict) -> dict[str, list[Booking] | None]:
    floor = greedy_plan(instance)
    greedy = bookings_of(floor) if floor.status == "FEASIBLE" else None
    return {"none": None, "greedy": greedy,
            "relaxation": [Booking(agent_id=a, week=w, module_id=m) for (a, m, w), v in relaxed.items() if v]}


def run(instance: Instance, backend: str, hint: list[Booking] | None, relaxation, candidates, limit: float) -> dict:
    cm = build_model(instance, candidates=candidates)
    add_caps(cm, relaxation)
    config = SolverConfig(time_limit=limit)
    started = time.perf_counter()
    if backend == "cp-sat":
        bookings, outcome = solve_model(cm, config, None, hint, started, relaxation)
    else:
        bookings, outcome = solve_model_mip(cm, config, None, hint, started, relaxation, solver_type=BACKENDS[backend])
    wall = time.perf_counter() - started
    plan = to_plan(instance, bookings, outcome, offered=cm.candidates)
    value = outcome.stages[0] if outcome.stages else None
    return {"backend": backend, "wall": wall,
            "status": outcome.status, "value": value.value if value else None, "plan": plan.objective,
            "bound": outcome.bound,
            "solver_bound": value.bound if value else None, "gap": plan.gap if value else None,
            "cost": outcome.stages[1].value if len(outcome.stages) > 1 else None,
            "finish": outcome.stages[2].value if len(outcome.stages) > 2 else None,
            "stages": "/".join(s.status[:3].lower() for s in outcome.stages),
            "violations": len(check_plan(plan, instance.catalog, instance.learners)) if bookings else "-"}


def line(name: str, hint: str, row: dict) -> str:
    def num(key: str, fmt: str) -> str:
        return "-" if row[key] is None else format(row[key], fmt)
    return (f"{name:<10} {row['backend']:<7} {hint:<10} {row['wall']:>7.1f} {num('value', '10.1f'):>10} {num('plan', '8.1f'):>8} "
            f"{num('bound', '10.1f'):>10} {num('solver_bound', '10.1f'):>10} {num('gap', '7.3f'):>7} "
            f"{num('cost', '9.0f'):>9} {num('finish', '7.0f'):>7} {row['status']:<8} {row['stages']:<12} "
            f"{row['violations']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10x60,30x120,100x120", help="cohort sizes, AGENTSxMODULES")
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--backends", default="cp-sat,highs,scip")
    parser.add_argument("--hints", default="none,greedy,relaxation")
    parser.add_argument("--sample", action="store_true", help="also the 46-agent sample cohort (catalog/, profiles/)")
    args = parser.parse_args(argv)
    cohorts = [(size, instances(Case("cohort", *map(int, size.split("x"))), 0, 1000.0)[0][0])
               for size in args.sizes.split(",") if size]
    if args.sample:
        cohorts.append(("sample46", sample_cohort()))
    print(f"{'cohort':<10} {'backend':<7} {'hint':<10} {'wall s':>7} {'value':>10} {'plan':>8} {'bound':>10} "
          f"{'solver bd':>10} {'gap':>7} {'cost':>9} {'finish':>7} {'status':<8} {'stages':<12} viol", flush=True)
    for name, instance in cohorts:
        base = build_model(instance)
        t0 = time.perf_counter()
        relaxation = relax(base, seed=0)
        relaxed_seconds = time.perf_counter() - t0
        t0 = time.perf_counter()
        mip_convert.convert(base.model)
        print(f"# {name}: {len(base.x)} week decisions, relaxation {relaxed_seconds:.1f} s "
              f"(proven {relaxation.proven}, caps {sum(relaxation.caps.values()) / WEIGHT_SCALE:.1f}), "
              f"conversion alone {time.perf_counter() - t0:.2f} s", flush=True)
        starts = hints(instance, relaxation.x)
        for hint in args.hints.split(","):
            if hint != "none" and not starts[hint]:
                print(f"# {name}: no {hint} hint (the greedy plan leaves mandatory retraining out)", flush=True)
                continue
            for backend in args.backends.split(","):
                row = run(instance, backend, starts[hint], relaxation, base.candidates, args.time_limit)
                print(line(name, hint, row), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
