"""Large cohorts in parts: whole teams packed into parts of at most ``part_size`` agents,
each part planned on its own (over ``workers`` processes), every hard rule still holding
for the cohort as a whole:

- cohort budget: each part gets a share, in proportion to what its agents' relaxed plans
  would spend; the shares add up to at most the budget;
- class sizes: each part owns a module's sessions in every P-th week (offset by module), so
  no session mixes parts and min and max hold inside a part; within the mandatory-retraining
  deadline, a module that retrains someone goes round the parts with such agents only, so
  each of them owns a week of it in time where the deadline has weeks enough;
- the sessions-per-week cap: split over the parts by agents, rounded down;
- trainers: each trainer's every week belongs to one part (offset by trainer), so no
  two parts count on the same trainer in the same week;
- team caps: a team is never split, so its cap is checked inside its part;
- mentors: each mentor mentors in one part only (their own; outsiders in the first), so a
  mentor's weekly load is counted in one place.

The bound is the sum of every agent's relaxed optimum over the whole cohort's candidate
modules (``relax.py``): valid for any plan of the cohort, however it is split, so the gap
stays honest. Each part's solve is single-threaded and stopped by deterministic work, not
the clock, so the plan is the same for any number of workers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from ..problem.candidates import CatalogIndex, candidate_table, mandatory_modules
from ..problem.instance import WEIGHT_SCALE, Instance, Learner
from ..solvers.parallel import run_parallel
from ..plan.schema import Plan
from ..solvers.relax import Relaxation, relax_agents
from ..plan.result import Outcome, bookings_of, to_plan
from ..solvers.search import total_work
from ..formulation.variables import money_int
from .budget_line import budget_line_bound

REFERENCE_CORES = 2  # work per part is sized for this many cores, whatever the machine has
# Week decisions a part may hold: 150 agents of the 120-module generated catalogue over 12
# weeks (175 each), the size the default --part-size was measured at. Where agents' models
# are smaller, parts hold more agents: 1,000 generated agents of a 30-module catalogue over
# 8 weeks (21.5 decisions each) are planned whole, which on their re-plans gave 100.0 % of
# the from-scratch value where parts of 150 gave 95.0 % (docs/performance.md).
PART_DECISIONS = 26_000
PART_SIZE = 150  # agents per part at least, by default ("auto")
FINISH_PER_AGENT = 0.025  # CPU-s per agent to build a cohort's plan and name its gaps' limits


def part_size_for(instance: Instance, part_size: int | str | None) -> int | None:
    """Agents per part. "auto": PART_SIZE at least, more while a part stays within
    PART_DECISIONS week decisions; a number: exactly that many at most; None or 0: never split."""
    if part_size != "auto":
        return part_size or None
    if len(instance.learners) <= PART_SIZE:
        return PART_SIZE
    candidates = candidate_table(instance, CatalogIndex(instance.catalog))
    decisions = sum(len(modules) for modules in candidates.values()) * instance.options.weeks
    per_agent = max(1.0, decisions / len(instance.learners))
    return max(PART_SIZE, int(PART_DECISIONS // per_agent))


def split_teams(instance: Instance, part_size: int) -> list[tuple[Learner, ...]]:
    """First-fit decreasing over whole teams; a team bigger than a part is a part of its own."""
    teams: dict[str, list[Learner]] = {}
    for learner in instance.learners:
        teams.setdefault(learner.team, []).append(learner)
    parts: list[list[Learner]] = []
    for team in sorted(teams, key=lambda t: (-len(teams[t]), t)):
        home = next((p for p in parts if len(p) + len(teams[team]) <= part_size), None)
        if home is None:
            parts.append(list(teams[team]))
        else:
            home.extend(teams[team])
    return [tuple(sorted(p, key=lambda a: a.agent_id)) for p in parts]


def part_instances(instance: Instance, parts: list[tuple[Learner, ...]], relaxation: Relaxation) -> list[Instance]:
    options = instance.options
    owner = {a.agent_id: k for k, part in enumerate(parts) for a in part}
    pool = instance.mentor_pool()
    demand = [_relaxed_spend(instance, part, relaxation) for part in parts]
    total_agents = len(instance.learners)
    group = sorted(mid for mid, m in instance.catalog.modules.items() if m.is_group)
    weeks = session_owners(instance, parts, group)
    out = []
    for k, part in enumerate(parts):
        changes: dict[str, object] = {}
        if options.budget is not None:
            share = demand[k] / sum(demand) if sum(demand) > 0 else len(part) / total_agents
            changes["budget"] = int(options.budget * share * 100) / 100  # round down to the fen
        if options.sessions_per_week is not None:
            changes["sessions_per_week"] = options.sessions_per_week * len(part) // total_agents
        mentors = {m: levels for m, levels in pool.items() if owner.get(m, 0) == k}
        if len(parts) > 1:
            changes["session_weeks"] = {mid: frozenset(w for (m, w), part in weeks.items() if m == mid and part == k)
                                        for mid in group}
            changes["trainer_weeks"] = {
                tid: frozenset(w for w in range(1, options.weeks + 1) if (rank + w) % len(parts) == k)
                for rank, tid in enumerate(sorted(instance.catalog.trainers))}
        out.append(Instance(instance.catalog, part, replace(options, **changes), mentors=mentors))
    return out


def session_owners(instance: Instance, parts: list[tuple[Learner, ...]], group: list[str]) -> dict[tuple[str, int], int]:
    """The part owning each group module's week. In turn by week (offset by module), except
    the weeks up to the retraining deadline of a module that retrains someone: those go round
    only the parts with such an agent. In turn over all parts, a part owned 1 week in P, so
    with 7 parts and a 4-week deadline many had no week of the module their failed agents
    must retrain on in time (1,000 generated agents: 16-21 retrainings missed per cycle)."""
    options, count = instance.options, len(parts)
    owners = {(mid, w): (rank + w) % count for rank, mid in enumerate(group) for w in range(1, options.weeks + 1)}
    needing: dict[str, set[int]] = {}
    catalog, shared = instance.catalog, set(group)
    for k, part in enumerate(parts):
        for learner in part:
            for modules in mandatory_modules(catalog, learner).values():
                for mid in shared.intersection(modules):
                    if catalog.admits(catalog.modules[mid], learner.role, learner.industry):
                        needing.setdefault(mid, set()).add(k)
    deadline = options.mandatory_deadline()
    for rank, mid in enumerate(group):
        ks = sorted(needing.get(mid, ()))
        for w in range(1, deadline + 1) if ks else ():
            owners[mid, w] = ks[(rank + w) % len(ks)]
    return owners


def _relaxed_spend(instance: Instance, part: tuple[Learner, ...], relaxation: Relaxation) -> float:
    ids = {a.agent_id for a in part}
    extra = {a.agent_id: a.hourly_cost if instance.options.off_phone_cost else 0.0 for a in part}
    modules = instance.catalog.modules
    return sum(modules[m].cost + extra[a] * modules[m].hours
               for (a, m, _), v in relaxation.x.items() if v and a in ids)


def solve_in_parts(instance: Instance, config, part_size: int, solve_part: Callable[..., Plan],
                   catalog_id: str = "", progress=None) -> Plan | None:
    """The decomposed plan, or None when a part cannot be planned on its share (the caller
    then solves the cohort whole, which also explains any real infeasibility). ``solve_part``
    plans one part (the planner's front door, handed in so this layer does not import it)."""
    started = time.perf_counter()
    candidates = candidate_table(instance, CatalogIndex(instance.catalog))

    def bounded(k: int, n: int) -> None:
        if progress and (k == n or k % max(1, n // 10) == 0):
            progress(f"bounds {k}/{n} agents", 0.0, 0.0, time.perf_counter() - started)

    relaxation = relax_agents(instance, candidates, seed=config.seed, workers=config.workers, done=bounded,
                              deadline=time.time() + config.time_limit)
    if len(relaxation.caps) < len(instance.learners):
        return None
    parts = split_teams(instance, part_size)
    # Sized from the clock and the number of parts only, so a run on REFERENCE_CORES ends near
    # --time-limit and the plan does not depend on the machine.
    work = max(0.5, total_work(config) * REFERENCE_CORES / len(parts))
    # A part's own bound is not used: the cohort's is the sum of the relaxed optima (below).
    part_config = replace(config, workers=1, threads=1, work=work, polish_limit=0.2, part_size=None, lp_bound=False)
    if config.backend != "cp-sat":
        # MathOpt has no deterministic work limit: give MIP parts their share of the clock.
        part_config = replace(part_config, time_limit=max(1.0, config.time_limit * REFERENCE_CORES / len(parts)))
    hints: dict[str, dict] = {}
    for key, v in relaxation.x.items():
        hints.setdefault(key[0], {})[key] = v
    jobs = [(sub, part_config, Relaxation(
        caps={a.agent_id: relaxation.caps[a.agent_id] for a in sub.learners}, proven=relaxation.proven,
        x={k: v for a in sub.learners for k, v in hints.get(a.agent_id, {}).items()}))
        for sub in part_instances(instance, parts, relaxation)]

    def done(k: int, n: int) -> None:
        if progress:
            progress(f"part {k}/{n}", 0.0, sum(relaxation.caps.values()) / WEIGHT_SCALE,
                     time.perf_counter() - started)

    # The run's own deadline, on the wall clock every process shares: a part starting late gets
    # what is left, so the whole run keeps --time-limit (a part it cuts says "clock"), less
    # what building the plan takes afterwards.
    limit = config.time_limit - finish_reserve(instance, config.workers)
    plans = run_parallel(SolvePart(solve_part, time.time() + limit - (time.perf_counter() - started)),
                         jobs, config.workers, done)
    if any(p.status not in ("OPTIMAL", "FEASIBLE") for p in plans):
        return None
    bookings = [b for p in plans for b in bookings_of(p)]
    bound = sum(relaxation.caps.values()) / WEIGHT_SCALE
    if instance.options.budget is not None:
        # The sum of the agents' optima ignores the budget; parts restrict the cohort and prove
        # nothing for it. The budget's line prices the whole cohort once more (after the
        # parts, so it never changes the plan; within --time-limit, else not used).
        if progress:
            progress("budget bound", sum(p.objective for p in plans), bound, time.perf_counter() - started)
        spend = money_int(_relaxed_spend(instance, instance.learners, relaxation))
        line = budget_line_bound(instance, candidates, bound, spend, config.workers, started + limit)
        bound = bound if line is None else min(bound, line)
    value = sum(p.objective for p in plans)
    outcome = Outcome(status="OPTIMAL" if value >= bound - 1e-9 else "FEASIBLE", bound=bound,
                      solver=f"{plans[0].solver.split(' (')[0]} in {len(plans)} parts",
                      seconds=time.perf_counter() - started)
    return to_plan(instance, bookings, outcome, catalog_id, workers=config.workers)


def finish_reserve(instance: Instance, workers: int) -> float:
    """Seconds to keep, of --time-limit, for building the plan once the parts and the bound
    are done: naming every open gap's limits is ~FINISH_PER_AGENT CPU-s per agent (1,000
    agents x 120 modules), spread over the workers. A clock figure, for the safety net only."""
    return FINISH_PER_AGENT * len(instance.learners) / max(1, min(workers, REFERENCE_CORES))


class SolvePart:
    """A picklable job function: spawned workers re-import it by name."""

    def __init__(self, solve_part: Callable[..., Plan], deadline: float):
        self.solve_part, self.deadline = solve_part, deadline

    def __call__(self, job) -> Plan:
        sub, config, relaxation = job
        left = max(0.5, self.deadline - time.time())
        return self.solve_part(sub, replace(config, time_limit=min(config.time_limit, left)), relaxation=relaxation)
