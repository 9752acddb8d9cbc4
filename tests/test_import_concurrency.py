"""Imports that run side by side, die mid-way or fail mid-way lose nothing (issue 14, class 6).

Every check re-reads every profile of the store from disk.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from competency.io import journal
from competency.io.profiles import load_profiles

ROOT = Path(__file__).resolve().parent.parent
COMPETENCIES = ("active_listening", "empathy", "clear_expression", "complaint_handling", "escalation")
STORES = ("profiles", "profiles.sqlite")


def export(path: Path, agents: int, day: int, source_tag: str) -> set[tuple]:
    """A CSV that creates (or updates) agents C0000.. with one entry per competency; returns its entries."""
    entries = set()
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["工号", "姓名", "班组", "岗位", "行业", "能力项", "得分", "评估日期"])
        for k in range(agents):
            for j, cid in enumerate(COMPETENCIES):
                score = 40 + (k * 7 + j * 13 + day) % 60
                out.writerow([f"C{k:04d}", f"坐席{k}", "测试组", "frontline_agent", "manufacturing", cid, score,
                              f"2026-10-{day:02d}"])
                entries.add((f"C{k:04d}", cid, f"2026-10-{day:02d}", path.name, str(score)))
    return entries


def stored(store: Path) -> set[tuple]:
    return {(p.id, cid, a.date.isoformat(), a.source, a.raw)
            for p in load_profiles(store) for cid, history in p.assessments.items() for a in history}


def _writing(folder: Path, since_ns: int) -> bool:
    """The run has begun to write: a staged or temp file exists, or a profile file changed."""
    return (any(folder.rglob(".*.new")) or any(folder.rglob(".*.tmp")) or any(folder.glob("*.sqlite-wal"))
            or any(f.stat().st_mtime_ns > since_ns for f in folder.rglob("*.yaml")))


def start_import(file: Path, store: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "competency", "import", str(file), "--profiles", str(store)],
                            cwd=file.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.parametrize("store_name", STORES)
def test_two_imports_into_the_same_store_at_once_keep_both_files_entries(tmp_path, store_name):
    store = tmp_path / store_name
    first = export(tmp_path / "q3.csv", 300, 3, "q3")
    second = export(tmp_path / "q4.csv", 300, 24, "q4")
    runs = [start_import(tmp_path / "q3.csv", store), start_import(tmp_path / "q4.csv", store)]
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err.decode()
    assert stored(store) == first | second


@pytest.mark.parametrize("store_name", STORES)
def test_an_import_killed_at_any_moment_leaves_the_old_or_the_new_store_never_a_mix(tmp_path, store_name):
    store = tmp_path / store_name
    before = export(tmp_path / "base.csv", 200, 1, "base")
    done = start_import(tmp_path / "base.csv", store)
    assert done.wait(timeout=600) == 0
    new = export(tmp_path / "next.csv", 200, 15, "next")
    # Kill as soon as the run starts writing files (a staged or temp file appears), then a
    # little later each time, until a run got through its commit point.
    for attempt in range(8):
        since = time.time_ns()
        run = start_import(tmp_path / "next.csv", store)
        writing = time.monotonic() + 120
        while run.poll() is None and time.monotonic() < writing and not _writing(tmp_path, since):
            time.sleep(0.005)
        time.sleep(0.05 * attempt)
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=60)
        now = stored(store)
        assert now in (before, before | new), f"attempt {attempt}: a mix of old and new entries"
        if now == before | new:
            break
    rerun = start_import(tmp_path / "next.csv", store)
    assert rerun.wait(timeout=600) == 0
    assert stored(store) == before | new
    assert not list(tmp_path.rglob(".*.new")), "staged files of the killed runs were left behind"


def test_an_import_that_fails_while_writing_changes_no_profile(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from competency.cli.main import cli

    store = tmp_path / "profiles"
    before = export(tmp_path / "base.csv", 20, 1, "base")
    assert CliRunner().invoke(cli, ["import", str(tmp_path / "base.csv"), "--profiles", str(store)]).exit_code == 0
    export(tmp_path / "next.csv", 20, 15, "next")
    real, calls = journal._stage, []

    def disk_full_on_the_fifth_file(target, data):
        calls.append(target)
        if len(calls) == 5:
            raise OSError(28, "No space left on device")
        return real(target, data)

    monkeypatch.setattr(journal, "_stage", disk_full_on_the_fifth_file)
    CliRunner().invoke(cli, ["import", str(tmp_path / "next.csv"), "--profiles", str(store)])
    assert stored(store) == before
    assert not list(store.rglob(".*.new"))


def test_a_strict_import_with_a_bad_row_prints_its_summary_and_writes_nothing(tmp_path):
    from click.testing import CliRunner

    from competency.cli.main import cli

    bad = tmp_path / "bad.csv"
    bad.write_text("工号,姓名,班组,岗位,行业,能力项,得分,评估日期\n"
                   "C0001,坐席1,测试组,frontline_agent,manufacturing,empathy,80,2026-10-01\n"
                   "C0002,坐席2,测试组,frontline_agent,manufacturing,火箭维修,80,2026-10-01\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(bad), "--profiles", str(tmp_path / "p"), "--strict"])
    assert result.exit_code == 1
    assert "nothing was written" in result.output and "imported" in result.output
    assert not list((tmp_path / "p").glob("*.yaml"))
