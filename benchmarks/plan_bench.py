"""Planning benchmark: the product planner against the greedy baseline on seeded instances.

Each case (mode, agents, modules) is generated with ``benchmarks/generator.py`` and planned
twice, by ``competency.planner.solve.solve`` (the library call behind ``competency plan``)
and by ``competency.planner.baseline.greedy.greedy_plan``. Every plan is re-verified by the
independent checker (``competency.planner.plan.validation.check_plan``).

Modes:
  per-agent      every agent planned on their own (like ``competency plan --agent``), with
                 their team mates as mentor pool; objective and bound are summed over agents.
  per-agent-new  the same agents as new hires: no assessments, every target open (onboarding,
                 the hardest personal plans: weekly hours make them bin packing with precedence).
  sample         the shipped sample cohort (profiles/, shipped catalog), planned as
                 ``competency plan`` does (``--time-limit 120 --work 12`` are its defaults).
  sample-new     every sample profile (profiles/, shipped catalog) as a new hire: assessments
                 and completions removed, planned alone, the unchanged team mates as mentors.
                 Written ``sample-new`` (its size is the sample's).
  cohort         all agents in one model (like ``competency plan`` on the whole cohort) with
                 shared group sessions and a cohort budget of ``--budget-per-agent`` x agents.

Each (case, method) runs in a fresh child process so its peak memory (ru_maxrss, which
includes OR-Tools' native memory and the interpreter baseline) is its own.

  python benchmarks/plan_bench.py --quick
  python benchmarks/plan_bench.py --sizes per-agent:100x120,cohort:100x120 --time-limit 30
  python benchmarks/plan_bench.py --sizes sample-new,per-agent-new:100x120,per-agent:100x120
  python benchmarks/plan_bench.py --sizes cohort:30x120 --work 6 --time-limit 600 --load

With ``--load`` every row runs a second time while two CPU-bound jobs busy the machine, and
the plans (timings left out) must be identical: searches stop on deterministic work, and
the clock is only a safety net.

Progress goes to stderr, the table to stdout, one JSON object per row to ``--jsonl``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import math
import multiprocessing as mp
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.generator import make_agents, make_catalog  # noqa: E402
from competency.planner.baseline.greedy import greedy_plan  # noqa: E402
from competency.planner.problem.instance import Instance, PlanningOptions, learners_from_profiles  # noqa: E402
from competency.planner.solve import SolverConfig, solve, solve_each  # noqa: E402
from competency.planner.plan.validation import check_plan  # noqa: E402

START = dt.date(2026, 9, 7)  # the Monday after the generator's assessment date
SAMPLE_START = dt.date(2026, 11, 2)  # the Monday after the sample's newest assessment, as the CLI picks
WEEKS = 12
QUICK = "per-agent:1x60,per-agent:1x120,per-agent:10x60,per-agent:10x120,cohort:10x60"
DEFAULT = ("per-agent:1x60,per-agent:1x120,per-agent:10x60,per-agent:10x120,per-agent:100x120,"
           "cohort:10x60,cohort:10x120,cohort:30x120,cohort:100x120")
# planner: the product default (--method auto); compact and decomposition: one cohort solver each
METHODS = ("greedy", "planner", "compact", "decomposition", "highs", "scip")
BACKEND = {"planner": "cp-sat", "compact": "cp-sat", "decomposition": "cp-sat", "highs": "highs", "scip": "scip"}
COHORT_METHOD = {"compact": "compact", "decomposition": "decomposition", "highs": "compact", "scip": "compact"}


@dataclass(frozen=True)
class Case:
    mode: str  # per-agent, per-agent-new, sample, sample-new or cohort
    agents: int
    modules: int

    @classmethod
    def parse(cls, text: str) -> "Case":
        if text.strip() in ("sample", "sample-new"):
            return cls(text.strip(), 0, 0)  # sizes filled in from the sample
        try:
            mode, size = text.strip().split(":")
            agents, modules = (int(v) for v in size.lower().split("x"))
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r}: use MODE:AGENTSxMODULES, e.g. cohort:10x60, or sample, sample-new")
        if mode not in MODES or agents < 1 or modules < 3:
            raise argparse.ArgumentTypeError(f"{text!r}: mode is one of {', '.join(MODES)}; sizes are positive")
        return cls(mode, agents, modules)


MODES = ("per-agent", "per-agent-new", "cohort")


def sample_new_hires() -> list[tuple[Instance, list]]:
    """Every sample profile without assessments or completions, planned alone; mentors are
    the team mates as they are (a new hire joins a trained team)."""
    from competency.io.profiles import load_profiles
    from competency.model.loader import load_catalog

    catalog, profiles = load_catalog(None), load_profiles(ROOT / "profiles")
    mates = learners_from_profiles(catalog, profiles)
    hires = learners_from_profiles(catalog, [p.model_copy(update={"assessments": {}, "completed": []})
                                             for p in profiles])
    options = PlanningOptions(weeks=WEEKS, start_date=START, personal=True)
    out = []
    for learner in hires:
        pool = {a.agent_id: a.levels for a in mates if a.team == learner.team} | {learner.agent_id: learner.levels}
        out.append((Instance(catalog, (learner,), options, mentors=pool), [learner]))
    return out


def sample_cohort() -> list[tuple[Instance, list]]:
    """The shipped sample cohort as ``competency plan`` plans it by default."""
    from competency.io.profiles import load_profiles
    from competency.model.loader import load_catalog

    catalog = load_catalog(None)
    learners = learners_from_profiles(catalog, load_profiles(ROOT / "profiles"))
    options = PlanningOptions(weeks=WEEKS, start_date=SAMPLE_START)
    return [(Instance(catalog, tuple(learners), options), learners)]


def instances(case: Case, seed: int, budget_per_agent: float) -> list[tuple[Instance, list]]:
    """The instances of a case, each with the learners its checker needs."""
    if case.mode == "sample-new":
        return sample_new_hires()
    if case.mode == "sample":
        return sample_cohort()
    catalog = make_catalog(case.modules, seed)
    learners = learners_from_profiles(catalog, make_agents(catalog, case.agents, seed,
                                                           new_hires=case.mode == "per-agent-new"))
    if case.mode == "cohort":
        options = PlanningOptions(weeks=WEEKS, start_date=START, budget=budget_per_agent * case.agents)
        return [(Instance(catalog, tuple(learners), options), learners)]
    options = PlanningOptions(weeks=WEEKS, start_date=START, personal=True)
    out = []
    for learner in learners:
        mates = {a.agent_id: a.levels for a in learners if a.team == learner.team}
        out.append((Instance(catalog, (learner,), options, mentors=mates), learners))
    return out


BENCH_WORK_PER_SECOND = 0.4
WORK: float | None = None  # --work: deterministic seconds per solve, whatever the time limit


def run_case(case: Case, method: str, seed: int = 0, time_limit: float = 10.0, workers: int = 2,
             budget_per_agent: float = 1000.0, progress=None, part_size: int | None = 150) -> dict:
    """Plan every instance of ``case`` with ``method`` in this process (and, with ``workers``
    > 1, its worker processes); returns one result row."""
    # Work 0.4 x the time limit, as when docs/performance.md's figures were measured (the
    # CLI's default is now 0.1 x a longer safety net, docs/planning.md).
    config = SolverConfig(time_limit=time_limit, work=WORK or BENCH_WORK_PER_SECOND * time_limit, workers=workers,
                          seed=seed, backend=BACKEND.get(method, "cp-sat"), part_size=part_size,
                          method=COHORT_METHOD.get(method, "auto"))
    objective = bound = 0.0
    violations, statuses, examples = 0, {}, []
    started = time.perf_counter()
    parts = instances(case, seed, budget_per_agent)

    def done(k: int, n: int) -> None:
        if progress and n > 1 and k % max(1, n // 5) == 0:
            progress(f"  {method} {k}/{n} agents, {time.perf_counter() - started:.1f} s")

    if method == "greedy":
        plans, seconds = [], []
        for k, (instance, _) in enumerate(parts):
            t0 = time.perf_counter()
            plans.append(greedy_plan(instance))
            seconds.append(time.perf_counter() - t0)
            done(k + 1, len(parts))
    elif case.mode not in ("cohort", "sample"):
        plans = solve_each([instance for instance, _ in parts], config, workers, done)
        seconds = [plan.solve_seconds for plan in plans]  # measured inside each job
    else:
        plans = [solve(parts[0][0], config, progress=_solver_progress(progress))]
        seconds = [time.perf_counter() - started]
    for plan, (instance, learners) in zip(plans, parts):
        found = check_plan(plan, instance.catalog, learners)
        violations += len(found)
        examples += [str(v) for v in found[:3 - len(examples)]]
        statuses[plan.status] = statuses.get(plan.status, 0) + 1
        objective += plan.objective
        # Greedy proves nothing: its bound is left out rather than reported.
        bound += plan.bound if method != "greedy" else 0.0
    ordered = sorted(seconds)
    digest = hashlib.sha256("\n".join(_without_times(plan) for plan in plans).encode()).hexdigest()
    if case.mode in ("sample", "sample-new"):
        case = Case(case.mode, len(parts[0][1]) if case.mode == "sample" else len(parts), len(parts[0][0].catalog.modules))
    return {
        "mode": case.mode, "agents": case.agents, "modules": case.modules, "weeks": WEEKS, "seed": seed,
        "method": method, "solver": plans[0].solver if plans else method, "workers": workers,
        "time_limit": time_limit if method != "greedy" else None,
        "wall_s": round(time.perf_counter() - started, 3),
        "solve_p50_s": round(statistics.median(ordered), 3),
        # Nearest-rank percentile: the smallest time at least 99 % of the solves stay within.
        "solve_p99_s": round(ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)], 3),
        "solve_max_s": round(ordered[-1], 3),
        "objective": round(objective, 3),
        "bound": round(bound, 3) if method != "greedy" else None,
        "gap": round((bound - objective) / bound, 5) if method != "greedy" and bound > 0 else (0.0 if method != "greedy" else None),
        "solve_s": [round(v, 3) for v in seconds],
        "statuses": statuses,
        "violations": violations,
        "violation_examples": examples,
        "plans_sha256": digest,
    }


def _without_times(plan) -> str:
    """A plan's JSON without its timings: what must be identical from run to run."""
    data = plan.model_dump(mode="json")
    data.pop("solve_seconds", None)
    for stage in data.get("stages") or []:
        stage.pop("seconds", None)
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def _solver_progress(progress):
    if progress is None:
        return None
    last = [-10.0]

    def report(stage: str, value: float, bound: float, seconds: float) -> None:
        if seconds - last[0] >= 5.0:
            last[0] = seconds
            progress(f"  {stage}: {value:,.1f} (bound {bound:,.1f}) after {seconds:.0f} s")

    return report


def _child(case: Case, method: str, seed: int, time_limit: float, workers: int, budget: float, queue,
           part_size: int | None = 150, work: float | None = None) -> None:
    global WORK
    WORK = work  # a spawned child starts from the module's defaults
    try:
        row = run_case(case, method, seed, time_limit, workers, budget,
                       progress=lambda text: print(text, file=sys.stderr, flush=True), part_size=part_size)
        # Worker processes are children: count the largest one once per worker on top of this
        # process, an upper estimate of the memory the run needs at once.
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        row["peak_rss_mb"] = round(own + (min(workers, case.agents or workers) * child if child else 0.0), 1)
        queue.put(row)
    except BaseException as exc:  # reported in the parent, which keeps going
        queue.put({"error": f"{type(exc).__name__}: {exc}"})
        raise


def measure(case: Case, method: str, seed: int, time_limit: float, workers: int, budget: float,
            part_size: int | None = 150) -> dict:
    """``run_case`` in a fresh (spawned) process, so the peak memory belongs to this run alone."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(case, method, seed, time_limit, workers, budget, queue, part_size, WORK))
    proc.start()
    row = queue.get()
    proc.join()
    if "error" in row:
        row.update(mode=case.mode, agents=case.agents, modules=case.modules, method=method, seed=seed)
    return row


HEADER = ("mode", "agents", "modules", "method", "wall s", "p50 s", "p99 s", "peak MB", "objective",
          "bound", "gap %", "vs greedy", "violations", "status")


def table(rows: list[dict]) -> str:
    greedy = {(r["mode"], r["agents"], r["modules"]): r for r in rows if r["method"] == "greedy" and "error" not in r}
    lines = []
    for r in rows:
        if "error" in r:
            lines.append((r["mode"], str(r["agents"]), str(r["modules"]), r["method"], "error: " + r["error"]))
            continue
        g = greedy.get((r["mode"], r["agents"], r["modules"]))
        ratio = f"{r['objective'] / g['objective']:.3f}" if g and g["objective"] > 0 else "-"
        lines.append((
            r["mode"], str(r["agents"]), str(r["modules"]), r["method"], f"{r['wall_s']:.2f}",
            f"{r['solve_p50_s']:.2f}", f"{r['solve_p99_s']:.2f}", f"{r['peak_rss_mb']:.0f}",
            f"{r['objective']:.1f}", "-" if r["bound"] is None else f"{r['bound']:.1f}",
            "-" if r["gap"] is None else f"{100 * r['gap']:.2f}", ratio, str(r["violations"]),
            ",".join(f"{k}:{v}" for k, v in sorted(r["statuses"].items())),
        ))
    widths = [max(len(HEADER[i]), *(len(line[i]) for line in lines if len(line) > i)) for i in range(len(HEADER))]
    out = ["| " + " | ".join(h.ljust(w) for h, w in zip(HEADER, widths)) + " |",
           "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += ["| " + " | ".join(c.ljust(w) for c, w in zip(line, widths)) + " |" for line in lines]
    return "\n".join(out)


@contextlib.contextmanager
def busy(jobs: int):
    """``jobs`` processes spinning on the CPU for as long as the block runs: a busy machine."""
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(jobs)]
    try:
        yield
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"small sizes, under 5 minutes ({QUICK})")
    parser.add_argument("--sizes", help=f"comma-separated MODE:AGENTSxMODULES (default: {DEFAULT})")
    parser.add_argument("--time-limit", type=float, help="planner seconds per solve (default 10, --quick 5)")
    parser.add_argument("--work", type=float, help="deterministic seconds per solve (default 0.4 x --time-limit); "
                        "with a generous --time-limit the figures do not depend on the machine's load")
    parser.add_argument("--seed", type=int, default=0, help="instance and solver seed")
    parser.add_argument("--workers", type=int, default=2,
                        help="cores: CP-SAT threads for one cohort model, processes for per-agent plans and parts")
    parser.add_argument("--part-size", type=int, default=150,
                        help="cohorts with more agents are planned in parts (0: never split)")
    parser.add_argument("--budget-per-agent", type=float, default=1000.0, help="cohort budget per agent, CNY")
    parser.add_argument("--methods", default="greedy,planner",
                        help="comma-separated: greedy, planner (CP-SAT), highs, scip (MathOpt back-ends)")
    parser.add_argument("--load", type=int, nargs="?", const=2, default=0, metavar="N",
                        help="run every row again while N (default 2) CPU-bound jobs busy the machine, "
                        "and check the plans are identical (use with --work and a generous --time-limit)")
    parser.add_argument("--jsonl", type=Path, default=ROOT / "benchmarks" / "results" / "latest.jsonl",
                        help="JSON lines output (overwritten)")
    args = parser.parse_args(argv)
    global WORK
    WORK = args.work
    sizes = args.sizes or (QUICK if args.quick else DEFAULT)
    cases = [Case.parse(s) for s in sizes.split(",") if s.strip()]
    time_limit = args.time_limit if args.time_limit is not None else (5.0 if args.quick else 10.0)
    methods = [m for m in args.methods.split(",") if m]
    if any(m not in METHODS for m in methods):
        parser.error(f"--methods: choose from {', '.join(METHODS)}")
    args.jsonl.parent.mkdir(parents=True, exist_ok=True)
    rows, began = [], time.perf_counter()
    with args.jsonl.open("w", encoding="utf-8") as sink:
        for case in cases:
            for method in methods:
                print(f"{case.mode} {case.agents}x{case.modules} {method} ...", file=sys.stderr, flush=True)
                row = measure(case, method, args.seed, time_limit, args.workers, args.budget_per_agent,
                              args.part_size or None)
                if args.load and "error" not in row:
                    print(f"  again with {args.load} CPU-bound jobs running ...", file=sys.stderr, flush=True)
                    with busy(args.load):
                        loaded = measure(case, method, args.seed, time_limit, args.workers, args.budget_per_agent,
                                         args.part_size or None)
                    row["loaded_wall_s"] = loaded.get("wall_s")
                    row["same_under_load"] = loaded.get("plans_sha256") == row["plans_sha256"]
                rows.append(row)
                sink.write(json.dumps(row, sort_keys=True) + "\n")
                sink.flush()
                if "error" in row:
                    print(f"  error: {row['error']}", file=sys.stderr, flush=True)
                else:
                    print(f"  {row['wall_s']:.2f} s, objective {row['objective']:.1f}, "
                          f"{row['violations']} violations", file=sys.stderr, flush=True)
    print(f"total {time.perf_counter() - began:.0f} s; wrote {args.jsonl}", file=sys.stderr)
    print(table(rows))
    loaded = [r for r in rows if "same_under_load" in r]
    for r in loaded:
        print(f"{r['mode']} {r['agents']}x{r['modules']} {r['method']}: {r['wall_s']:.1f} s idle, "
              f"{r['loaded_wall_s']:.1f} s under load, plans "
              f"{'identical' if r['same_under_load'] else 'DIFFERENT'}")
    bad = [r for r in rows if "error" in r or r.get("violations") or r.get("same_under_load") is False]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
