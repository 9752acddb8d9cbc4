"""Explain an infeasible plan in user terms, and offer the best partial plan.

Every constraint group (an agent's weekly hours, budget, share rule, mandatory tier; a
team's staffing cap; the cohort budget ...) sits behind one literal. CP-SAT, solving with
all literals as assumptions, returns a subset that cannot hold together; each literal maps
back to a sentence with the numbers that clash. Relaxing the softest rule of each conflict
(mandatory tiers first, then shares, caps, budgets) until the model is feasible gives the
partial plan.
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from ..model.graph import build_graph, needed_to_reach
from ..model.tiers import Tier
from .build import build_model
from .candidates import mandatory_modules, start_levels
from .instance import Instance
from .plan import Plan
from .result import Booking, Outcome, to_plan
from .variables import Guard, CohortModel

SOFTEST_FIRST = ("mandatory", "share", "team", "sessions_cap", "trainer", "mentors", "budget", "cohort_budget",
                 "hours")
MAX_ROUNDS = 20


def explain_infeasible(instance: Instance, config, catalog_id: str, started: float) -> Plan:
    from .search import SOLVER_NAME, parameters

    cm = build_model(instance, explain=True)
    dropped: list[Guard] = []
    reasons: list[str] = []
    for _ in range(MAX_ROUNDS):
        active = [g for g in sorted(cm.guards, key=_order) if g not in dropped]
        solver = parameters(config, max(1.0, config.time_limit - (time.perf_counter() - started)))
        cm.model.ClearAssumptions()
        cm.model.AddAssumptions([cm.guards[g] for g in active])
        code = solver.Solve(cm.model)
        if code != cp_model.INFEASIBLE:
            break
        core_lits = set(solver.SufficientAssumptionsForInfeasibility())
        core = [g for g in active if cm.guards[g].index in core_lits]
        if not core:
            reasons.append("the plan cannot be made feasible by relaxing any single rule")
            break
        reasons.append(describe(cm, core))
        dropped.append(min(core, key=_order))
    if not reasons:
        reasons.append("the solver found no plan within the time limit")
    return _partial(cm, dropped, reasons, config, catalog_id, started, SOLVER_NAME, parameters)


def _order(guard: Guard) -> tuple:
    return (SOFTEST_FIRST.index(guard.kind), guard.agent_id, str(guard.detail))


def _partial(cm: CohortModel, dropped: list[Guard], reasons: list[str], config, catalog_id: str,
             started: float, solver_name: str, parameters) -> Plan:
    """Best plan with the conflicting rules dropped and every other rule enforced."""
    cm.model.ClearAssumptions()
    for guard, lit in cm.guards.items():
        cm.model.Add(lit == (0 if guard in dropped else 1))
    cm.model.Maximize(sum(cm.value_terms))
    solver = parameters(config, max(1.0, config.time_limit - (time.perf_counter() - started)))
    code = solver.Solve(cm.model)
    bookings, found = [], code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    if found:
        mentors = {(a, m, w): b for (a, m, w, b), v in cm.mentor.items() if solver.Value(v)}
        bookings = [Booking(agent_id=a, week=w, module_id=m, mentor=mentors.get((a, m, w)))
                    for (a, m, w), v in cm.x.items() if solver.Value(v)]
    outcome = Outcome(status="PARTIAL" if found else "INFEASIBLE", solver=solver_name,
                      seconds=time.perf_counter() - started, infeasibility=tuple(reasons))
    return to_plan(cm.instance, bookings, outcome, catalog_id)


def describe(cm: CohortModel, core: list[Guard]) -> str:
    """One sentence for a conflict, naming the agent and the numbers that clash."""
    agents = sorted({g.agent_id for g in core if g.agent_id})
    kinds = {g.kind for g in core}
    head = f"agent {agents[0]}: " if len(agents) == 1 else ("agents " + ", ".join(agents) + ": " if agents else "")
    mandatory = [g for g in core if g.kind == "mandatory"]
    if len(mandatory) == 1 and kinds <= {"mandatory", "hours"}:
        return head + _mandatory_vs_hours(cm, mandatory[0], "hours" in kinds)
    parts = [_phrase(cm, g) for g in sorted(core, key=_order)]
    return head + " and ".join(parts) + " cannot all hold"


def _mandatory_vs_hours(cm: CohortModel, guard: Guard, hours_in_core: bool) -> str:
    learner = cm.instance.learner(guard.agent_id)
    cid, tier = guard.detail
    deadline = cm.instance.options.mandatory_deadline()
    what = f"mandatory {cid} retraining ({Tier(tier).key})"
    offered = {m.id for m in cm.takes(learner.agent_id)}
    if not any(mid in offered for mid in mandatory_modules(cm.instance.catalog, learner)[(cid, tier)]):
        return f"{what} cannot be planned: {_why_no_module(cm, learner, cid, tier)}"
    need, steps = _hours_needed(cm, learner, cid, tier)
    week = cm.instance.options.hours_for(learner)
    if need > week * deadline + 1e-9 or hours_in_core:
        return (f"{what} needs {need:g} h in weeks 1-{deadline} but only {week * deadline:g} h are available"
                f" ({week:g} h/week)")
    if steps > deadline:
        return f"{what} needs {steps} tiers learned one week after another but is due by week {deadline}"
    return f"{what} needs {need:g} h in weeks 1-{deadline}, which the rest of the plan leaves no room for"

def _hours_needed(cm: CohortModel, learner, cid: str, tier: int) -> tuple[float, int]:
    """Fewest hours to reach the mandatory tier (cheapest module per missing tier), and the
    length of the longest chain of tiers that must be learned one after another."""
    catalog = cm.instance.catalog
    levels = start_levels(cm.instance, learner)
    nodes = needed_to_reach(build_graph(catalog), levels, cid, Tier(tier))
    nodes = [n for n in nodes if n != (cid, tier)] + [(cid, tier)]
    hours = sum(min((m.hours for m in catalog.modules_raising(c, Tier(t))), default=0.0) for c, t in nodes)
    graph, depth = build_graph(catalog), {}
    for node in nodes:
        depth[node] = 1 + max((depth.get(p, 0) for p in graph.predecessors(node)), default=0)
    return hours, depth[(cid, tier)]


def _why_no_module(cm: CohortModel, learner, cid: str, tier: int) -> str:
    catalog, options = cm.instance.catalog, cm.instance.options
    notes = []
    for module in catalog.modules_raising(cid, Tier(tier)):
        if module.id in learner.completed:
            notes.append(f"{module.id} is already completed")
        elif module.hours > options.hours_for(learner):
            notes.append(f"{module.id} takes {module.hours:g} h but only {options.hours_for(learner):g} h/week are available")
        elif learner.budget is not None and module.cost > learner.budget:
            notes.append(f"{module.id} costs {module.cost:g} {catalog.info.currency}, over the personal budget "
                         f"{learner.budget:g}")
        elif not catalog.admits(module, learner.role, learner.industry):
            notes.append(f"{module.id} is meant for other industries or roles")
        elif module.is_group and not options.personal and not _staffed(cm, learner, module):
            notes.append(f"{module.id} has no trainer who teaches it at {learner.site or 'their site'}")
        else:
            notes.append(f"{module.id} needs entry levels, a mentor or a class the plan cannot provide")
    return "; ".join(notes) or "no module in the catalog trains that tier"


def _staffed(cm: CohortModel, learner, module) -> bool:
    from .staffing import Staffing, venue

    return Staffing(cm.instance).can_run(module, venue(learner, module))


def _phrase(cm: CohortModel, g: Guard) -> str:
    options = cm.instance.options
    if g.kind == "hours":
        return f"the weekly limit of {options.hours_for(cm.instance.learner(g.agent_id)):g} h"
    if g.kind == "budget":
        return f"the personal budget of {cm.instance.learner(g.agent_id).budget:g} {cm.instance.catalog.info.currency}"
    if g.kind == "cohort_budget":
        return f"the cohort budget of {options.budget:g} {cm.instance.catalog.info.currency}"
    if g.kind == "share":
        return f"at least {g.detail[1]:.0%} of hours on {g.detail[0]}"
    if g.kind == "mandatory":
        return f"mandatory {g.detail[0]} retraining ({Tier(g.detail[1]).key}) by week {options.mandatory_deadline()}"
    if g.kind == "team":
        return f"team {g.detail[0]} having at most {g.detail[1]} agents in training each week"
    if g.kind == "sessions_cap":
        return f"at most {options.sessions_per_week} sessions a week"
    if g.kind == "trainer":
        t = cm.instance.catalog.trainers[g.agent_id]
        caps = [f"{t.sessions_per_week} sessions" if t.sessions_per_week is not None else "",
                f"{t.hours_per_week:g} h" if t.hours_per_week is not None else ""]
        return f"trainer {t.id} ({t.name.get()}) teaching at most {' and '.join(c for c in caps if c)} a week"
    return f"mentor {g.agent_id} taking at most {options.mentor_max_mentees} mentees a week"
