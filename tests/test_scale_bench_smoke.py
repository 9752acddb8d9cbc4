"""Smoke test of the scale benchmark: a tiny run imports every generated row into an SQLite
store, scores every agent, and prints its table."""

import csv
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_tiny_scale_run_imports_every_row_and_scores_every_agent(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "scale_bench.py"), "--agents", "60",
                           "--skip", "plans,ray-plans,idp", "--workdir", str(tmp_path)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "| import export-000000.csv | 2,400 rows |" in done.stdout
    assert "| gaps, everyone (csv) | 60 agents |" in done.stdout
    with (tmp_path / "gaps.csv").open(encoding="utf-8-sig") as handle:
        agents = {row["agent_id"] for row in csv.DictReader(handle)}
    assert len(agents) > 40 and agents <= {f"A{k:06d}" for k in range(60)}
