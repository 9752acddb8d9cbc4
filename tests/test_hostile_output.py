"""Class 2 of issue 14: writing output never destroys anything.

Devices and FIFOs are written through, symlinks followed, folders refused; read-only
folders, a full disk and over-long names give one line and exit 1, with no temp file left.
"""

import errno
import os
import signal
import stat
import subprocess
import sys
import threading
import time

import pytest

from competency.io.atomic import WriteError, remove_stale_temps, write_bytes_atomic, write_text_atomic
from hostile import DATA, REPORT_ARGS, REPORTS, ROOT, assert_clean, invoke, snapshot

COHORT = ["report", "cohort", "--plan", str(REPORTS / "plan.json"), *REPORT_ARGS, "--format", "md"]


def test_writing_to_dev_null_keeps_it_a_device():
    result = invoke([*COHORT, "--out", "/dev/null"])
    assert_clean(result, 0)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_writing_to_a_fifo_feeds_the_reader_and_keeps_the_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_text_atomic(fifo, "through the pipe")
    reader.join(10)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_an_output_that_is_a_symlink_updates_the_file_it_points_to(tmp_path):
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real.name)
    assert_clean(invoke([*COHORT, "--out", link]), 0)
    assert link.is_symlink() and os.readlink(link) == "real.md"
    assert real.read_text().startswith("#")


def test_a_folder_as_output_is_refused_and_left_alone(tmp_path):
    (tmp_path / "keep.txt").write_text("x")
    with pytest.raises(WriteError, match="folder"):
        write_bytes_atomic(tmp_path, b"data")
    assert snapshot(tmp_path) == {"keep.txt": snapshot(tmp_path)["keep.txt"]}


@pytest.mark.parametrize("code, words", [
    (errno.ENOSPC, "disk is full"), (errno.EROFS, "read-only"), (errno.EACCES, "permission denied"),
    (errno.EDQUOT, "quota"), (errno.EIO, "error"),
])
def test_a_failing_disk_gives_one_line_exit_1_and_keeps_the_old_file(tmp_path, monkeypatch, code, words):
    target = tmp_path / "cohort.md"
    target.write_text("old report")

    def fail(*args):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync" if code == errno.ENOSPC else "write", fail)
    text = assert_clean(invoke([*COHORT, "--out", target]), 1)
    error = [line for line in text.splitlines() if "cannot write" in line]
    assert len(error) == 1 and words in error[0].lower() and str(target) in error[0]
    assert target.read_text() == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cohort.md"]


def test_a_full_disk_on_a_device_is_a_message_too():
    assert_clean(invoke([*COHORT, "--out", "/dev/full"]), 1)


def test_an_over_long_file_name_is_a_message_and_writes_nothing(tmp_path):
    text = assert_clean(invoke([*COHORT, "--out", tmp_path / ("x" * 300 + ".md")]), 1)
    assert "too long" in text
    assert list(tmp_path.iterdir()) == []


def test_a_name_near_the_limit_still_gets_a_temp_file_that_fits(tmp_path):
    target = tmp_path / ("y" * 250)
    write_text_atomic(target, "fits")
    assert target.read_text() == "fits" and len(list(tmp_path.iterdir())) == 1


def test_an_output_inside_a_file_is_a_message(tmp_path):
    (tmp_path / "file").write_text("x")
    text = assert_clean(invoke([*COHORT, "--out", tmp_path / "file" / "cohort.md"]), 1)
    assert "not a folder" in text


def test_temp_files_left_by_a_killed_run_are_removed_by_the_next_write(tmp_path):
    dead = 2 ** 22 + 12345  # above the default pid_max, so no live process has it
    stale = tmp_path / f".cohort.md.{dead}-0a1b2c3d.tmp"
    stale.write_text("half")
    live = tmp_path / f".cohort.md.{os.getppid()}-0a1b2c3d.tmp"  # a writer still running
    live.write_text("busy")
    old_style = tmp_path / ".cohort.md.k2j4h5g6.tmp"  # from mkstemp, before names carried a pid
    old_style.write_text("half")
    os.utime(old_style, (1, 1))
    mine = tmp_path / "notes.tmp"
    mine.write_text("the user's own file")
    write_text_atomic(tmp_path / "cohort.md", "new")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["cohort.md", live.name, mine.name])


def test_removing_stale_temp_files_in_a_missing_folder_is_a_no_op(tmp_path):
    assert remove_stale_temps(tmp_path / "missing") == []


def test_replacing_a_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "private.md"
    target.write_text("old")
    target.chmod(0o600)
    write_text_atomic(target, "new")
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_catalog_import_into_a_symlinked_folder_replaces_the_real_folder_and_keeps_the_link(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "old.yaml").write_text("x: 1\n")
    link = tmp_path / "link"
    link.symlink_to(real)
    assert_clean(invoke(["catalog", "import", DATA / "interop" / "moodle_framework.csv", "--out", link, "--force"]), 0)
    assert link.is_symlink() and (real / "catalog.yaml").exists() and not (real / "old.yaml").exists()
    assert real.stat().st_mode & 0o077, "the catalog folder gets the usual permissions, not mkdtemp's 0700"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"]


@pytest.mark.parametrize("out", ["/dev/null", "file"])
def test_a_catalog_import_onto_a_file_or_device_is_refused(tmp_path, out):
    target = tmp_path / out if out == "file" else out
    if out == "file":
        target.write_text("keep")
    text = assert_clean(invoke(["catalog", "import", DATA / "interop" / "moodle_framework.csv", "--out", target,
                                "--force"]), 1)
    assert "not a folder" in text
    assert out != "file" or target.read_text() == "keep"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_writer_killed_with_sigkill_leaves_the_old_file_and_its_temp_file_goes_on_the_next_write(tmp_path):
    target = tmp_path / "cohort.md"
    target.write_text("old")
    child = subprocess.Popen([sys.executable, "-c", (
        "import os, time, sys\n"
        "os.fsync = lambda fd: (print('writing', flush=True), time.sleep(60))\n"
        "from competency.io.atomic import write_text_atomic\n"
        f"write_text_atomic({str(target)!r}, 'new' * 100000)\n")],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "writing"
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    time.sleep(0.1)
    left = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(left) == 1 and target.read_text() == "old"
    write_text_atomic(tmp_path / "other.md", "next run")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cohort.md", "other.md"]


def test_a_full_disk_behind_stdout_is_one_line_and_exit_1(tmp_path):
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "competency", *COHORT], cwd=tmp_path,
                              stdout=full, stderr=subprocess.PIPE, timeout=30, env={**os.environ, "PYTHONPATH": str(ROOT)})
    err = done.stderr.decode()
    assert done.returncode == 1 and "Traceback" not in err and "No space left on device" in err, err


def test_a_reader_that_goes_away_ends_the_run_quietly(tmp_path):
    # The CASE export of the shipped catalog (~220 KB) is more than a pipe holds.
    child = subprocess.Popen([sys.executable, "-m", "competency", "catalog", "export", "--format", "case"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    child.stdout.read(100)
    child.stdout.close()
    err = child.stderr.read().decode()
    assert child.wait(30) in (0, 1) and "Traceback" not in err and "Exception ignored" not in err, err
