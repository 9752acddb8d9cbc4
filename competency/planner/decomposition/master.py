"""The restricted master problem: one column per agent, under every linking rule.

It is the compact model's own formulation with the per-agent rules replaced by a choice
among each agent's columns (``formulation.rules.LINKING``: spend, sessions and class sizes,
trainers, the cohort budget, mentors, weekly and team caps). The week decisions are kept,
tied to the chosen column (``x[a, m, w]`` = the columns of a that book m in week w), so
the linking rules apply unchanged and it is solved lexicographically (value, cost, finish)
like any model: by HiGHS (``solve_master``), by CP-SAT where a rule is not 0-1 linear. Its
optimum is the best plan the columns can make; only the Lagrangian bound (``bound.py``) says how far that is from the best plan of all.
A re-plan's master also holds the re-plan's stages (``master_rules``).
"""

from __future__ import annotations

import time

from ..formulation.build import build_model
from ..formulation.rules import LINKING, mandatory, stability
from ..formulation.variables import CohortModel
from ..plan.result import Booking, Outcome
from ..problem.instance import WEIGHT_SCALE, Instance
from ..solvers.compact import solve_model
from ..solvers.config import SolverConfig
from ..solvers.mip import solve_model_mip
from ..solvers.mip_convert import UnsupportedModel, convert
from ..solvers.search import Progress
from .columns import Column

MASTER_NODES = 1000  # branch-and-bound nodes per stage: a deterministic stop (100 x 120: every stage proven at the root)


def build_master(instance: Instance, pool: dict[str, list[Column]]) -> CohortModel:
    modules = instance.catalog.modules
    candidates = {a.agent_id: [modules[m] for m in sorted({m for col in pool[a.agent_id] for m, _ in col.bookings})]
                  for a in instance.learners}
    cm = build_model(instance, candidates=candidates, rules=master_rules(instance))
    model = cm.model
    for learner in instance.learners:
        a = learner.agent_id
        uses: dict[tuple[str, int], list] = {}
        for k, col in enumerate(pool[a]):
            var = cm.columns[a, k] = model.NewBoolVar(f"column[{a},{k}]")
            cm.column_slots[a, k] = frozenset(col.bookings)
            if col.value:
                cm.value_terms.append(col.value * var)
            for slot in col.bookings:
                uses.setdefault(slot, []).append(var)
        model.AddExactlyOne(cm.columns[a, k] for k in range(len(pool[a])))
        for m in candidates[a]:
            for w in cm.weeks:
                model.Add(cm.x[a, m.id, w] == sum(uses.get((m.id, w), [])))
    return cm


def master_rules(instance: Instance) -> tuple:
    """The linking rules; a re-plan's master also holds its stages' terms (retraining booked,
    the freeze kept, fewest changes), read from the week decisions the columns fix, so
    ``solve_model`` ranks the master's plans as it ranks the compact model's."""
    return LINKING + ((mandatory, stability) if instance.options.previous else ())


def for_mip(cm: CohortModel) -> bool:
    """Whether HiGHS can take the master: every linking rule is 0-1 linear, a re-plan's
    stages may not be."""
    try:
        convert(cm.model)
    except UnsupportedModel:
        return False
    return True


def solve_master(cm: CohortModel, config: SolverConfig, progress: Progress | None, hint: list[Booking] | None,
                 started: float) -> tuple[list[Booking], Outcome]:
    """The master solved lexicographically, by HiGHS where the master is a 0-1 linear model
    (every linking rule is), else by CP-SAT. A column-choice master is what MIP solvers are
    built for: on 100 x 120 HiGHS proves the final master's three stages in 1.2 s (value
    888.7) where CP-SAT's one thread reached 868.5 with its 3 deterministic seconds.
    Stopped by ``MASTER_NODES`` nodes per stage, so the plan is the same on every run."""
    try:
        return solve_model_mip(cm, config, progress, hint, started, nodes=MASTER_NODES)
    except (UnsupportedModel, RuntimeError):  # RuntimeError: HiGHS itself failed (mip._solve)
        return solve_model(cm, config, progress, hint, started, big=False)


def best_schedule(cm: CohortModel, hint: list[tuple[str, str, int]], config: SolverConfig, work: float
                  ) -> tuple[float, list[tuple[str, str, int]]]:
    """The master's most valuable schedule (value only: a dive's step, not the plan), as
    scaled value and (agent, module, week) bookings; the hint if nothing better. ``work``:
    CP-SAT's deterministic seconds, where the master is not for HiGHS."""
    given = [Booking(agent_id=a, week=w, module_id=m) for a, m, w in hint]
    try:
        bookings, outcome = solve_model_mip(cm, config, None, given, time.perf_counter(), nodes=MASTER_NODES,
                                            only=("value",))
    except (UnsupportedModel, RuntimeError):
        return _best_schedule_cp(cm, hint, work, config.time_limit)
    if not bookings or not outcome.stages:
        return -1.0, list(hint)
    return round(outcome.stages[0].value * WEIGHT_SCALE), sorted((b.agent_id, b.module_id, b.week) for b in bookings)


def _best_schedule_cp(cm: CohortModel, hint: list[tuple[str, str, int]], work: float, seconds: float
                      ) -> tuple[float, list[tuple[str, str, int]]]:
    from ortools.sat.python import cp_model

    model = cm.model
    model.Maximize(sum(cm.value_terms) if cm.value_terms else 0)
    model.ClearHints()
    chosen = set(hint)
    for key, var in cm.x.items():
        model.AddHint(var, int(key in chosen))
    schedule: dict[str, set] = {}
    for a, m, w in hint:
        schedule.setdefault(a, set()).add((m, w))
    for (a, k), var in cm.columns.items():
        model.AddHint(var, int(cm.column_slots[a, k] == schedule.get(a, set())))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = work
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    if solver.Solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return -1.0, list(hint)
    return solver.ObjectiveValue(), sorted(key for key, var in cm.x.items() if solver.Value(var))
