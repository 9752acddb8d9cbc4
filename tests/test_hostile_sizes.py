"""Class 3 of issue 14: small files must not exhaust the machine.

YAML bombs, deep nesting, sheets that claim a million rows and oversized cells are refused
quickly, with the file and line, row or field, in a child process with a time limit (and a
memory cap), so a regression shows as a failed test, not a hung suite.
"""

import io
import os
import re
import resource
import shutil
import subprocess
import sys
import zipfile

import openpyxl
import pytest
import yaml

from competency.io import safe_yaml
from hostile import DATA, REPORTS, ROOT, SUBPROCESS_LIMIT, assert_clean, invoke, snapshot

MEMORY_CAP = 1536 * 2 ** 20  # bytes of address space for a child: far above a normal run (~400 MB)


def run_capped(args, cwd):
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        done = subprocess.run([sys.executable, "-m", "competency", *map(str, args)], cwd=cwd, env=env,
                              capture_output=True, timeout=SUBPROCESS_LIMIT, preexec_fn=cap)
    except subprocess.TimeoutExpired:
        pytest.fail(f"hung past {SUBPROCESS_LIMIT} s: competency {' '.join(map(str, args))}")
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and "MemoryError" not in err, err
    return done.returncode, err


def bomb(levels: int, fan: int) -> str:
    lines = ["evidence:", "  l0: &l0 [" + ", ".join(['"lol"'] * fan) + "]"]
    for i in range(1, levels):
        lines.append(f"  l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * fan) + "]")
    return "\n".join(lines) + "\n"


def catalog_with(tmp_path, name: str, text: str, pad: bool):
    folder = tmp_path / "catalog"
    shutil.copytree(REPORTS / "catalog", folder)
    # Padding past 16 KB sends the catalog through the catalog cache, where bombs used to hang.
    (folder / name).write_text(text + ("#" + "x" * 120 + "\n") * (140 if pad else 0), encoding="utf-8")
    return folder


BOMBS = [(levels, fan) for levels in (6, 7, 9) for fan in (9, 12)] + [(20, 2), (30, 2), (3, 100)]


@pytest.mark.parametrize("levels, fan", BOMBS)
def test_a_yaml_bomb_is_refused_by_the_loader_naming_the_line(levels, fan):
    with pytest.raises(yaml.MarkedYAMLError, match="aliases expand") as caught:
        safe_yaml.load(bomb(levels, fan))
    assert caught.value.problem_mark.line >= 1


@pytest.mark.parametrize("pad", [False, True])
@pytest.mark.parametrize("command", [["validate"], ["catalog", "export", "--format", "case"],
                                     ["catalog", "export", "--format", "moodle"]])
def test_a_catalog_with_a_yaml_bomb_stops_every_command_quickly(tmp_path, command, pad):
    folder = catalog_with(tmp_path, "laughs.yaml", bomb(9, 9), pad)
    code, err = run_capped([*command, "--catalog", folder], tmp_path)
    assert code == 1 and "laughs.yaml:line 7" in err and "aliases expand" in err, err


@pytest.mark.parametrize("depth", [101, 900, 20_000])
@pytest.mark.parametrize("pad", [False, True])
def test_deeply_nested_yaml_in_a_catalog_is_refused_naming_the_line(tmp_path, depth, pad):
    folder = catalog_with(tmp_path, "deep.yaml", "evidence:\n  x: " + "[" * depth + "]" * depth + "\n", pad)
    code, err = run_capped(["validate", "--catalog", folder], tmp_path)
    assert code == 1 and "deep.yaml:line 2" in err and "nested more than 100" in err, err


def test_nesting_within_the_limit_still_loads():
    assert safe_yaml.load("x: " + "[" * 99 + "]" * 99)["x"] is not None


@pytest.mark.parametrize("depth", [101, 2_000, 100_000])
@pytest.mark.parametrize("kind", ["array", "object"])
def test_deeply_nested_case_json_is_refused(tmp_path, depth, kind):
    inner = "[" * depth + "]" * depth if kind == "array" else '{"a":' * depth + "1" + "}" * depth
    path = tmp_path / "case.json"
    path.write_text('{"CFDocument": {"identifier": "d", "title": "t", "extensions": ' + inner + '}, "CFItems": []}')
    text = assert_clean(invoke(["catalog", "import", path, "--out", tmp_path / "out"]), 1)
    assert str(path) in text and "nested more than 100" in text
    assert not (tmp_path / "out").exists()


def _xlsx_claiming(ref: str, rows: int = 3, cell: str | None = None) -> bytes:
    """A small workbook whose sheet claims the size ``ref``; ``cell`` (any length, which
    openpyxl itself would cut at 32,767) goes into the score column."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Employee ID", "Competency", "Score", "Scale", "Date"])
    for _ in range(rows - 1):
        sheet.append(["SHF001", "compliance_scripts", "BIGCELL" if cell is not None else 4, "1-5", "2026-10-20"])
    raw = io.BytesIO()
    book.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if cell is not None:
                data = data.replace(b"BIGCELL", cell.encode())
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref.encode() + b'"', data)
            dst.writestr(info.filename, data)
    return out.getvalue()


def _profiles(tmp_path):
    folder = tmp_path / "profiles"
    shutil.copytree(ROOT / "profiles" / "shanghai-card-services", folder)
    return folder


@pytest.mark.parametrize("ref", ["A1:XFD1048576", "A1:XFD1", "A1:E1048576", "A1:ZZZZ99999999"])
def test_a_sheet_claiming_a_huge_size_imports_its_real_rows_quickly(tmp_path, ref):
    path = tmp_path / "claim.xlsx"
    path.write_bytes(_xlsx_claiming(ref))
    assert len(path.read_bytes()) < 8_000
    profiles = _profiles(tmp_path)
    before = snapshot(profiles)
    code, err = run_capped(["import", path, "--profiles", profiles, "--dry-run"], tmp_path)
    assert code in (0, 1), err
    # Real rows are read (a dry run says what it would import); an impossible claim is a damaged file.
    assert ("would" in err or "import" in err) if code == 0 else "not a readable .xlsx" in err, err
    assert snapshot(profiles) == before


def test_a_cell_far_to_the_right_is_refused_naming_the_row(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Employee ID", "Competency", "Score", "Date"])
    sheet.cell(2, 16_384, "far")
    path = tmp_path / "wide.xlsx"
    book.save(path)
    text = assert_clean(invoke(["import", path, "--profiles", _profiles(tmp_path), "--dry-run"]), 1)
    assert "row 2" in text and "16,384 columns" in text


@pytest.mark.parametrize("size", [32_768, 200_000])
def test_an_oversized_xlsx_cell_is_refused_naming_row_and_column(tmp_path, size):
    path = tmp_path / "big.xlsx"
    path.write_bytes(_xlsx_claiming("A1:E3", cell="9" * size))
    text = assert_clean(invoke(["import", path, "--profiles", _profiles(tmp_path), "--dry-run"]), 1)
    assert "row 2, column 3" in text and f"{size:,} characters" in text


@pytest.mark.parametrize("size, words", [(131_073, "longer than 128 KB"), (40_000, "40,000 characters")])
def test_an_oversized_csv_cell_is_a_message_naming_the_line(tmp_path, size, words):
    path = tmp_path / "big.csv"
    path.write_text("Employee ID,Competency,Score,Scale,Date\nSHF001,compliance_scripts,4,1-5,2026-10-20\n"
                    f'SHF001,"{"x" * size}",4,1-5,2026-10-20\n', encoding="utf-8")
    text = assert_clean(invoke(["import", path, "--profiles", _profiles(tmp_path), "--dry-run"]), 1)
    assert words in text and ("line 3" in text or "row 3" in text), text


def test_an_unclosed_quote_in_a_csv_is_explained(tmp_path):
    path = tmp_path / "quote.csv"
    rows = "".join(f"SHF001,compliance_scripts,4,1-5,2026-10-{d:02d}\n" for d in range(1, 29)) * 200
    path.write_text('Employee ID,Competency,Score,Scale,Date\nSHF001,"compliance_scripts,4,1-5,2026-10-20\n' + rows,
                    encoding="utf-8")
    text = assert_clean(invoke(["import", path, "--profiles", _profiles(tmp_path), "--dry-run"]), 1)
    assert "unclosed quote" in text


def test_a_csv_with_thousands_of_columns_is_refused(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(5000)) + "\n" + ",".join("1" * 5000) + "\n")
    text = assert_clean(invoke(["import", path, "--profiles", _profiles(tmp_path), "--dry-run"]), 1)
    assert "row 1" in text and "5,000 columns" in text


@pytest.mark.parametrize("text", [bomb(9, 9), "columns:\n  x: " + "[" * 500 + "]" * 500 + "\n",
                                  "columns: {}\ncolumns: {}\n"])
def test_a_hostile_mapping_file_is_a_message_naming_the_line(tmp_path, text):
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(text, encoding="utf-8")
    out = assert_clean(invoke(["import", DATA / "hr" / "assessments_utf8bom_en.csv", "--mapping", mapping,
                               "--profiles", _profiles(tmp_path), "--dry-run"]), 1)
    assert "mapping.yaml:line" in out
