"""Hostile HR exports through `competency import` (classes 3, 4, 7 of issue 14).

Every column of an assessment export gets values a broken or malicious export would hold.
A bad row is listed with file, row and column and skipped (exit 0), or with --strict
nothing is written (exit 1); never a traceback, and nothing outside the profiles folder
changes.
"""

import shutil

import pytest
import yaml

from hostile import ROOT, assert_clean, invoke, snapshot

HEADER = ["Employee ID", "Name", "Team", "Role", "Industry", "Competency", "Score", "Scale", "Assessed level",
          "Date", "Assessor"]
GOOD = ["SHF001", "Zhang Wei", "上海信用卡服务组", "frontline_agent", "finance", "compliance_scripts", "4", "1-5",
        "", "2026-10-20", "QA team"]
VALUES = [
    "=HYPERLINK(\"http://evil.example\")", "../../etc/passwd", "A" * 81, "", " ", "x" * 30_000,
    "nan", "-inf", "1e309", "-1", "99999999999999999999", "进阶\n专家", "\u202eevil",
    "9999-12-31", "0001-01-01", "2026-02-30", "<script>alert(1)</script>",
]
COLUMNS = ["Employee ID", "Name", "Role", "Competency", "Score", "Scale", "Assessed level", "Date"]


def _quote(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


def _export(tmp_path, column: str, value: str, good_row: bool = True):
    row = list(GOOD)
    row[HEADER.index(column)] = value
    path = tmp_path / "in" / "export.csv"
    path.parent.mkdir(exist_ok=True)
    lines = [",".join(HEADER), *([",".join(map(_quote, GOOD))] if good_row else []), ",".join(map(_quote, row))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _profiles(tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    shutil.copy(ROOT / "profiles" / "shanghai-card-services" / "SHF001.yaml", folder)  # one agent: fast runs
    return folder


@pytest.mark.parametrize("value", VALUES, ids=[repr(v[:10]) for v in VALUES])
@pytest.mark.parametrize("column", COLUMNS)
def test_a_hostile_cell_is_skipped_with_its_row_and_column_or_imported_as_text(tmp_path, column, value):
    path = _export(tmp_path, column, value)
    profiles = _profiles(tmp_path)
    before, source = snapshot(profiles), snapshot(path.parent)
    result = invoke(["import", path, "--profiles", profiles, "--dry-run"])
    text = assert_clean(result, 0)
    assert "Traceback" not in text and len(text) < 5_000, text[:500]
    if "error" in text:
        assert f"{path}:row 3" in text, text
    assert snapshot(profiles) == before and snapshot(path.parent) == source


@pytest.mark.parametrize("column, value", [("Employee ID", "A" * 81), ("Date", "9999-12-31"), ("Score", "nan"),
                                           ("Role", "ghost_role"), ("Competency", "x" * 30_000)])
def test_strict_import_of_a_hostile_row_writes_nothing_and_exits_1(tmp_path, column, value):
    path = _export(tmp_path, column, value)
    profiles = _profiles(tmp_path)
    before = snapshot(profiles)
    text = assert_clean(invoke(["import", path, "--profiles", profiles, "--strict"]), 1)
    assert f"{path}:row 3, column {column}" in text
    assert snapshot(profiles) == before


@pytest.mark.parametrize("value", ["=1+1", "</style><script>x</script>", "tab\there", "\u202eevil", "名字\r\n换行"])
def test_hostile_names_are_imported_as_plain_text(tmp_path, value):
    path = _export(tmp_path, "Name", value, good_row=False)
    path.write_text(path.read_text(encoding="utf-8").replace("SHF001", "NEW001"), encoding="utf-8")
    profiles = _profiles(tmp_path)
    assert_clean(invoke(["import", path, "--profiles", profiles]), 0)
    profile = yaml.safe_load((profiles / "NEW001.yaml").read_text(encoding="utf-8"))
    assert profile["name"].split() == value.split()
    # No temp or journal file is left; the empty lock file is how imports take turns (io/store.py).
    assert sorted(p.name for p in profiles.iterdir() if p.name.startswith(".")) in ([], [".competency.lock"])
