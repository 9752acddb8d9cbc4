"""Golden files for the Markdown and HTML reports of one sample agent and the sample cohort.

The inputs are fixtures under tests/data/reports/ (catalog, profiles and hand-written plan
files: plan.json in format 1.0, plan_v12.json with reasons, sites, trainers and gap limits),
so solver changes never move these files. When a report changes on purpose,
regenerate and review the diff:

    UPDATE_GOLDEN=1 python -m pytest -q tests/test_reports_golden.py
"""

import os
from pathlib import Path

import pytest

from competency.model import load_catalog
from competency.reports.cohort import build_cohort
from competency.reports.idp import build_idp
from competency.reports.inputs import ReportInputs, load_agent_profiles, load_plan
from competency.reports.render import render

DATA = Path(__file__).parent / "data" / "reports"
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def sample_inputs(plan: str = "plan.json") -> ReportInputs:
    return ReportInputs(load_plan(DATA / plan), load_catalog(DATA / "catalog"),
                        load_agent_profiles(DATA / "profiles"))


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} missing; run with UPDATE_GOLDEN=1 to create it"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from the golden file"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_sample_agents_plan_matches_its_golden_file(fmt, lang):
    check_golden(f"idp_a001_{lang}.{fmt}", render("idp", build_idp(sample_inputs(), "a001", lang), fmt))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_sample_cohort_curriculum_matches_its_golden_file(fmt, lang):
    check_golden(f"cohort_{lang}.{fmt}", render("cohort", build_cohort(sample_inputs(), lang), fmt))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_format_1_2_plan_shows_reasons_venues_trainers_and_limits_as_in_its_golden_files(fmt, lang):
    # plan_v12.json: plan.json with booking reasons, sites, trainers and gap limits.
    inputs = sample_inputs("plan_v12.json")
    check_golden(f"idp_a001_v12_{lang}.{fmt}", render("idp", build_idp(inputs, "a001", lang), fmt))
    check_golden(f"cohort_v12_{lang}.{fmt}", render("cohort", build_cohort(inputs, lang), fmt))


def test_rendering_twice_gives_identical_text():
    first = render("cohort", build_cohort(sample_inputs(), "zh"), "html")
    assert first == render("cohort", build_cohort(sample_inputs(), "zh"), "html")


@pytest.mark.parametrize("name", ["idp_a001_en.html", "cohort_zh.html"])
def test_html_reports_load_nothing_from_outside_the_file(name):
    html = (GOLDEN / name).read_text(encoding="utf-8")
    for fetch in ("src=", "href=", "url(", "@import", "<link", "<script"):
        assert fetch not in html, f"{name} would fetch or run something: {fetch}"
    assert "<svg" in html and "<style>" in html
