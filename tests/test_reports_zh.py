"""A Chinese report holds no English sentence: every label, name, reason and limit is Chinese."""

from pathlib import Path

import pytest
from english import allowed_words, english_words, visible_text

from competency.model import load_catalog
from competency.reports import ReportInputs, cohort_bytes, idp_bytes, load_agent_profiles, load_plan

DATA = Path(__file__).parent / "data" / "reports"


def _inputs(plan: str) -> ReportInputs:
    return ReportInputs(load_plan(DATA / plan), load_catalog(DATA / "catalog"), load_agent_profiles(DATA / "profiles"))


def _allowed(inputs: ReportInputs) -> set[str]:
    people = [a.name for a in inputs.plan.agents] + [a.agent_id for a in inputs.plan.agents]
    people += [p.manager or "" for p in inputs.profiles.values()] + [p.team for p in inputs.profiles.values()]
    return allowed_words(inputs.catalog, people + [inputs.plan.solver])  # the solver's name, e.g. CP-SAT


@pytest.mark.parametrize("plan", ["plan.json", "plan_v12.json"])
@pytest.mark.parametrize("fmt", ["html", "md"])
def test_a_chinese_development_plan_has_no_english_word(plan, fmt):
    inputs = _inputs(plan)
    for agent in inputs.plan.agents:
        page = idp_bytes(inputs, agent.agent_id, "zh", fmt).decode("utf-8")
        text = visible_text(page) if fmt == "html" else page
        assert english_words(text, _allowed(inputs)) == [], agent.agent_id


@pytest.mark.parametrize("plan", ["plan.json", "plan_v12.json"])
def test_a_chinese_cohort_report_has_no_english_word(plan):
    inputs = _inputs(plan)
    text = visible_text(cohort_bytes(inputs, "zh", "html").decode("utf-8"))
    assert english_words(text, _allowed(inputs)) == []


def test_the_check_finds_english_in_an_english_plan():
    inputs = _inputs("plan_v12.json")
    text = visible_text(idp_bytes(inputs, "a001", "en", "html").decode("utf-8"))
    assert "Individual" in english_words(text, _allowed(inputs))
