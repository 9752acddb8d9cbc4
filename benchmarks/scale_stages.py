"""The in-process stages of scale_bench.py: per-agent plans on the pool and on Ray, the plan
file the IDP stage renders, and the one-agent export that shows import stays linear."""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import resource
import time
from pathlib import Path

from competency.exec import PoolExecutor, make_executor, using
from competency.io.profile_db import ProfileDatabase
from competency.planner.baseline.greedy import greedy_plan
from competency.planner.problem.instance import Instance, PlanningOptions, learners_from_profiles
from competency.planner.solve import solve_each
from competency.planner.solve import SolverConfig
from competency.planner.solvers.search import total_work

START = dt.date(2026, 11, 2)
WEEKS = 12


def one_agent_export(work: Path, catalog, entries: int) -> Path:
    """One agent, ``entries`` assessments on distinct days (issue 14, class 9)."""
    path = work / f"one-agent-{entries}.csv"
    cids = sorted(catalog.competencies)
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Employee ID", "Name", "Team", "Role", "Industry", "Competency", "Score", "Date"])
        for k in range(entries):
            day = dt.date(1990, 1, 1) + dt.timedelta(days=k // len(cids))
            out.writerow(["B000001", "Busy agent", "team-b", "frontline_agent", "retail", cids[k % len(cids)],
                          40 + k % 60, day.isoformat()])
    return path


def personal_instances(store: Path, catalog, ids: list[str]) -> list[Instance]:
    """Personal plans of ``ids``; each agent's team mates (loaded whole) are its mentor pool."""
    teams = {f"team-{int(aid[1:]) // 50:04d}" for aid in ids}
    learners = learners_from_profiles(catalog, ProfileDatabase(store).load(lambda _, team: team in teams))
    by_team: dict[str, dict] = {}
    for learner in learners:
        by_team.setdefault(learner.team, {})[learner.agent_id] = learner.levels
    wanted = set(ids)
    options = PlanningOptions(weeks=WEEKS, start_date=START, personal=True)
    return [Instance(catalog, (learner,), options, mentors=by_team[learner.team])
            for learner in learners if learner.agent_id in wanted]


def sample_ids(total: int, count: int, seed: int) -> list[str]:
    picked = range(total) if count >= total else sorted(random.Random(seed).sample(range(total), count))
    return [f"A{k:06d}" for k in picked]


def _peak_mb() -> float:
    """This process only: the pool's workers are children, but so were the CLI stages before."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _content(plan) -> str:
    return plan.model_copy(update={"solve_seconds": 0, "stages": []}).model_dump_json()


def _tree_cpu() -> float:
    """CPU seconds of this process, its finished children and its live descendants (Ray's
    raylet and workers are grandchildren nobody waits for, so rusage alone misses them).
    Linux /proc; elsewhere only what rusage sees."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    done = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = own.ru_utime + own.ru_stime + done.ru_utime + done.ru_stime
    parent, ticks = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parent[pid], ticks[pid] = int(fields[1]), int(fields[11]) + int(fields[12])
    me = os.getpid()
    for pid in ticks:
        up = parent.get(pid)
        while up and up != me:
            up = parent.get(up)
        if up == me:
            total += ticks[pid] / os.sysconf("SC_CLK_TCK")
    return total


class _Totals:
    def __init__(self, kind: str):
        self.kind, self.wall, self.cpu, self.plans = kind, 0.0, 0.0, []


def _run_block(executor, totals: _Totals, chosen, config, workers, say, progress) -> None:
    cpu, started = _tree_cpu(), time.perf_counter()
    with using(executor):
        found = solve_each(chosen, config, workers)
    totals.wall += time.perf_counter() - started
    totals.cpu += _tree_cpu() - cpu
    totals.plans.extend(found)
    say(f"  {totals.kind} plans {len(totals.plans)}: {totals.wall:.0f} s wall, {totals.cpu:.0f} CPU s; {progress}")


def plan_stage(store, catalog, plans, ray_plans, workers, seed, skip, say, block: int = 500) -> list[dict]:
    """Pool and Ray take turns on blocks of ``block`` agents (pool first, then Ray first, ...),
    so a load that changes over a long run on a shared machine falls on both alike; each
    executor's wall time is the sum over its blocks. Agents beyond the smaller count run
    on their executor alone afterwards."""
    if "plans" in skip and "ray-plans" in skip:
        return []
    counts = {"pool": plans * ("plans" not in skip), "ray": ray_plans * ("ray-plans" not in skip)}
    total = len(ProfileDatabase(store).index())
    instances = personal_instances(store, catalog, sample_ids(total, max(counts.values()), seed))
    # The CLI's default work budget (120 s worth) ends every search, and the clock only far
    # later: a wall-clock cut on a loaded machine gave one agent in 1,000 a different plan
    # on Ray than on the pool (a PARTIAL plan cut at ~118 s), which is the load, not Ray.
    config = SolverConfig(time_limit=1200, work=total_work(SolverConfig(time_limit=120)), seed=seed)
    executors, ray_start = {"pool": PoolExecutor(workers)}, None
    if counts["ray"]:
        started = time.perf_counter()
        executors["ray"] = make_executor("ray", workers)
        with using(executors["ray"]):  # workers import OR-Tools once: a start-up cost, as Ray's own
            solve_each(instances[:workers * 2], config, workers)
        ray_start = time.perf_counter() - started
    totals = {kind: _Totals(kind) for kind in executors if counts[kind]}
    both = min(counts.values())
    for k, first in enumerate(range(0, both, block)):
        order = ("pool", "ray") if k % 2 == 0 else ("ray", "pool")
        for kind in order:
            chosen = instances[first:min(first + block, both)]
            _run_block(executors[kind], totals[kind], chosen, config, workers, say, f"block {k + 1}")
        if len(totals) == 2:  # figures so far, should a long run have to be stopped
            pairs = list(zip(totals["pool"].plans, totals["ray"].plans))
            differ = [a.agents[0].agent_id for a, b in pairs if _content(a) != _content(b)]
            say(f"  after block {k + 1}: Ray/pool wall {totals['ray'].wall / totals['pool'].wall:.3f}, "
                f"identical plans {len(pairs) - len(differ)} of {len(pairs)}"
                + (f"; different: {', '.join(differ[:10])}" if differ else ""))
    shared = {kind: (t.wall, t.cpu) for kind, t in totals.items()}
    for kind, t in totals.items():
        if counts[kind] > both:
            _run_block(executors[kind], t, instances[both:counts[kind]], config, workers, say, "alone")
    for executor in executors.values():
        executor.close()
    rows = []
    for kind, t in totals.items():
        solves = sorted(p.solve_seconds for p in t.plans)
        note = f"p50 {solves[len(solves) // 2]:.2f} s per agent"
        if kind == "ray":
            note += f"; Ray start and warm-up {ray_start:.1f} s not counted"
        rows.append({"stage": f"per-agent plans ({kind})", "items": len(t.plans), "unit": "agents",
                     "wall": t.wall, "peak": _peak_mb(), "cpu": t.cpu, "note": note})
    if both and len(totals) == 2:
        same = sum(_content(a) == _content(b) for a, b in zip(totals["pool"].plans[:both], totals["ray"].plans[:both]))
        wall = shared["ray"][0] / shared["pool"][0]
        cpu = shared["ray"][1] / shared["pool"][1] if shared["pool"][1] else float("nan")
        rows[-1]["note"] += (f"; on the {both} agents both ran, in alternating blocks of {block}: Ray/pool wall "
                             f"{wall:.3f}, CPU {cpu:.3f}; identical plans: {same} of {both}")
    return rows


def idp_plan_file(store: Path, catalog, work: Path, say, limit: int | None = None) -> Path:
    """One plan file with every agent (or the first ``limit``): greedy personal plans, which
    render like optimal ones and take milliseconds per agent."""
    ids = [aid for aid, _ in ProfileDatabase(store).index()][:limit]
    say(f"  greedy plans for {len(ids)} IDPs")
    instances = [i for start in range(0, len(ids), 5_000)
                 for i in personal_instances(store, catalog, ids[start:start + 5_000])]
    plans = PoolExecutor(2).map(greedy_plan, instances)
    merged = plans[0].model_copy(update={"agents": [p.agents[0] for p in plans], "kind": "cohort"})
    path = work / f"idp-plan-{len(ids)}.json"
    path.write_text(merged.model_dump_json(), encoding="utf-8")
    return path
