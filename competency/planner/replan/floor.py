"""A re-plan's floor: the earlier plan, less what no longer holds.

A re-plan always has a plan close at hand: the earlier plan's bookings in the new horizon
(``Replan.previous``), less those the new state rules out (a prerequisite missed, a module
completed or no longer useful, a share no longer met, a class left below its minimum by
leavers). That plan keeps every promise it can and changes nothing it need not, so it is
the search's warm start and the floor its answer must beat (``keep.py``): a re-plan never
ends without a plan, however short its search. Mandatory retraining is a stage of a
re-plan, not a rule, so the floor may lack it; the solve adds it where it can and the
notes name the rest.

Repair, on schedules (the independent checker's rules), then checked once as a plan:
each agent drops the bookings that break their own rules, latest first, keeping a
removal only when it mends something; then classes below their minimum and sessions no
trainer can staff close, over-full classes lose their last unfrozen members, and the
agents those drops touched are checked again. The greedy baseline then adds what the
earlier plan left out around those bookings (failed assessments' retraining first, then
value), kept when that ranks higher (``keep.rank``) and still breaks no rule.
"""

from __future__ import annotations

from ..baseline.greedy import greedy_plan
from ..plan.result import Booking, Outcome, to_plan
from ..plan.schema import Plan
from ..plan.validation import Rules, allowed_modules, check_plan, check_schedule, start_levels
from ..problem.instance import Instance
from ..problem.staffing import assign_trainers, venue
from .keep import rank

GIVEN = "given plan"  # solve.GIVEN: how a kept floor is named
COHORT_RULES = {"class_min", "class_max", "trainer", "sessions_cap", "team_cap"}
ROUNDS = 6  # agent and cohort repairs only drop bookings, so they settle fast; no floor after


def previous_floor(instance: Instance, catalog_id: str = "") -> Plan | None:
    """The earlier plan's bookings still valid for ``instance``, as a plan; None when the
    repair cannot make them valid (a cohort budget or cap the new state breaks)."""
    options, catalog = instance.options, instance.catalog
    people = {a.agent_id: a for a in instance.learners}
    rules = Rules(options.weeks, options.budget, options.personal, options.recorded(), options.start_date)
    kept = {a: sorted(f.module_id for f in options.fixed if f.agent_id == a) for a in people}
    rows: dict[str, list[tuple[str, int, str | None]]] = {a: [] for a in people}
    for p in options.previous:
        if p.agent_id in people and p.module_id in catalog.modules:
            rows[p.agent_id].append((p.module_id, p.week, p.mentor))
    frozen = {(p.agent_id, p.module_id) for p in options.previous if p.frozen}
    allowed = {a: allowed_modules(catalog, people[a], rules, start_levels(catalog, people[a], kept[a]), kept[a],
                                  people) for a in people}
    touched = set(people)
    for _ in range(ROUNDS):
        for a in sorted(touched):
            rows[a] = _mend_agent(instance, rules, kept, allowed, people[a], rows[a])
        touched = _mend_cohort(instance, rows, frozen)
        if not touched:
            break
    bookings = [Booking(agent_id=a, week=w, module_id=m, mentor=b) for a, mine in rows.items() for m, w, b in mine]
    # Without the open gaps' limits, as every floor (solve.best_floor): they are named only if
    # the floor is kept (keep.py), and cost ~25 CPU-s per plan at 1,000 agents.
    plan = to_plan(instance, bookings, Outcome(status="FEASIBLE", solver=GIVEN), catalog_id, limits=False)
    if not _valid(instance, plan):
        return None
    # Then what the earlier plan left out: retraining first, then value, greedily around it.
    filled = greedy_plan(instance, catalog_id, start=bookings, limits=False)
    best = max(filled.objective, plan.objective)
    if _valid(instance, filled) and rank(instance, filled, best) > rank(instance, plan, best):
        return filled.model_copy(update={"status": "FEASIBLE", "solver": GIVEN, "infeasibility": [], "conflicts": []})
    return plan


def _valid(instance: Instance, plan: Plan) -> bool:
    return not [v for v in check_plan(plan, instance.catalog, instance.learners) if _counts(instance, v.rule)]


def _counts(instance: Instance, rule: str) -> bool:
    # Retraining is a stage of a re-plan (rules/mandatory.py): its absence is named, not fatal.
    return not (rule == "mandatory" and instance.options.retraining_stage)


def _own(instance, rules, kept, allowed, learner, mine) -> int:
    """How many of the agent's own rules ``mine`` breaks."""
    a = learner.agent_id
    people = {a: learner}
    broken = check_schedule(instance.catalog, [learner], rules, {a: mine}, kept, people, allowed={a: allowed[a]})
    return sum(v.agent_id == a and v.rule not in COHORT_RULES and _counts(instance, v.rule) for v in broken)


def _mend_agent(instance, rules, kept, allowed, learner, mine: list) -> list:
    """Drop bookings, latest first, until the agent's own rules hold: a removal that mends
    something is kept; when none does, the latest booking goes."""
    mine = sorted(mine, key=lambda r: (r[1], r[0]))
    count = _own(instance, rules, kept, allowed, learner, mine)
    while count and mine:
        for k in range(len(mine) - 1, -1, -1):
            trial = mine[:k] + mine[k + 1:]
            fewer = _own(instance, rules, kept, allowed, learner, trial)
            if fewer < count:
                mine, count = trial, fewer
                break
        else:
            mine = mine[:-1]
            count = _own(instance, rules, kept, allowed, learner, mine)
    return mine


def _mend_cohort(instance: Instance, rows: dict[str, list], frozen: set[tuple[str, str]]) -> set[str]:
    """Close classes below their minimum and sessions no trainer can staff; trim over-full
    classes of their unfrozen members first. Returns the agents who lost a booking."""
    catalog, seats = instance.catalog, {}
    people = {a.agent_id: a for a in instance.learners}
    for a, mine in rows.items():
        for mid, week, _ in mine:
            module = catalog.modules[mid]
            if module.is_group:
                seats.setdefault((mid, venue(people[a], module), week), []).append(a)
    trainers = assign_trainers(instance, seats) if catalog.trainers else {}
    drop: set[tuple[str, str, int]] = set()
    for (mid, where, week), members in seats.items():
        size = catalog.modules[mid].seats
        if len(members) < size.min or (catalog.trainers and trainers.get((mid, where, week)) is None):
            drop |= {(a, mid, week) for a in members}
        elif len(members) > size.max:
            extra = sorted(members, key=lambda a: ((a, mid) in frozen, a))[:len(members) - size.max]
            drop |= {(a, mid, week) for a in extra}
    for a in {a for a, _, _ in drop}:
        rows[a] = [r for r in rows[a] if (a, r[0], r[1]) not in drop]
    return {a for a, _, _ in drop}
