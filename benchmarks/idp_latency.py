"""Latency of one IDP PDF (issue 15: <= 0.5 s on 2 cores), this checkout against a baseline.

Both versions run in the same session, taking turns round by round, so a shared machine's
load falls on both alike. Per version and language it prints:

- cold: ``python -m competency report idp AGENT --format pdf`` in a fresh process, wall and
  CPU seconds (interpreter, imports, fonts and the one IDP: what a user waits for);
- warm: per-IDP wall and CPU seconds in a process that has rendered one IDP already (what
  ``report idp --all`` pays per agent on each worker), median and minimum over the agents.

The baseline is another commit's ``competency`` package (``--baseline``, default ``main``),
exported with ``git archive`` into a temporary folder.

  python benchmarks/idp_latency.py --plan plan.json
  python benchmarks/idp_latency.py --plan plan.json --baseline 3458306 --rounds 3 --agents 8
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def worker(plan: Path, profiles: Path, lang: str, count: int) -> None:
    """In a process whose ``competency`` is the version under test: per-IDP seconds as JSON."""
    from competency.model import load_catalog
    from competency.reports import idp_bytes, load_inputs

    inputs = load_inputs(plan, load_catalog(None), profiles)
    ids = [a.agent_id for a in inputs.plan.agents]
    idp_bytes(inputs, ids[0], lang, "pdf")  # warm: WeasyPrint, Pango and the fonts are loaded
    walls, cpus = [], []
    for aid in ids[1:count + 1]:
        wall, cpu = time.perf_counter(), time.process_time()
        idp_bytes(inputs, aid, lang, "pdf")
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    print(json.dumps({"wall": walls, "cpu": cpus}))


def run(source: Path, args: list[str]) -> str:
    """stdout of ``python ARGS`` with ``source`` first on the path."""
    done = subprocess.run([sys.executable, *args], env={**os.environ, "PYTHONPATH": str(source)},
                          capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def timed_cli(source: Path, args: list[str]) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": str(source)}
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "competency", *args], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"competency {' '.join(args)} failed:\n{child.stderr.read().decode(errors='replace')[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def export(ref: str, into: Path) -> str:
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", ref], capture_output=True, text=True,
                            check=True).stdout.strip()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "competency", "catalog"], capture_output=True,
                             check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return commit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--plan", type=Path, required=True, help="a plan file (competency plan --out plan.json)")
    parser.add_argument("--profiles", type=Path, default=ROOT / "profiles")
    parser.add_argument("--baseline", default="main", help="git ref of the baseline (default: main)")
    parser.add_argument("--langs", default="zh,en")
    parser.add_argument("--agents", type=int, default=8, help="warm IDPs per language and round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--worker", nargs=2, metavar=("LANG", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args.plan, args.profiles, args.worker[0], int(args.worker[1]))
    plan, profiles = args.plan.resolve(), args.profiles.resolve()
    with tempfile.TemporaryDirectory(prefix="idp-latency-") as tmp:
        base = Path(tmp) / "baseline"
        base.mkdir()
        versions = {f"baseline {export(args.baseline, base)}": base, "this checkout": ROOT}
        first = json.loads(plan.read_text(encoding="utf-8"))["agents"][0]["agent_id"]
        figures: dict = {}
        for round_ in range(args.rounds):
            order = list(versions.items()) if round_ % 2 == 0 else list(versions.items())[::-1]
            for name, source in order:
                for lang in args.langs.split(","):
                    got = figures.setdefault((name, lang), {"cold": [], "wall": [], "cpu": []})
                    got["cold"].append(timed_cli(source, ["report", "idp", first, "--plan", str(plan), "--profiles",
                                                          str(profiles), "--format", "pdf", "--lang", lang, "--out",
                                                          str(Path(tmp) / f"{lang}.pdf")]))
                    out = run(source, [str(Path(__file__).resolve()), "--plan", str(plan), "--profiles",
                                             str(profiles), "--worker", lang, str(args.agents)])
                    warm = json.loads(out.strip().splitlines()[-1])
                    got["wall"] += warm["wall"]
                    got["cpu"] += warm["cpu"]
                    print(f"  round {round_ + 1} {name} {lang}: cold {got['cold'][-1][0]:.2f} s, warm median "
                          f"{statistics.median(warm['wall']):.3f} s", file=sys.stderr, flush=True)
    print(f"\nIDP PDF latency, {args.rounds} rounds, {args.agents} warm IDPs per round, load average "
          f"{os.getloadavg()[0]:.1f}")
    print("| version | lang | cold wall s (min / median) | cold CPU s (min) | warm wall s (min / median) "
          "| warm CPU s (min / median) |")
    print("|---|---|---|---|---|---|")
    for (name, lang), got in figures.items():
        cold_wall = [w for w, _ in got["cold"]]
        print(f"| {name} | {lang} | {min(cold_wall):.2f} / {statistics.median(cold_wall):.2f} "
              f"| {min(c for _, c in got['cold']):.2f} | {min(got['wall']):.3f} / {statistics.median(got['wall']):.3f} "
              f"| {min(got['cpu']):.3f} / {statistics.median(got['cpu']):.3f} |")


if __name__ == "__main__":
    main()
