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

import multiprocessing
from collections.abc import Callable
from dataclasses import replace

from ortools.sat.python import cp_model

from ...model.catalog import ClassSize, Mode
from ..formulation.build import build_model
from ..problem.instance import Instance
from .parallel import run_parallel
from .relax import Relaxation, add_caps


def site_groups(instance: Instance) -> list[tuple[str, ...]]:
    """Agent ids per site, in site order; one group means nothing to split."""
    sites: dict[str, list[str]] = {}
    for learner in instance.learners:
        sites.setdefault(learner.site, []).append(learner.agent_id)
    return [tuple(sites[s]) for s in sorted(sites)]


def site_bound(instance: Instance, relaxation: Relaxation, work: float, workers: int = 1,
               seconds: float = 600.0) -> int | None:
    """The scaled value bound summed over sites; None when the cohort has one site or an agent
    has no proven cap.
    ``seconds``: the run's time left, a safety net only (a bound cut by it is still valid)."""
    groups = site_groups(instance)
    if len(groups) < 2 or not relaxation.proven:
        return None
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
    bounds = run_parallel(_site_value, jobs, workers)
    # The agents' caps bound each site too, and a site's search may stop before its LP has
    # used them (on the sample, Suzhou bounded at 291.5 after its share of work, with caps
    # summing to 290.5, its optimum) or before it has any bound at all.
    return sum(capped if b is None else min(b, capped)
               for b, capped in zip(bounds, (sum(caps.caps.values()) for _, caps, _, _ in jobs)))


def site_bound_later(instance: Instance, relaxation: Relaxation, work: float, workers: int = 1,
                     seconds: float = 600.0) -> Callable[[], int | None]:
    """``site_bound``, computed in one forked process while the caller starts its search
    (one thread), and waited for when called: the same bound as computed in place, sooner.
    On the sample cohort (2 cores) the run took 28.9 s against 31.1 s; with the sites over
    two processes beside the search, 30-33 s (three busy processes on two cores). With one
    worker, or a run's executor (Ray), it is computed in place, now."""
    from ...exec import active

    if workers < 2 or active() is not None or "fork" not in multiprocessing.get_all_start_methods():
        value = site_bound(instance, relaxation, work, workers, seconds)
        return lambda: value
    receive, send = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(
        target=_send_bound, args=(send, instance, relaxation, work, 1, seconds), daemon=False)  # one core each
    child.start()
    send.close()
    result: list[int | None] = []

    def wait() -> int | None:
        if not result:
            try:
                ok, value = receive.recv()
            except EOFError:  # the child died without a word: no site bound, the caps stand
                ok, value = True, None
            child.join()
            if not ok:
                raise RuntimeError(f"the site-by-site bound failed: {value}")
            result.append(value)
        return result[0]

    return wait


def _send_bound(send, instance, relaxation, work, workers, seconds) -> None:
    try:
        send.send((True, site_bound(instance, relaxation, work, workers, seconds)))
    except Exception as error:  # noqa: BLE001 - reported to the parent, which raises it
        send.send((False, f"{type(error).__name__}: {error}"))
    finally:
        send.close()


def _site_value(job) -> int | None:
    sub, caps, work, seconds = job
    cm = build_model(sub)
    add_caps(cm, caps)
    if not cm.value_terms:
        return 0
    cm.model.Maximize(sum(cm.value_terms))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = work
    # The run's own deadline, not a multiple of the work: on a loaded machine deterministic
    # time runs 8-16x slower than the clock, and a clock-cut bound differs from run to run.
    solver.parameters.max_time_in_seconds = max(1.0, seconds)
    code = solver.Solve(cm.model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None  # no plan and so no bound within the work: the caps stand in
    # Only the bound is used: within this work the sites' own plans are far from their best.
    return int(round(solver.BestObjectiveBound()))
