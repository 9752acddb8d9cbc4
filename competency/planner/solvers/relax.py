"""Per-agent relaxations of a cohort: a proven upper bound on each agent's value.

Planning one agent alone, with the cohort's candidate modules but without the couplings
(class minimums, session prices, the cohort's caps), can only do better than that agent
does in the cohort. So each agent's relaxed optimum caps their value in the cohort model
(a valid cut that makes CP-SAT's bound much tighter), the sum is a proven bound, and the
relaxed plans are a warm start.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from ...model.catalog import Mode, Module
from ..formulation.build import build_model
from ..problem.candidates import experts
from ..problem.instance import Instance
from .parallel import run_parallel
from ..formulation.variables import CohortModel


@dataclass(frozen=True)
class Relaxation:
    caps: dict[str, int]  # scaled value bound per agent
    proven: bool  # every agent's relaxation solved to optimality
    x: dict[tuple[str, str, int], int]  # the relaxed plans, as a hint
    sites: int | None = None  # scaled bound of the cohort planned site by site (site_bound.py)

    def bound(self) -> int:
        """The tightest proven bound on the cohort's scaled value."""
        total = sum(self.caps.values())
        return total if self.sites is None else min(total, self.sites)


def relax(cm: CohortModel, seconds_per_agent: float = 5.0, seed: int = 0, workers: int = 1,
          deadline: float | None = None) -> Relaxation:
    return relax_agents(cm.instance, cm.candidates, seconds_per_agent, seed, workers, deadline=deadline)


def relax_agents(instance: Instance, candidates: dict[str, list[Module]], seconds_per_agent: float = 5.0,
                 seed: int = 0, workers: int = 1, done=None, deadline: float | None = None) -> Relaxation:
    """Every agent's relaxed optimum, over ``workers`` processes; the same answer for any N,
    because each agent's solve is single-threaded and independent of the others."""
    experts = _experts(instance)
    jobs = [(_alone(instance, learner, candidates[learner.agent_id], experts), candidates[learner.agent_id],
             seconds_per_agent, seed, deadline) for learner in instance.learners]
    caps, hint, proven = {}, {}, True
    for learner, (cap, code, values) in zip(instance.learners, run_parallel(_relax_one, jobs, workers, done)):
        if cap is None:
            # Infeasible alone means infeasible in the cohort: no cap, the cohort solve says so.
            proven = False
            continue
        proven &= code == cp_model.OPTIMAL
        caps[learner.agent_id] = cap
        hint.update(values)
    return Relaxation(caps=caps, proven=proven, x=hint)


def _experts(instance: Instance) -> dict[str, list[str]]:
    """Who could mentor each mentoring module: computed once, not once per agent."""
    pool = instance.mentor_pool()
    return {m.id: experts(pool, m) for m in instance.catalog.modules.values() if m.mode == Mode.MENTORING}


def _alone(instance: Instance, learner, offered: list[Module], experts: dict[str, list[str]]) -> Instance:
    # Only the mentors this agent's modules could use: a 1,000-agent pool per job is costly.
    pool = instance.mentor_pool()
    useful = {b for m in offered if m.id in experts for b in experts[m.id]}
    return Instance(
        catalog=instance.catalog, learners=(learner,), mentors={b: pool[b] for b in sorted(useful)},
        options=replace(instance.options, personal=True, team_cap=None, team_cap_share=None, sessions_per_week=None,
                        week_free=False),
    )


def _relax_one(job) -> tuple[int | None, int, dict]:
    alone, offered, seconds, seed, deadline = job
    a = alone.learners[0].agent_id
    single = build_model(alone, candidates={a: offered})
    if not single.value_terms:
        return 0, cp_model.OPTIMAL, {}
    single.model.Maximize(sum(single.value_terms))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    # Stopped by work, so an agent's cap and plan are the same on every run. The clock is a
    # safety net, the run's own deadline (``time.time()``, shared by processes): a multiple
    # of the work was cut on a loaded machine (deterministic time runs 8-16x slower than
    # the clock there), which changed the hint and then the cohort's plan.
    solver.parameters.max_deterministic_time = seconds
    solver.parameters.max_time_in_seconds = max(1.0, deadline - time.time()) if deadline is not None else 600.0
    code = solver.Solve(single.model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, code, {}
    return int(round(solver.BestObjectiveBound())), code, {key: solver.Value(var) for key, var in single.x.items()}


def add_caps(cm: CohortModel, relaxation: Relaxation) -> None:
    """Each agent's value in the cohort is at most their relaxed optimum."""
    per_agent: dict[str, list] = {}
    for (a, _, _), term in zip(cm.reach, cm.value_terms):
        per_agent.setdefault(a, []).append(term)
    for a, terms in per_agent.items():
        if a in relaxation.caps:
            cm.model.Add(sum(terms) <= relaxation.caps[a])
