"""Wall time of ``competency gaps --team 苏州制造热线一组`` as a user runs it: a fresh process.

Scenarios, each run ``--runs`` times (median reported), interleaved round-robin so that
load from other jobs on a shared machine spreads over all of them:

  python     ``python -c 'import sys'``: interpreter start, the baseline for the ratios
  warm       catalog and profile caches filled by an earlier run
  cold       ``COMPETENCY_NO_CACHE=1``: every YAML file parsed and validated
  cold-empty an emptied cache folder: parse everything, then write both caches

The caches live in a temporary ``XDG_CACHE_HOME``, so the user's own are left alone. The
command's output must be the same in every scenario, or the benchmark stops. CPU time
(user + system, from ``getrusage``) is shown too: it moves less than wall time when the
machine is busy.

  python benchmarks/gaps_bench.py
  python benchmarks/gaps_bench.py --runs 9 --json gaps_bench.json
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEAM = "苏州制造热线一组"
SCENARIOS = ("python", "warm", "cold", "cold-empty")


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, bytes]:
    """(wall s, CPU s, stdout) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr.decode(errors='replace')}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def measure(runs: int, command: str, python: str) -> dict[str, dict[str, float]]:
    gaps = [command, "gaps", "--team", TEAM]
    with tempfile.TemporaryDirectory(prefix="gaps-bench-") as tmp:
        base = {k: v for k, v in os.environ.items() if k not in ("COMPETENCY_NO_CACHE", "XDG_CACHE_HOME")}
        warm_home, empty_home = Path(tmp) / "warm", Path(tmp) / "empty"
        plans = {
            "python": ([python, "-c", "import sys"], {**base, "XDG_CACHE_HOME": str(warm_home)}),
            "warm": (gaps, {**base, "XDG_CACHE_HOME": str(warm_home)}),
            "cold": (gaps, {**base, "XDG_CACHE_HOME": str(warm_home), "COMPETENCY_NO_CACHE": "1"}),
            "cold-empty": (gaps, {**base, "XDG_CACHE_HOME": str(empty_home)}),
        }
        run_once(*plans["warm"])  # fills the warm caches
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in SCENARIOS}
        outputs: dict[str, bytes] = {}
        for _ in range(runs):
            for name in SCENARIOS:
                if name == "cold-empty":
                    shutil.rmtree(empty_home, ignore_errors=True)
                wall, cpu, out = run_once(*plans[name])
                samples[name].append((wall, cpu))
                if name != "python" and outputs.setdefault("gaps", out) != out:
                    sys.exit(f"scenario {name} printed something else than the others")
    baseline = statistics.median(w for w, _ in samples["python"])
    return {
        name: {
            "wall_median_s": statistics.median(w for w, _ in rows),
            "wall_min_s": min(w for w, _ in rows),
            "wall_max_s": max(w for w, _ in rows),
            "cpu_median_s": statistics.median(c for _, c in rows),
            "ratio_to_python": statistics.median(w for w, _ in rows) / baseline,
        }
        for name, rows in samples.items()
    }


def table(result: dict[str, dict[str, float]], runs: int) -> str:
    lines = [f"competency gaps --team {TEAM}: median of {runs} runs, wall seconds",
             f"{'scenario':<11} {'median':>7} {'min':>6} {'max':>6} {'cpu':>6} {'x python':>9}"]
    for name, row in result.items():
        lines.append(f"{name:<11} {row['wall_median_s']:>7.3f} {row['wall_min_s']:>6.3f} {row['wall_max_s']:>6.3f}"
                     f" {row['cpu_median_s']:>6.3f} {row['ratio_to_python']:>9.1f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per scenario (default 5)")
    parser.add_argument("--command", default="competency", help="the CLI to run (default: competency on PATH)")
    parser.add_argument("--python", default="python", help="interpreter for the baseline (default: python on PATH)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    for tool in (args.command, args.python):
        if shutil.which(tool) is None:
            parser.error(f"{tool} not found on PATH")
    result = measure(args.runs, args.command, args.python)
    print(table(result, args.runs))
    if args.json:
        args.json.write_text(json.dumps({"runs": args.runs, "scenarios": result}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
