"""A bound on a cohort's value, site by site: the classes of an in-person module are local.

Per-agent relaxations (relax.py) ignore classes altogether, so where class minimums bind
their sum is loose and a big cohort's local search cannot prove its plan optimal. Splitting
the cohort by site and dropping what links sites gives a tighter bound that is still valid:
each site is planned alone with every trainer, mentor, the whole cohort budget and the
weekly session cap to itself, and a live online class (which mixes sites) needs only one
learner. (Asking each site for its minimum less everyone elsewhere who could come is
tighter in theory, but on the sample it left the sites' searches unproven: 700.9 against
689.4 with the same work.) Each site's plan can then only do better than that site does in the cohort, so
the sum of the sites' proven bounds bounds the cohort. Team caps stay when no team spans
two sites (their limit is the same inside a site), else they are dropped.

Each site's value is solved by tree search on one thread, stopped by deterministic work, so
the bound is the same on every run and for any number of workers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ortools.sat.python import cp_model

from ...model.catalog import ClassSize, Mode
from ..formulation.build import build_model
from ..problem.instance import Instance
from .parallel import run_parallel
from .relax import Relaxation, add_caps
from .watch import solve_until


def site_groups(instance: Instance) -> list[tuple[str, ...]]:
    """Agent ids per site, in site order; one group means nothing to split."""
    sites: dict[str, list[str]] = {}
    for learner in instance.learners:
        sites.setdefault(learner.site, []).append(learner.agent_id)
    return [tuple(sites[s]) for s in sorted(sites)]


def site_bound(instance: Instance, relaxation: Relaxation, work: float, workers: int = 1,
               seconds: float = 600.0, at_caps: Callable[[int], bool] | None = None) -> int | None:
    """The scaled value bound summed over sites; None when the cohort has one site or an agent
    has no proven cap.
    ``seconds``: the run's time left, a safety net only (a bound cut by it is still valid).
    ``at_caps(k)``: whether a plan already reaches site k's caps (``SiteBound.reached``); such
    a site is not searched, or no longer: its bound is its caps whatever a search would say."""
    groups = site_groups(instance)
    if len(groups) < 2 or not relaxation.proven:
        return None
    jobs = _site_jobs(instance, relaxation, groups, work, seconds)
    if at_caps is None:
        bounds = run_parallel(_site_value, jobs, workers)
    else:  # one process, asking between and during the sites' searches
        bounds = [None if at_caps(k) else _site_value(job, lambda k=k: at_caps(k)) for k, job in enumerate(jobs)]
    # The agents' caps bound each site too, and a site's search may stop before its LP has
    # used them (on the sample, Suzhou bounded at 291.5 after its share of work, with caps
    # summing to 290.5, its optimum) or before it has any bound at all.
    return sum(capped if b is None else min(b, capped)
               for b, capped in zip(bounds, (sum(caps.caps.values()) for _, caps, _, _ in jobs)))


def _site_jobs(instance: Instance, relaxation: Relaxation, groups: list[tuple[str, ...]], work: float,
               seconds: float) -> list[tuple]:
    sites_of_team: dict[str, set[str]] = {}
    for learner in instance.learners:
        sites_of_team.setdefault(learner.team, set()).add(learner.site)
    keep_team_caps = all(len(s) == 1 for s in sites_of_team.values())
    catalog = instance.catalog.model_copy(update={"modules": {
        mid: m.model_copy(update={"class_size": ClassSize(min=1, max=m.seats.max)}) if m.mode == Mode.LIVE_ONLINE else m
        for mid, m in instance.catalog.modules.items()}})
    options = instance.options if keep_team_caps else replace(instance.options, team_cap=None, team_cap_share=None)
    pool = instance.mentor_pool()
    share = max(0.2, work / len(groups))
    jobs = []
    for group in groups:
        members = tuple(a for a in instance.learners if a.agent_id in set(group))
        caps = Relaxation(caps={a: relaxation.caps[a] for a in group}, proven=True, x={})
        jobs.append((Instance(catalog, members, options, mentors=pool), caps, share, seconds))
    return jobs


def _site_value(job, stop: Callable[[], bool] | None = None) -> int | None:
    """A site's proven bound; None if ``stop`` said its caps are reached, or no plan (the caps stand in).

    First a search with no LP (``linearization_level`` 0): the agents' caps already bound
    each site, and propagation alone proves the sample's three sites in 0.25-0.44
    deterministic seconds (2.3 s in all), where the default LP did not prove Suzhou in 1.0 and
    took 9.5 s. A site it leaves unproven is searched again with the LP, as before, and
    bounded by the tighter of the two."""
    sub, caps, work, seconds = job
    cm = build_model(sub)
    add_caps(cm, caps)
    if not cm.value_terms:
        return 0
    cm.model.Maximize(sum(cm.value_terms))
    bound = None
    for level in (0, 1):
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.linearization_level = level
        solver.parameters.max_deterministic_time = work
        # The run's own deadline, not a multiple of the work: on a loaded machine deterministic
        # time runs 8-16x slower than the clock, and a clock-cut bound differs from run to run.
        solver.parameters.max_time_in_seconds = max(1.0, seconds)
        code, stopped = solve_until(solver, cm.model, stop) if stop is not None else (solver.Solve(cm.model), False)
        if stopped:
            return None  # its caps are reached: they stand in
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            # Only the bound is used: within this work the sites' own plans may be far from their best.
            found = int(round(solver.BestObjectiveBound()))
            bound = found if bound is None else min(bound, found)
        if code == cp_model.OPTIMAL:
            break
    return bound  # None: no plan and so no bound within the work, the caps stand in
