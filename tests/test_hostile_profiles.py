"""Hostile agent profiles through gaps and reports (classes 3, 4, 5, 7 of issue 14).

Every field of a profile gets values an attacker or a broken export would write. Each case
must end in exit 0 with inert output (text stays text in HTML, no live formula in CSV or
XLSX) or exit 1 with the file and field named; never a traceback, and the profiles folder
is never changed by reading it.
"""

import csv
import io
import shutil

import openpyxl
import pytest
import yaml

from competency.io.spreadsheet import FORMULA_STARTS
from hostile import REPORTS, assert_clean, assert_inert, invoke, snapshot

TEXTS = [
    '=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "@SUM(1)", "-1+1",
    "</style><script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "a001\n} @import url(x);",
    "line\r\nbreak", "tab\there\x0bvt\x1besc", "\u202eevil\u202c", "x" * 20_000, "😀 表情 \u0000 nul", "",
]
FIELDS = ["name", "team", "site", "manager"]
BAD_VALUES = [
    ("hours_per_week", -1), ("hours_per_week", 1e308), ("hours_per_week", "x"), ("hours_per_week", float("nan")),
    ("hours_per_week", float("inf")), ("budget", -5), ("budget", float("-inf")), ("language", "zh CN; drop"),
    ("role", "ghost_role"), ("role", "r" * 81), ("role", "../etc"), ("industry", "ghost"), ("id", "../../a001"),
    ("id", "a" * 81), ("id", ""), ("id", None), ("name", None), ("name", ["list"]), ("team", {"a": 1}),
    ("assessments", {"active_listening": [{"date": "0001-01-01", "source": "s", "raw": "1", "tier": "basic"}]}),
    ("assessments", {"active_listening": [{"date": "9999-12-31", "source": "s", "raw": "1", "tier": "basic"}]}),
    ("assessments", {"active_listening": [{"date": "2025-01-01", "source": "s", "raw": "1", "tier": 7}]}),
    ("assessments", {"active_listening": [{"date": "2025-01-01", "source": "s", "raw": "1", "tier": "godlike"}]}),
    ("assessments", {"active_listening": [{"date": "2025-01-01", "source": "s", "raw": "1", "tier": "basic",
                                           "score": float("nan")}]}),
    ("assessments", {"active_listening": [{"date": "2025-01-01", "source": "s", "raw": "1", "tier": "basic",
                                           "kind": "rumour"}]}),
    ("assessments", {"active_listening": "not a list"}), ("assessments", [1, 2]), ("extra_field", 1),
]
WHOLE_FILES = [
    b"", b"- a\n- b\n", b"just text\n", b"\xff\xfe\x00\x01", b"id: a001\nid: a001\n", b"{" * 50_000,
    b"x: " + b"[" * 500 + b"]" * 500 + b"\n", b"a: &a [1,1,1,1,1,1,1,1,1,1]\n" + b"".join(
        b"%c: &%c [" % (98 + i, 98 + i) + b",".join([b"*%c" % (97 + i)] * 10) + b"]\n" for i in range(7)),
    b"!!python/object/apply:os.system ['echo pwned']\n", b"id: !!binary aGVsbG8=\n",
]


def _folder(tmp_path, field=None, value=None, raw: bytes | None = None):
    folder = tmp_path / "profiles"
    shutil.copytree(REPORTS / "profiles", folder)
    target = folder / "a001.yaml"
    if raw is not None:
        target.write_bytes(raw)
    elif field is not None:
        profile = yaml.safe_load(target.read_text(encoding="utf-8"))
        profile[field] = value
        target.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    return folder


def _no_formulas_csv(text):
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            assert not cell.lstrip(" ").startswith(FORMULA_STARTS), cell[:80]


def _no_formulas_xlsx(path):
    for sheet in openpyxl.load_workbook(path).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                assert not (isinstance(cell.value, str) and cell.value.lstrip(" ").startswith(FORMULA_STARTS))


def _run_all(tmp_path, folder) -> int:
    """gaps as CSV and XLSX, the IDP as HTML; returns the exit code, which all must share."""
    before = snapshot(folder)
    common = ["--catalog", REPORTS / "catalog", "--profiles", folder]
    codes = []
    csv_out, xlsx_out, html_out = tmp_path / "g.csv", tmp_path / "g.xlsx", tmp_path / "i.html"
    for args, out in ((["gaps", "--format", "csv"], csv_out), (["gaps", "--format", "xlsx"], xlsx_out),
                      (["report", "idp", "a001", "--plan", REPORTS / "plan.json", "--format", "html"], html_out)):
        result = invoke([*args, *common, "--out", out])
        assert_clean(result, (0, 1))
        codes.append(result.exit_code)
        if result.exit_code == 1:
            assert "a001.yaml" in result.output, result.output
            assert not out.exists()
    if csv_out.exists():
        _no_formulas_csv(csv_out.read_bytes().decode("utf-8-sig"))
    if xlsx_out.exists():
        _no_formulas_xlsx(xlsx_out)
    if html_out.exists():
        assert_inert(html_out.read_bytes(), "idp")
    assert snapshot(folder) == before
    return max(codes)


@pytest.mark.parametrize("text", TEXTS, ids=[repr(t[:12]) for t in TEXTS])
@pytest.mark.parametrize("field", FIELDS)
def test_hostile_text_in_a_profile_stays_inert_in_every_output(tmp_path, field, text):
    assert _run_all(tmp_path, _folder(tmp_path, field, text)) == 0


@pytest.mark.parametrize("field, value", BAD_VALUES, ids=[f"{f}={str(v)[:16]!r}" for f, v in BAD_VALUES])
def test_a_bad_profile_value_is_refused_naming_the_file(tmp_path, field, value):
    assert _run_all(tmp_path, _folder(tmp_path, field, value)) == 1


@pytest.mark.parametrize("raw", WHOLE_FILES, ids=range(len(WHOLE_FILES)))
def test_a_profile_file_that_is_not_a_profile_is_refused_naming_it(tmp_path, raw):
    assert _run_all(tmp_path, _folder(tmp_path, raw=raw)) == 1


def test_history_for_a_competency_the_catalog_no_longer_has_is_kept_and_ignored(tmp_path):
    entry = [{"date": "2025-01-01", "source": "s", "raw": "1", "tier": "basic"}]
    assert _run_all(tmp_path, _folder(tmp_path, "assessments", {"retired_competency": entry})) == 0
