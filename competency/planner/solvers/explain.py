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

from ...model.graph import build_graph, needed_to_reach
from ...model.tiers import Tier
from ..formulation.build import build_model
from ..problem.candidates import mandatory_modules, start_levels
from ..problem.instance import Instance
from ..plan.conflicts import sentence
from ..plan.schema import Conflict, ConflictModule, ConflictRule, Plan
from ..plan.result import Booking, Outcome, to_plan
from ..formulation.variables import Guard, CohortModel

SOFTEST_FIRST = ("mandatory", "share", "team", "sessions_cap", "trainer", "mentors", "budget", "cohort_budget",
                 "hours")
MAX_ROUNDS = 20
CORE_SHARE = 0.02  # of the run's work, for each round's search for a conflict
PARTIAL_SHARE = 0.8  # of the run's work, for the best plan without the rules in conflict


def explain_infeasible(instance: Instance, config, catalog_id: str, started: float) -> Plan:
    from .search import SOLVER_NAME, parameters, total_work

    # Work, not the clock, ends both searches (the same inputs explain the same way on a busy
    # machine): each round's core is usually found by presolve; the partial plan, the whole
    # answer for its agents, gets most of the run's work.
    work = total_work(config)

    cm = build_model(instance, explain=True)
    dropped: list[Guard] = []
    reasons: list[Conflict] = []
    for _ in range(MAX_ROUNDS):
        active = [g for g in sorted(cm.guards, key=_order) if g not in dropped]
        solver = parameters(config, max(1.0, config.time_limit - (time.perf_counter() - started)),
                            work * CORE_SHARE)
        cm.model.ClearAssumptions()
        cm.model.AddAssumptions([cm.guards[g] for g in active])
        code = solver.Solve(cm.model)
        if code != cp_model.INFEASIBLE:
            break
        core_lits = set(solver.SufficientAssumptionsForInfeasibility())
        core = [g for g in active if cm.guards[g].index in core_lits]
        if not core:
            reasons.append(Conflict(kind="no_single_rule"))
            break
        reasons.append(describe(cm, core))
        dropped.append(min(core, key=_order))
    if not reasons:
        reasons.append(Conflict(kind="no_plan"))
    return _partial(cm, dropped, reasons, config, catalog_id, started, SOLVER_NAME,
                    lambda seconds: parameters(config, seconds, work * PARTIAL_SHARE,
                                               "proof" if instance.options.personal else "tree"))


def _order(guard: Guard) -> tuple:
    return (SOFTEST_FIRST.index(guard.kind), guard.agent_id, str(guard.detail))


def _partial(cm: CohortModel, dropped: list[Guard], reasons: list[Conflict], config, catalog_id: str,
             started: float, solver_name: str, parameters) -> Plan:
    """Best plan with the conflicting rules dropped and every other rule enforced. A personal
    plan's search is the one that proves personal plans (search.py, "proof"): on a generated
    agent with six retrainings that do not fit, the plain tree search took 30 s, this one 2 s."""
    cm.model.ClearAssumptions()
    for guard, lit in cm.guards.items():
        cm.model.Add(lit == (0 if guard in dropped else 1))
    cm.model.Maximize(sum(cm.value_terms))
    solver = parameters(max(1.0, config.time_limit - (time.perf_counter() - started)))
    code = solver.Solve(cm.model)
    bookings, found = [], code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    if found:
        mentors = {(a, m, w): b for (a, m, w, b), v in cm.mentor.items() if solver.Value(v)}
        bookings = [Booking(agent_id=a, week=w, module_id=m, mentor=mentors.get((a, m, w)))
                    for (a, m, w), v in cm.x.items() if solver.Value(v)]
    outcome = Outcome(status="PARTIAL" if found else "INFEASIBLE", solver=solver_name,
                      seconds=time.perf_counter() - started, infeasibility=tuple(sentence(c) for c in reasons),
                      conflicts=tuple(reasons))
    return to_plan(cm.instance, bookings, outcome, catalog_id)


def describe(cm: CohortModel, core: list[Guard]) -> Conflict:
    """A conflict, naming the agents and the numbers that clash (English: conflicts.sentence)."""
    agents = sorted({g.agent_id for g in core if g.agent_id})
    kinds = {g.kind for g in core}
    mandatory = [g for g in core if g.kind == "mandatory"]
    if len(mandatory) == 1 and kinds <= {"mandatory", "hours"}:
        return _mandatory_vs_hours(cm, mandatory[0], "hours" in kinds).model_copy(update={"agents": agents})
    return Conflict(kind="rules", agents=agents, rules=[_rule(cm, g) for g in sorted(core, key=_order)])


def _mandatory_vs_hours(cm: CohortModel, guard: Guard, hours_in_core: bool) -> Conflict:
    learner = cm.instance.learner(guard.agent_id)
    cid, tier = guard.detail
    deadline = cm.instance.options.mandatory_deadline()
    what = {"competency": cid, "tier": int(tier), "deadline": deadline}
    offered = {m.id for m in cm.takes(learner.agent_id)}
    if not any(mid in offered for mid in mandatory_modules(cm.instance.catalog, learner)[(cid, tier)]):
        return Conflict(kind="mandatory_unplannable", figures=what, modules=_why_no_module(cm, learner, cid, tier))
    need, steps = _hours_needed(cm, learner, cid, tier)
    week = cm.instance.options.hours_for(learner)
    if need > week * deadline + 1e-9 or hours_in_core:
        return Conflict(kind="mandatory_hours", figures={**what, "need": need, "available": week * deadline,
                                                         "weekly_hours": week})
    if steps > deadline:
        return Conflict(kind="mandatory_chain", figures={**what, "steps": steps})
    return Conflict(kind="mandatory_room", figures={**what, "need": need})


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


def _why_no_module(cm: CohortModel, learner, cid: str, tier: int) -> list[ConflictModule]:
    catalog, options = cm.instance.catalog, cm.instance.options
    notes = []
    for module in catalog.modules_raising(cid, Tier(tier)):
        if module.id in learner.completed:
            notes.append(ConflictModule(module_id=module.id, why="completed"))
        elif module.hours > options.hours_for(learner):
            notes.append(ConflictModule(module_id=module.id, why="hours", figures={
                "module_hours": module.hours, "weekly_hours": options.hours_for(learner)}))
        elif learner.budget is not None and module.cost > learner.budget:
            notes.append(ConflictModule(module_id=module.id, why="budget", figures={
                "cost": module.cost, "budget": learner.budget, "currency": catalog.info.currency}))
        elif not catalog.admits(module, learner.role, learner.industry):
            notes.append(ConflictModule(module_id=module.id, why="audience"))
        elif module.is_group and not options.personal and not _staffed(cm, learner, module):
            notes.append(ConflictModule(module_id=module.id, why="trainer", figures={"site": learner.site or ""}))
        else:
            notes.append(ConflictModule(module_id=module.id, why="other"))
    return notes


def _staffed(cm: CohortModel, learner, module) -> bool:
    from ..problem.staffing import Staffing, venue

    return Staffing(cm.instance).can_run(module, venue(learner, module))


def _rule(cm: CohortModel, g: Guard) -> ConflictRule:
    options, currency = cm.instance.options, cm.instance.catalog.info.currency
    if g.kind == "hours":
        return ConflictRule(kind="hours", agent=g.agent_id,
                            figures={"weekly_hours": options.hours_for(cm.instance.learner(g.agent_id))})
    if g.kind == "budget":
        return ConflictRule(kind="budget", agent=g.agent_id,
                            figures={"budget": cm.instance.learner(g.agent_id).budget, "currency": currency})
    if g.kind == "cohort_budget":
        return ConflictRule(kind="cohort_budget", figures={"budget": options.budget, "currency": currency})
    if g.kind == "share":
        return ConflictRule(kind="share", agent=g.agent_id, figures={"tag": g.detail[0], "min": g.detail[1]})
    if g.kind == "mandatory":
        return ConflictRule(kind="mandatory", agent=g.agent_id, figures={
            "competency": g.detail[0], "tier": int(g.detail[1]), "deadline": options.mandatory_deadline()})
    if g.kind == "team":
        return ConflictRule(kind="team", figures={"team": g.detail[0], "cap": g.detail[1]})
    if g.kind == "sessions_cap":
        return ConflictRule(kind="sessions_cap", figures={"sessions": options.sessions_per_week})
    if g.kind == "trainer":
        t = cm.instance.catalog.trainers[g.agent_id]
        caps = {"sessions": t.sessions_per_week, "hours": t.hours_per_week}
        return ConflictRule(kind="trainer", agent=t.id, figures={
            "name": t.name.get(), **{k: v for k, v in caps.items() if v is not None}})
    return ConflictRule(kind="mentors", agent=g.agent_id, figures={"mentees": options.mentor_max_mentees})
