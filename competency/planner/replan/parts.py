"""Large re-plans in parts, each frozen session whole inside one part.

A from-scratch plan of a big cohort is planned in parts of whole teams
(``decomposition/parts.py``), each part owning a module's sessions and a trainer's time in
every P-th week. A re-plan must also keep its frozen sessions as announced, so:

- agents who share a frozen session are planned in the same part (and, where a team cap
  applies, so is their whole team, since a cap is checked inside one part); frozen
  sessions of the same module and week, or with the same trainer and week, too, since a
  part owns a module's week and a trainer's week whole;
- the part holding a frozen session owns that module's week and that trainer's week;
- each part re-plans from its own agents' earlier bookings (``floor.py``: its floor and
  warm start).

Without a team cap, teams may then be split across parts: nothing else couples a team.
Everything else (budget shares, caps, mentors, the bound) is ``part_instances``'s.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from ..decomposition.parts import SolvePart, part_instances
from ..plan.result import Outcome, bookings_of, to_plan
from ..plan.schema import Plan, Stage
from ..problem.candidates import CatalogIndex, candidate_table
from ..problem.instance import WEIGHT_SCALE, Instance, Learner
from ..solvers.parallel import run_parallel
from ..solvers.relax import Relaxation, relax_agents
from ..solvers.search import total_work

REFERENCE_CORES = 2  # as decomposition/parts.py: work per part sized for two cores


def split_linked(instance: Instance, part_size: int) -> list[tuple[Learner, ...]]:
    """Groups of agents a part must hold together, packed first-fit decreasing."""
    options = instance.options
    parent = {a.agent_id: a.agent_id for a in instance.learners}

    def find(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def join(keys: dict) -> None:
        for members in keys.values():
            for other in members[1:]:
                parent[find(other)] = find(members[0])

    links: dict[tuple, list[str]] = {}
    for p in options.previous:
        if p.frozen and p.agent_id in parent and instance.catalog.modules.get(p.module_id) is not None \
                and instance.catalog.modules[p.module_id].is_group:
            links.setdefault(("session", p.module_id, p.week), []).append(p.agent_id)
            if p.trainer:
                links.setdefault(("trainer", p.trainer, p.week), []).append(p.agent_id)
    join(links)
    if options.team_cap is not None or options.team_cap_share is not None:
        teams: dict[str, list[str]] = {}
        for a in instance.learners:
            teams.setdefault(a.team, []).append(a.agent_id)
        join(teams)
    groups: dict[str, list[Learner]] = {}
    for a in instance.learners:
        groups.setdefault(find(a.agent_id), []).append(a)
    parts: list[list[Learner]] = []
    # Teams stay together where they can: groups ordered by size, then team, then agent.
    for group in sorted(groups.values(), key=lambda g: (-len(g), min(a.team for a in g), g[0].agent_id)):
        home = next((p for p in parts if len(p) + len(group) <= part_size), None)
        if home is None:
            parts.append(list(group))
        else:
            home.extend(group)
    return [tuple(sorted(p, key=lambda a: a.agent_id)) for p in parts]


def own_frozen(instance: Instance, parts: list[tuple[Learner, ...]], subs: list[Instance]) -> list[Instance]:
    """Each part with its agents' earlier bookings, owning the weeks of its frozen sessions."""
    owner = {a.agent_id: k for k, part in enumerate(parts) for a in part}
    sessions: dict[tuple[str, int], int] = {}
    trainers: dict[tuple[str, int], int] = {}
    for p in instance.options.previous:
        if p.frozen and p.agent_id in owner and instance.catalog.modules[p.module_id].is_group:
            sessions[p.module_id, p.week] = owner[p.agent_id]
            if p.trainer:
                trainers[p.trainer, p.week] = owner[p.agent_id]
    out = []
    for k, sub in enumerate(subs):
        options = sub.options
        mine = {a.agent_id for a in parts[k]}
        changes: dict[str, object] = {"previous": tuple(p for p in options.previous if p.agent_id in mine)}
        if options.session_weeks is not None:
            changes["session_weeks"] = _reowned(options.session_weeks, sessions, k)
        if options.trainer_weeks is not None:
            changes["trainer_weeks"] = _reowned(options.trainer_weeks, trainers, k)
        out.append(replace(sub, options=replace(options, **changes)))
    return out


def _reowned(weeks: dict[str, frozenset[int]], owned: dict[tuple[str, int], int], k: int) -> dict[str, frozenset[int]]:
    out = {}
    for key, own in weeks.items():
        gained = {w for (what, w), part in owned.items() if what == key and part == k}
        lost = {w for (what, w), part in owned.items() if what == key and part != k}
        out[key] = frozenset((own | gained) - lost)
    return out


def replan_in_parts(instance: Instance, config, part_size: int, solve_part: Callable[..., Plan],
                    catalog_id: str = "", progress=None) -> Plan | None:
    """The re-plan in parts, or None when it cannot be split (one group holds everyone) or a
    part finds no plan; the caller then re-plans the cohort whole."""
    started = time.perf_counter()
    parts = split_linked(instance, part_size)
    if len(parts) < 2:
        return None
    candidates = candidate_table(instance, CatalogIndex(instance.catalog))
    relaxation = relax_agents(instance, candidates, seed=config.seed, workers=config.workers,
                              deadline=time.time() + config.time_limit)
    if len(relaxation.caps) < len(instance.learners):
        return None
    subs = own_frozen(instance, parts, part_instances(instance, parts, relaxation))
    work = max(0.5, total_work(config) * REFERENCE_CORES / len(parts))
    part_config = replace(config, workers=1, threads=1, work=work, polish_limit=0.2, part_size=None, lp_bound=False)
    jobs = [(sub, part_config, Relaxation(
        caps={a.agent_id: relaxation.caps[a.agent_id] for a in sub.learners}, proven=relaxation.proven,
        x={key: v for key, v in relaxation.x.items() if key[0] in {a.agent_id for a in sub.learners}}))
        for sub in subs]

    def done(k: int, n: int) -> None:
        if progress:
            progress(f"part {k}/{n}", 0.0, sum(relaxation.caps.values()) / WEIGHT_SCALE, time.perf_counter() - started)

    plans = run_parallel(SolvePart(solve_part, time.time() + config.time_limit - (time.perf_counter() - started)),
                         jobs, config.workers, done)
    if any(p.status not in ("OPTIMAL", "FEASIBLE") for p in plans):
        return None
    bound = sum(relaxation.caps.values()) / WEIGHT_SCALE
    value = sum(p.objective for p in plans)
    outcome = Outcome(status="OPTIMAL" if value >= bound - 1e-9 else "FEASIBLE", bound=bound,
                      solver=f"{plans[0].solver.split(' (')[0]} in {len(plans)} parts",
                      seconds=time.perf_counter() - started, stages=_stages(plans))
    return to_plan(instance, [b for p in plans for b in bookings_of(p)], outcome, catalog_id,
                   workers=config.workers)


def _stages(plans: list[Plan]) -> tuple[Stage, ...]:
    """The parts' stages added up, stage by stage; a stage ended as its worst part did."""
    order = ("optimal", "bound", "work", "clock")

    def worst(a: str, b: str) -> str:
        return max(a, b, key=lambda e: order.index(e) if e in order else len(order))

    out: dict[str, Stage] = {}
    for plan in plans:
        for s in plan.stages:
            was = out.get(s.name)
            out[s.name] = s if was is None else was.model_copy(update={
                "value": round(was.value + s.value, 6), "bound": round(was.bound + s.bound, 6),
                "seconds": round(was.seconds + s.seconds, 3),
                "status": was.status if was.status == s.status else "FEASIBLE",
                "ended": worst(was.ended, s.ended)})
    return tuple(out.values())
