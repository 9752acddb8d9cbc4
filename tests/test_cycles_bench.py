"""Smoke test of the evaluation-cycles benchmark on a tiny generated cohort: it runs, keeps
every frozen booking, and re-plans with no more changed bookings than planning from scratch."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.cycles_bench import main  # noqa: E402


def test_two_weekly_cycles_on_a_tiny_cohort_keep_the_freeze_and_change_less(capsys):
    assert main(["--generated", "8", "--modules", "24", "--cycle", "weekly", "--horizon", "4", "--cycles", "2",
                 "--freeze", "1", "--time-limit", "20", "--work", "1"]) == 0
    out = capsys.readouterr().out
    rows = [line.split("|")[1:-1] for line in out.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert len(rows) == 2
    for row in rows:
        replan, scratch, broken = int(row[5]), int(row[6]), row[11]
        assert replan <= scratch and int(broken.split("(")[0]) > 0 and broken.strip().endswith("(0)")


def test_several_seeds_give_each_worlds_table_and_the_figures_over_all_of_them(capsys):
    assert main(["--generated", "8", "--modules", "24", "--cycle", "weekly", "--horizon", "4", "--cycles", "1",
                 "--freeze", "1", "--time-limit", "20", "--work", "1", "--seeds", "0,1"]) == 0
    out = capsys.readouterr().out
    rows = [line.split("|")[1:-1] for line in out.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert len(rows) == 2 and "seed 0" in out and "seed 1" in out
    replan, scratch = sum(int(r[5]) for r in rows), sum(int(r[6]) for r in rows)
    pooled = next(line for line in out.splitlines() if line.startswith("**over 2 seeds x 1 cycles**"))
    assert f"{replan} vs {scratch}" in pooled
