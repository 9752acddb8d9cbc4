"""Which of two plans of a re-plan is better, in the order the re-plan's stages rank them.

A re-plan's objective is lexicographic (solvers/stages.py): frozen bookings kept, then
failed assessments retrained, then value, then fewest changed bookings, then cost; with a
value tolerance, fewest changes among plans within it of the best value, then value. A floor
(the earlier plan repaired, ``floor.py``; or the greedy plan) replaces the search's answer
only when it is better in that order, so a search cut short never returns less, and never
trades a kept promise for value. ``solve.never_worse`` compares value and cost only, which
is right for plans without those stages.
"""

from __future__ import annotations

from ..formulation.rules import stability
from ..plan.limits import annotate_limits
from ..plan.result import bookings_of
from ..plan.schema import Plan
from ..problem.instance import Instance
from .notes import mandatory_notes

FOUND = ("OPTIMAL", "FEASIBLE")


def rank(instance: Instance, plan: Plan, best: float = 0.0) -> tuple:
    """Higher is better: (-freeze broken, -retraining missing, value, -changes, -cost); with
    ``value_tolerance``, a plan within it of ``best`` (the best value known) ranks by
    changes before value, above any plan that is not."""
    options = instance.options
    previous = options.previous
    held = {(a.agent_id, m.module_id): m for a in plan.agents for m in a.modules}
    broken = 0
    for p in previous:
        if not p.frozen:
            continue
        now = held.get((p.agent_id, p.module_id))
        broken += now is None or now.week != p.week
        broken += bool(p.trainer) and (now is None or now.week != p.week or now.trainer != p.trainer)
    changes = stability.count(options, bookings_of(plan))
    value, cost = round(plan.objective, 6), -round(plan.total_cost, 2)
    head = (-broken, -len(mandatory_notes(plan)))
    if options.value_tolerance <= 0 or not previous:
        return *head, value, -changes, cost
    if value >= max(best, value) * (1 - options.value_tolerance) - 1e-6:
        return *head, True, -changes, value, cost
    return *head, False, value, -changes, cost


def keep_better(instance: Instance, plan: Plan, floor: Plan, workers: int = 1) -> Plan:
    """``plan``, unless ``floor`` ranks higher (or the search found nothing): then the floor,
    whole (its sessions and trainers), saying so and keeping the search's stages and bound,
    its open gaps named with their limits (floors are built without them)."""
    found = plan.status in FOUND
    best = max([plan.objective, floor.objective] + [s.value for s in plan.stages if s.name == "value"])
    if found and rank(instance, plan, best) >= rank(instance, floor, best):
        return plan
    bound = max(plan.bound if found else 0.0, floor.objective)
    what = "earlier plan" if floor.solver == "given plan" else "greedy plan"
    kept = floor.model_copy(deep=True, update={
        "status": "FEASIBLE", "bound": round(bound, 6),
        "gap": round((bound - floor.objective) / bound, 6) if bound > 0 else 0.0,
        "solver": f"{plan.solver} ({what} kept: better)", "solve_seconds": plan.solve_seconds,
        "stages": list(plan.stages)})
    annotate_limits(instance, kept, workers)
    return kept
