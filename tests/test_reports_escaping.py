"""User text is inert in every report format: a profile named <script>alert(1)</script> and a
module titled =HYPERLINK(...) appear as text, never as markup or a spreadsheet formula."""

import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from needs import tool
import yaml

from competency.model import load_catalog
from competency.reports import ReportInputs, cohort_bytes, idp_bytes, load_agent_profiles, load_plan

DATA = Path(__file__).parent / "data" / "reports"
SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x","y")'


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> ReportInputs:
    root = tmp_path_factory.mktemp("hostile")
    catalog = yaml.safe_load((DATA / "catalog" / "catalog.yaml").read_text(encoding="utf-8"))
    for module in catalog["modules"]:
        if module["id"] == "m_speed_cases":
            module["title"] = {"en": FORMULA, "zh": FORMULA}
    (root / "catalog").mkdir()
    (root / "catalog" / "catalog.yaml").write_text(yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8")
    shutil.copytree(DATA / "profiles", root / "profiles")
    profile = yaml.safe_load((root / "profiles" / "a001.yaml").read_text(encoding="utf-8"))
    profile.update(name=SCRIPT, manager=SCRIPT)
    (root / "profiles" / "a001.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    plan = load_plan(DATA / "plan.json")
    agents = [a.model_copy(update={"name": SCRIPT}) if a.agent_id == "a001" else a for a in plan.agents]
    return ReportInputs(plan.model_copy(update={"agents": agents}), load_catalog(root / "catalog"),
                        load_agent_profiles(root / "profiles"))


@pytest.mark.parametrize("kind", ["idp", "cohort"])
def test_html_reports_show_the_script_name_as_text_only(hostile, kind):
    data = idp_bytes(hostile, "a001", "en", "html") if kind == "idp" else cohort_bytes(hostile, "en", "html")
    html = data.decode()
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "=HYPERLINK(&#34;http://x&#34;,&#34;y&#34;)" in html


def test_markdown_reports_escape_the_script_tag(hostile):
    text = idp_bytes(hostile, "a001", "en", "md").decode()
    assert "<script>" not in text and r"\<script\>alert(1)\</script\>" in text


def test_the_cohort_workbook_stores_the_formula_title_as_plain_text(hostile):
    book = openpyxl.load_workbook(io.BytesIO(cohort_bytes(hostile, "en", "xlsx")))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"], "a cell would run as a formula"
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert "'" + FORMULA in texts and SCRIPT in texts
    assert not any(t.startswith(("=", "+", "@")) for t in texts)


def test_the_pdf_shows_the_script_name_and_formula_as_printed_text(hostile, tmp_path):
    tool("pdftotext")
    pdf = idp_bytes(hostile, "a001", "en", "pdf")
    assert b"/JavaScript" not in pdf and b"/JS" not in pdf
    (tmp_path / "idp.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "idp.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())  # table cells wrap long titles over lines
    assert SCRIPT in flat and FORMULA in flat


def test_site_and_trainer_names_of_a_1_2_plan_are_text_in_every_format():
    from competency.model.catalog import Site, Text, Trainer

    catalog = load_catalog(DATA / "catalog")
    catalog = catalog.model_copy(update={
        "sites": {**catalog.sites, "chengdu": Site(id="chengdu", name=Text(en=SCRIPT, zh=SCRIPT))},
        "trainers": {**catalog.trainers, "t_sun": Trainer(id="t_sun", name=Text(en=FORMULA, zh=FORMULA),
                                                           sites=["chengdu"], modules=["m_compliance_objections"])}})
    inputs = ReportInputs(load_plan(DATA / "plan_v12.json"), catalog, load_agent_profiles(DATA / "profiles"))
    for html in (idp_bytes(inputs, "a001", "zh", "html").decode(), cohort_bytes(inputs, "en", "html").decode()):
        assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "=HYPERLINK(&#34;http://x&#34;,&#34;y&#34;)" in html
    for md in (idp_bytes(inputs, "a001", "en", "md").decode(), cohort_bytes(inputs, "zh", "md").decode()):
        assert "<script>" not in md and r"\<script\>alert(1)\</script\>" in md
    book = openpyxl.load_workbook(io.BytesIO(cohort_bytes(inputs, "en", "xlsx")))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    assert "'" + FORMULA in {c.value for c in cells}
