"""Scale benchmark (issue 15): N agents from the shipped catalog through import, gaps,
per-agent plans and IDPs, on the process pool and on a local Ray instance in the same run
(plans: the two take turns on blocks of agents, so a shared machine's changing load falls
on both alike).

  python benchmarks/scale_bench.py                      # 10,000 agents, every agent planned
  python benchmarks/scale_bench.py --agents 100000      # plans: a 1,000-agent sample on the pool, all on Ray
  python benchmarks/scale_bench.py --plans 400 --skip ray-plans   # a shorter run
  python benchmarks/scale_bench.py --agents 100000 --skip plans,ray-plans,idp   # the store alone: import and gaps

Every agent gets one HR row per catalog competency (40), so N agents are 40 x N rows, cut
into exports of at most 1,000,000 rows (25,000 agents) that are imported one after the
other into an SQLite store (``--profiles scale.sqlite``). CLI stages run as fresh
processes (``python -m competency``) and report their own peak memory (``wait4``); the
plan stage runs in this process and reports the peak of this process and its workers.
Linearity: the first export is also imported alone at a quarter of its rows, and one
agent's history is imported at 3,000 and at 30,000 entries; equal microseconds per row
mean linear time. Figures go to stdout as a table (and ``--json``), progress to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for entry in (str(ROOT), str(ROOT / "benchmarks")):
    if entry not in sys.path:
        sys.path.insert(0, entry)

from scale_data import write_export  # noqa: E402
from scale_stages import idp_plan_file, one_agent_export, plan_stage  # noqa: E402

from competency.model import load_catalog  # noqa: E402

ROWS_PER_FILE = 1_000_000
STAGES = ("import", "gaps", "plans", "ray-plans", "idp")


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def cli(args: list[str], cwd: Path) -> tuple[float, float, float]:
    """(wall s, peak MB, CPU s) of ``python -m competency ARGS`` in a fresh process (CPU time
    includes its worker processes; it moves less than wall time on a busy machine)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "competency", *args], cwd=cwd, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    err = child.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"competency {' '.join(args)} failed:\n{err[-2000:]}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agents", type=int, default=10_000)
    parser.add_argument("--plans", type=int, default=None,
                        help="agents planned on the pool (default: all up to 10,000, else a 1,000 sample)")
    parser.add_argument("--ray-plans", type=int, default=None, help="agents planned on Ray (default: as --plans; "
                        "at 100,000 agents: all)")
    parser.add_argument("--block", type=int, default=500, help="agents per turn when pool and Ray take turns")
    parser.add_argument("--workers", type=int, default=2, help="pool processes and local Ray CPUs")
    parser.add_argument("--pdf-sample", type=int, default=20, help="IDPs rendered as PDF")
    parser.add_argument("--skip", default="", help=f"comma-separated stages to skip: {', '.join(STAGES)}")
    parser.add_argument("--workdir", type=Path, help="keep the generated files here (default: a temp folder)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    args = parser.parse_args()
    skip = {s for s in args.skip.split(",") if s}
    if skip - set(STAGES):
        parser.error(f"unknown stage(s) {', '.join(sorted(skip - set(STAGES)))}; stages: {', '.join(STAGES)}")
    plans = args.plans or (args.agents if args.agents <= 10_000 else 1_000)
    ray_plans = args.ray_plans or (plans if args.agents <= 10_000 else args.agents)
    with tempfile.TemporaryDirectory(prefix="scale-bench-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        rows = run(work, args, skip, min(plans, args.agents), min(ray_plans, args.agents))
    print_table(rows, args)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


def run(work: Path, args, skip: set[str], plans: int, ray_plans: int) -> list[dict]:
    catalog = load_catalog(None)
    store = work / "scale.sqlite"
    rows: list[dict] = []

    def row(stage: str, items: int, unit: str, wall: float, peak: float, cpu: float | None = None,
            note: str = "") -> None:
        load = os.getloadavg()[0]  # the machine is shared: wall time means little without it
        rows.append({"stage": stage, "items": items, "unit": unit, "wall_s": round(wall, 2),
                     "cpu_s": None if cpu is None else round(cpu, 1),
                     "per_s": round(items / wall, 1) if wall else None, "peak_mb": round(peak), "load": round(load, 1),
                     "note": note})
        say(f"  {stage}: {items} {unit} in {wall:.1f} s (CPU {cpu or 0:.1f} s), peak {peak:.0f} MB, "
            f"load {load:.1f} {note}")

    agents_per_file = ROWS_PER_FILE // len(catalog.competencies)
    if "import" not in skip:
        for name in [p.name for p in work.glob("*.sqlite*")]:
            (work / name).unlink()
        files = []
        for first in range(0, args.agents, agents_per_file):
            count = min(agents_per_file, args.agents - first)
            path = work / f"export-{first:06d}.csv"
            files.append((path, write_export(path, catalog, count, seed=args.seed + first, first=first)))
        say(f"generated {len(files)} export(s), {sum(n for _, n in files):,} rows")
        quarter = work / "quarter.csv"
        n = write_export(quarter, catalog, max(1, min(agents_per_file, args.agents) // 4), seed=args.seed)
        row("import (quarter file, linearity)", n, "rows", *cli(["import", str(quarter), "--profiles",
                                                                    str(work / "quarter.sqlite")], work))
        for path, n in files:
            row(f"import {path.name}", n, "rows", *cli(["import", str(path), "--profiles", str(store)], work))
        for entries in (3_000, 30_000):
            path = one_agent_export(work, catalog, entries)
            row(f"import one agent's history ({entries:,} entries)", entries, "rows",
                *cli(["import", str(path), "--profiles", str(work / f"one-{entries}.sqlite")], work))
    if "gaps" not in skip:
        row("gaps, everyone (csv)", args.agents, "agents",
            *cli(["gaps", "--profiles", str(store), "--format", "csv", "--out", str(work / "gaps.csv")], work))
        team = f"team-{random.Random(args.seed).randrange(max(1, args.agents // 50)):04d}"
        row(f"gaps --team {team}", 50, "agents", *cli(["gaps", "--profiles", str(store), "--team", team], work))
    plan_rows = plan_stage(store, catalog, plans, ray_plans, args.workers, args.seed, skip, say, args.block)
    for r in plan_rows:
        row(**r)
    if "idp" not in skip:
        plan_file = idp_plan_file(store, catalog, work, say)
        for kind in ("pool", "ray"):
            if kind == "ray" and "ray-plans" in skip:
                continue
            out = work / f"idp-{kind}"
            row(f"report idp --all --format html ({kind})", args.agents, "IDPs",
                *cli(["report", "idp", "--all", "--plan", str(plan_file), "--profiles", str(store), "--out", str(out),
                      "--executor", kind, "--workers", str(args.workers)], work))
        sample = idp_plan_file(store, catalog, work, say, limit=args.pdf_sample)
        wall, peak, cpu = cli(["report", "idp", "--all", "--plan", str(sample), "--profiles", str(store), "--out",
                               str(work / "idp-pdf"), "--format", "pdf", "--workers", str(args.workers)], work)
        row("report idp --all --format pdf (pool)", args.pdf_sample, "IDPs", wall, peak, cpu,
            f"{wall / args.pdf_sample:.2f} s per IDP")
    return rows


def print_table(rows: list[dict], args) -> None:
    print(f"\nscale_bench: {args.agents:,} agents, {args.workers} workers, "
          f"peak of this process and its children {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB")
    print("| stage | items | wall s | CPU s | per s | peak MB | load | note |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['stage']} | {r['items']:,} {r['unit']} | {r['wall_s']} | {r['cpu_s'] if r['cpu_s'] is not None else '-'} "
              f"| {r['per_s']} | {r['peak_mb']} | {r['load']} | {r['note']} |")


if __name__ == "__main__":
    main()
