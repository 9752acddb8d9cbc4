"""`competency catalog import` / `export` from the command line, and the shipped catalog both ways."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from competency.cli.main import cli
from competency.interop import catalog_files, export_catalog, import_framework, write_catalog_folder
from competency.model import Tier, load_catalog

DATA = Path(__file__).parent / "data" / "interop"


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def folder_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_import_writes_a_catalog_folder_that_validates_and_says_modules_are_missing(tmp_path):
    result = run("catalog", "import", DATA / "moodle_framework.csv", "--out", tmp_path / "cat")
    assert result.exit_code == 0, result.stderr
    assert "no training modules, roles or industries" in result.stderr and result.stdout == ""
    check = run("validate", "--catalog", tmp_path / "cat")
    assert check.exit_code == 0 and "7 competencies in 3 domains" in check.stdout
    assert "no training modules" in check.stderr and "--modules FILE" in check.stderr


def test_the_same_file_imports_to_byte_identical_folders(tmp_path):
    for name in ("a", "b"):
        assert run("catalog", "import", DATA / "case_framework.json", "--out", tmp_path / name).exit_code == 0
    assert folder_bytes(tmp_path / "a") == folder_bytes(tmp_path / "b")


def test_modules_option_attaches_modules_checked_against_the_imported_competencies(tmp_path):
    result = run("catalog", "import", DATA / "case_framework.json", "--out", tmp_path / "cat",
                 "--modules", DATA / "modules.yaml")
    assert result.exit_code == 0, result.stderr
    assert sorted(load_catalog(tmp_path / "cat").modules) == ["listening_basics", "listening_roleplay"]


def test_modules_naming_an_unknown_competency_are_rejected_and_nothing_is_written(tmp_path):
    result = run("catalog", "import", DATA / "case_framework.json", "--out", tmp_path / "cat",
                 "--modules", DATA / "bad_modules.yaml")
    assert result.exit_code == 1
    assert "bad_modules.yaml:modules[0].raises[0].competency" in result.stderr and "'CC.LISTEN'" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["bad_moodle_unknown_parent.csv", "bad_case_precedes_cycle.json"])
def test_a_bad_file_exits_non_zero_names_the_place_and_writes_nothing(tmp_path, name):
    result = run("catalog", "import", DATA / name, "--out", tmp_path / "cat")
    assert result.exit_code == 1 and name in result.stderr and "nothing written" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_is_replaced_only_with_force(tmp_path):
    (tmp_path / "cat").mkdir()
    (tmp_path / "cat" / "mine.yaml").write_text("catalog: {id: mine}\n")
    refused = run("catalog", "import", DATA / "moodle_framework.csv", "--out", tmp_path / "cat")
    assert refused.exit_code == 1 and "--force" in refused.stderr
    assert run("catalog", "import", DATA / "moodle_framework.csv", "--out", tmp_path / "cat", "--force").exit_code == 0
    assert not (tmp_path / "cat" / "mine.yaml").exists() and (tmp_path / "cat" / "catalog.yaml").exists()


def test_export_writes_to_stdout_and_guesses_the_format_from_the_extension(tmp_path):
    run("catalog", "import", DATA / "moodle_framework.csv", "--out", tmp_path / "cat")
    to_stdout = run("catalog", "export", "--format", "moodle", "--catalog", tmp_path / "cat")
    assert to_stdout.stdout == (DATA / "moodle_framework.csv").read_text(encoding="utf-8")
    assert run("catalog", "export", "--catalog", tmp_path / "cat", "--out", tmp_path / "f.json").exit_code == 0
    assert "CFItems" in json.loads((tmp_path / "f.json").read_text())
    unknown = run("catalog", "export", "--catalog", tmp_path / "cat", "--out", tmp_path / "f.txt")
    assert unknown.exit_code == 2 and "--format moodle" in unknown.stderr


@pytest.fixture(scope="module")
def shipped():
    return load_catalog()


def test_the_shipped_catalog_goes_to_case_and_back_with_tree_and_tiered_prerequisites(shipped, tmp_path):
    (tmp_path / "c.json").write_text(export_catalog(shipped, "case")[0], encoding="utf-8")
    back = import_framework(tmp_path / "c.json", "case").catalog
    assert back.info.id == shipped.info.id and list(back.domains) == list(shipped.domains)
    assert {c.id: c.domain for c in back.competencies.values()} == {c.id: c.domain for c in shipped.competencies.values()}
    assert {c.id: c.prerequisites for c in back.competencies.values()} == {
        c.id: c.prerequisites for c in shipped.competencies.values()}
    assert any(p.tier == Tier.ADVANCED for c in back.competencies.values() for p in c.prerequisites)
    indicators = lambda cat: {(c.id, t): [i.en for i in c.tiers[t].indicators]  # noqa: E731
                              for c in cat.competencies.values() for t in c.tiers}
    assert indicators(back) == indicators(shipped)  # carried by a CASE rubric


def test_the_shipped_catalog_goes_to_moodle_and_back_with_prerequisites_as_cross_references(shipped, tmp_path):
    text, notes = export_catalog(shipped, "moodle")
    (tmp_path / "m.csv").write_text(text, encoding="utf-8")
    back = import_framework(tmp_path / "m.csv", "moodle").catalog
    assert {c.id: c.domain for c in back.competencies.values()} == {c.id: c.domain for c in shipped.competencies.values()}
    comp = next(c for c in shipped.competencies.values() if c.prerequisites)
    assert {r.competency for r in back.competencies[comp.id].references} >= {p.needs for p in comp.prerequisites}
    assert any("written as cross-references" in n for n in notes)


def test_the_folder_writer_keeps_extra_sections_such_as_scales(tmp_path):
    catalog = import_framework(DATA / "moodle_framework.csv", "moodle").catalog
    scales = {"ten_point": {"min": 0, "max": 10, "basic": 6, "advanced": 7.5, "expert": 9, "pass": 6}}
    write_catalog_folder(catalog_files(catalog.model_copy(update={"extras": {"scales": scales}})), tmp_path / "cat")
    assert load_catalog(tmp_path / "cat").extras == {"scales": scales}
