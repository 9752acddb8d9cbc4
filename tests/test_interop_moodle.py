"""Moodle competency framework CSV: import mapping, lossless export, rejections."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from competency.interop import export_catalog, import_framework
from competency.model import InputError, Tier

DATA = Path(__file__).parent / "data" / "interop"
FIXTURE = DATA / "moodle_framework.csv"


@pytest.fixture(scope="module")
def imported():
    return import_framework(FIXTURE, "moodle").catalog


def rows(text: str) -> dict[str, list[str]]:
    return {r[1]: r for r in list(csv.reader(io.StringIO(text, newline="")))[1:]}


def test_top_level_rows_with_children_become_domains_and_the_rest_competencies(imported):
    assert sorted(imported.domains) == ["COMM", "CS-FW_framework", "PROC"]
    assert imported.competencies["COMM-LISTEN"].domain == "COMM"
    assert imported.competencies["ETIQ"].domain == "CS-FW_framework"
    assert len(imported.competencies) == 7


def test_third_level_rows_keep_their_parent_and_the_domain_of_the_top(imported):
    child = imported.competencies["COMM-LISTEN-1"]
    assert child.parent == "COMM-LISTEN" and child.domain == "COMM"
    assert imported.competencies["COMM-LISTEN"].parent is None


def test_an_id_number_with_a_comma_gets_a_valid_id_and_keeps_the_original(imported):
    comp = imported.competencies["PROC-A_B"]
    assert comp.external["moodle"]["idnumber"] == "PROC-A,B"
    related = [r.competency for r in imported.competencies["COMM-EMPATHY"].references]
    assert related == ["COMM-LISTEN", "PROC-A_B"]  # "PROC-A%2CB" in the cross-reference column


def test_html_descriptions_become_plain_text_and_quoted_newlines_survive(imported):
    assert imported.competencies["COMM-LISTEN"].description.en == "Hears the whole request\nbefore answering."
    assert imported.competencies["COMM-EMPATHY"].description.zh == "识别客户情绪，\n并用恰当的语气回应。"
    plain = imported.competencies["PROC-ESC"].description.en  # format 2: not HTML
    assert plain == "Escalates complaints within 10 minutes.\nKeeps the customer informed."


def test_tiers_come_from_the_proficient_scale_value_and_those_above_it(imported):
    tiers = imported.competencies["COMM-LISTEN"].tiers
    shown = [tiers[t].indicators[-1].en for t in (Tier.BASIC, Tier.ADVANCED, Tier.EXPERT)]
    assert shown == [f"Rated “{v}” on the Moodle scale" for v in ("Competent", "Proficient", "Expert")]


def test_a_competency_with_its_own_two_value_scale_rates_every_tier_by_its_proficient_value(imported):
    tiers = imported.competencies["PROC-A_B"].tiers
    assert {tiers[t].indicators[-1].en for t in tiers} == {"Rated “Yes” on the Moodle scale"}
    assert tiers[Tier.EXPERT].indicators[0].en.startswith("Handles exceptions and coaches others")


def test_export_of_an_imported_file_gives_back_every_row_and_column(imported):
    text, notes = export_catalog(imported, "moodle")
    assert rows(text) == rows(FIXTURE.read_text(encoding="utf-8"))
    assert text == FIXTURE.read_text(encoding="utf-8") and notes == []


def test_export_keeps_rules_scale_configuration_exported_ids_and_taxonomy(imported):
    out = rows(export_catalog(imported, "moodle")[0])
    assert out["COMM-LISTEN"][7] == "core_competency\\competency_rule_points"
    assert '"id":"103"' in out["COMM-LISTEN"][9] and out["COMM-LISTEN"][11] == "102"
    assert out["CS-FW"][12] == "1" and out["CS-FW"][13] == "domain,competency,behaviour"
    assert out["PROC-A,B"][5] == "No,Yes" and out["PROC-A,B"][10] == "COMM-EMPATHY"


def test_a_description_edited_after_import_is_exported_as_fresh_html(imported):
    comp = imported.competencies["COMM-LISTEN"]
    edited = comp.model_copy(update={"description": comp.description.model_copy(update={"en": "Lets them finish & waits"})})
    catalog = imported.model_copy(update={"competencies": {**imported.competencies, comp.id: edited}})
    assert rows(export_catalog(catalog, "moodle")[0])["COMM-LISTEN"][3] == "<p>Lets them finish &amp; waits</p>"


@pytest.mark.parametrize("name, where, reason", [
    ("bad_moodle_wrong_columns.csv", "row 5 (line 6)", "has 12 columns, expected 14"),
    ("bad_moodle_unknown_parent.csv", "row 6 (line 7)", "parent id number 'COMM-LISTENING' does not exist"),
    ("bad_moodle_two_frameworks.csv", "row 2 (line 2), row 8 (line 10)", "2 framework rows"),
])
def test_bad_files_are_rejected_with_file_row_and_reason(name, where, reason):
    with pytest.raises(InputError) as caught:
        import_framework(DATA / name, "moodle")
    problem = caught.value.problems[0]
    assert problem.file.endswith(name) and problem.where == where and reason in problem.message


def test_parent_links_that_loop_are_rejected(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8").replace("\n,PROC,", "\nPROC-ESC,PROC,", 1)
    (tmp_path / "loop.csv").write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="form a loop"):
        import_framework(tmp_path / "loop.csv", "moodle")
