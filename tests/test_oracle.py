"""The optimiser against brute force: on many tiny random instances, its value equals the
best value of every plan the independent checker accepts, found by exhaustive search."""

from __future__ import annotations

import itertools

from competency.model.catalog import Mode
from competency.model.graph import apply, entry_levels
from competency.planner.problem.instance import Instance, Learner
from competency.planner.solve import solve
from competency.planner.plan.validation import (Rules, allowed_modules, check_cohort, check_plan, check_schedule,
                                          start_levels, value)
from test_planner_support import FAST, random_instance

INSTANCES = 200


def _rules(instance: Instance, personal: bool = False) -> Rules:
    return Rules(instance.options.weeks, instance.options.budget, personal, instance.options.recorded(),
                 instance.options.start_date)


def _allowed(instance: Instance) -> dict[str, set[str]]:
    pool = {a.agent_id: a for a in instance.learners}
    return {a.agent_id: allowed_modules(instance.catalog, a, _rules(instance), start_levels(instance.catalog, a, []),
                                        [], pool) for a in instance.learners}


def _agent_plans(instance: Instance, learner: Learner, allowed: dict[str, set[str]]) -> list[tuple[float, list]]:
    """Every schedule of one agent that passes the checker's per-agent rules, by value."""
    cat, rules = instance.catalog, _rules(instance)
    pool = {a.agent_id: a for a in instance.learners}
    held = start_levels(cat, learner, [])
    usable = sorted(allowed[learner.agent_id])
    entry = {m: entry_levels(cat, cat.modules[m]) for m in usable}
    limit = rules.hours(learner)
    found: list[list] = []

    def weeks_from(week: int, levels: dict, left: list[str], rows: list) -> None:
        if week > rules.weeks:
            found.append(rows)
            return
        ready = [m for m in left if all(levels.get(c, 0) >= t for c, t in entry[m].items())]
        for size in range(len(ready) + 1):
            for pick in itertools.combinations(ready, size):
                if sum(cat.modules[m].hours for m in pick) > limit + 1e-9:
                    continue
                after = levels
                for m in pick:
                    after = apply(cat.modules[m], after)
                weeks_from(week + 1, after, [m for m in left if m not in pick], rows + [(m, week) for m in pick])

    weeks_from(1, held, usable, [])
    plans = []
    for rows in found:
        for mentors in itertools.product(*[_mentor_choices(instance, learner, m) for m, _ in rows]):
            schedule = {learner.agent_id: [(m, w, b) for (m, w), b in zip(rows, mentors)]}
            if not check_schedule(cat, [learner], _rules(instance, personal=True), schedule, {}, pool, allowed):
                plans.append((value(cat, learner, [m for m, _ in rows]), schedule[learner.agent_id]))
    return sorted(plans, key=lambda p: -p[0])


def _mentor_choices(instance: Instance, learner: Learner, mid: str) -> list:
    module = instance.catalog.modules[mid]
    if module.mode != Mode.MENTORING:
        return [None]
    return [a.agent_id for a in instance.learners if a.agent_id != learner.agent_id] or [None]


def exhaustive_optimum(instance: Instance) -> float | None:
    allowed = _allowed(instance)
    per_agent = [_agent_plans(instance, a, allowed) for a in instance.learners]
    if any(not plans for plans in per_agent):
        return None
    best: list[float | None] = [None]
    tops = [plans[0][0] for plans in per_agent]

    def combine(i: int, total: float, chosen: dict) -> None:
        if best[0] is not None and total + sum(tops[i:]) <= best[0] + 1e-9:
            return
        # Each agent's own rules were checked when their plans were listed; of the cohort
        # rules, all but a class's minimum only get worse as agents are added.
        broken = check_cohort(instance.catalog, list(instance.learners[:i]), _rules(instance), chosen)
        if any(v.rule != "class_min" for v in broken):
            return
        if i == len(per_agent):
            if not broken:
                best[0] = total
            return
        agent = instance.learners[i].agent_id
        for v, rows in per_agent[i]:
            combine(i + 1, total + v, chosen | {agent: rows})

    combine(0, 0.0, {})
    return best[0]


def _against_brute_force(instances) -> tuple[list, int]:
    """Mismatches between the optimiser and exhaustive search, and how many were feasible."""
    mismatches, feasible = [], 0
    for seed, instance in instances:
        plan = solve(instance, FAST)
        truth = exhaustive_optimum(instance)
        if truth is None:
            if plan.status not in ("INFEASIBLE", "PARTIAL"):
                mismatches.append((seed, plan.status, plan.objective, None))
            continue
        feasible += 1
        problems = check_plan(plan, instance.catalog, instance.learners)
        if plan.status != "OPTIMAL" or abs(plan.objective - truth) > 1e-6 or problems:
            mismatches.append((seed, plan.status, plan.objective, truth, problems[:2]))
    return mismatches, feasible


def test_the_optimiser_matches_exhaustive_search_on_200_tiny_instances():
    mismatches, feasible = _against_brute_force((seed, random_instance(seed)) for seed in range(INSTANCES))
    assert not mismatches
    assert feasible >= 150


def test_the_optimiser_matches_exhaustive_search_with_audiences_sites_and_trainers():
    instances = [(seed, random_instance(seed, people=True)) for seed in range(120)]
    mismatches, feasible = _against_brute_force(instances)
    assert not mismatches
    assert feasible >= 80 and sum(bool(i.catalog.trainers) for _, i in instances) >= 60
