"""The in-process stages of scale_bench.py: per-agent plans on the pool and on Ray, the plan
file the IDP stage renders, and the one-agent export that shows import stays linear."""

from __future__ import annotations

import csv
import datetime as dt
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


def plan_stage(store, catalog, plans, ray_plans, workers, seed, skip, say) -> list[dict]:
    if "plans" in skip and "ray-plans" in skip:
        return []
    total = len(ProfileDatabase(store).index())
    instances = personal_instances(store, catalog, sample_ids(total, max(plans, ray_plans), seed))
    config = SolverConfig(time_limit=120, seed=seed)
    rows, results = [], {}
    runs = [("pool", plans)] * ("plans" not in skip) + [("ray", ray_plans)] * ("ray-plans" not in skip)
    for kind, count in runs:
        chosen = instances[:count]
        started = time.perf_counter()
        executor = PoolExecutor(workers) if kind == "pool" else make_executor("ray", workers)
        ready = time.perf_counter() - started
        last = [0.0]

        def done(k, n, kind=kind):
            if time.perf_counter() - last[0] > 30:
                last[0] = time.perf_counter()
                say(f"  {kind} plans {k}/{n}, {time.perf_counter() - started:.0f} s")

        started = time.perf_counter()
        with using(executor):
            found = solve_each(chosen, config, workers, done)
        wall = time.perf_counter() - started
        executor.close()
        results[kind] = found
        solves = sorted(p.solve_seconds for p in found)
        note = f"p50 {solves[len(solves) // 2]:.2f} s per agent" + (f"; Ray start {ready:.1f} s not counted"
                                                                    if kind == "ray" else "")
        rows.append({"stage": f"per-agent plans ({kind})", "items": len(found), "unit": "agents", "wall": wall,
                     "peak": _peak_mb(), "cpu": None, "note": note})
    if len(results) == 2:
        both = min(len(results["pool"]), len(results["ray"]))
        same = all(_content(a) == _content(b) for a, b in zip(results["pool"][:both], results["ray"][:both]))
        pool, ray = rows[0], rows[1]
        ratio = (ray["wall"] / ray["items"]) / (pool["wall"] / pool["items"])
        ray["note"] += f"; Ray/pool wall per agent {ratio:.3f}; first {both} plans identical: {same}"
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
