"""Per-agent relaxations of a cohort: a proven upper bound on each agent's value.

Planning one agent alone, with the cohort's candidate modules but without the couplings
(class minimums, session prices, the cohort's caps), can only do better than that agent
does in the cohort. So each agent's relaxed optimum caps their value in the cohort model
(a valid cut that makes CP-SAT's bound much tighter), the sum is a proven bound, and the
relaxed plans are a warm start.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from .build import build_model
from .instance import Instance
from .variables import CohortModel


@dataclass(frozen=True)
class Relaxation:
    caps: dict[str, int]  # scaled value bound per agent
    proven: bool  # every agent's relaxation solved to optimality
    x: dict[tuple[str, str, int], int]  # the relaxed plans, as a hint


def relax(cm: CohortModel, seconds_per_agent: float = 5.0, seed: int = 0) -> Relaxation:
    instance = cm.instance
    caps, hint, proven = {}, {}, True
    for learner in instance.learners:
        alone = Instance(
            catalog=instance.catalog, learners=(learner,), mentors=instance.mentor_pool(),
            options=replace(instance.options, personal=True, team_cap=None, team_cap_share=None, sessions_per_week=None),
        )
        single = build_model(alone, candidates={learner.agent_id: cm.candidates[learner.agent_id]})
        if not single.value_terms:
            caps[learner.agent_id] = 0
            continue
        single.model.Maximize(sum(single.value_terms))
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed
        solver.parameters.max_time_in_seconds = seconds_per_agent
        code = solver.Solve(single.model)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            # Infeasible alone means infeasible in the cohort: no cap, the cohort solve says so.
            proven = False
            continue
        proven &= code == cp_model.OPTIMAL
        caps[learner.agent_id] = int(round(solver.BestObjectiveBound()))
        hint.update({key: solver.Value(var) for key, var in single.x.items()})
    return Relaxation(caps=caps, proven=proven, x=hint)


def add_caps(cm: CohortModel, relaxation: Relaxation) -> None:
    """Each agent's value in the cohort is at most their relaxed optimum."""
    per_agent: dict[str, list] = {}
    for (a, _, _), term in zip(cm.reach, cm.value_terms):
        per_agent.setdefault(a, []).append(term)
    for a, terms in per_agent.items():
        if a in relaxation.caps:
            cm.model.Add(sum(terms) <= relaxation.caps[a])
