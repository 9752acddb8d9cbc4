"""`competency progress`: planned vs done vs overdue, pass rate against the target, retraining,
spend and KPI trends, as a table, HTML and a workbook."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from competency.cli.main import cli
from competency.io.profiles import load_profile, save_profile
from competency.model.profile import Assessment

DATA = Path(__file__).parent / "data" / "reports"
PLAN, CATALOG = DATA / "plan.json", DATA / "catalog"  # plan from 2025-03-03, 6 weeks; a001..a003

COMPLETIONS = """工号,课程,完成状态,完成时间
a001,m_listening_roleplay,通过,2025-03-05
a003,m_listening_roleplay,已完成,2025-03-06
a002,m_compliance_basic,已完成,2025-03-04
a002,m_speed_scripts,未通过,2025-03-07
"""
ASSESSMENTS = """工号,能力项,得分,评估日期
a001,active_listening,88,2025-03-10
a002,compliance_scripts,40,2025-03-10
a003,active_listening,95,2025-03-10
"""
# (agent, date, metric, value): KPI evidence as the import stores it under a competency with a threshold
KPI = [("a001", "2025-02-28", "csat", 4.1), ("a001", "2025-03-28", "csat", 4.5), ("a003", "2025-02-28", "csat", 4.3),
       ("a001", "2025-02-28", "complaint_rate", 2.0), ("a001", "2025-03-28", "complaint_rate", 1.2)]


@pytest.fixture(autouse=True)
def _no_profile_cache(monkeypatch):
    monkeypatch.setenv("COMPETENCY_NO_CACHE", "1")


@pytest.fixture()
def profiles(tmp_path) -> Path:
    target = tmp_path / "profiles"
    shutil.copytree(DATA / "profiles", target)
    for name, text in (("lms.csv", COMPLETIONS), ("hr.csv", ASSESSMENTS)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        result = CliRunner().invoke(cli, ["import", str(tmp_path / name), "--profiles", str(target),
                                          "--catalog", str(CATALOG)])
        assert result.exit_code == 0, result.output
    for agent, day, metric, value in KPI:
        profile = load_profile(target, agent)
        entry = Assessment(date=day, source="kpi.csv", kind="kpi", raw=str(value), score=value, tier="basic",
                           metric=metric)
        history = {**profile.assessments, "service_kpi": [*profile.assessments.get("service_kpi", []), entry]}
        save_profile(target, profile.model_copy(update={"assessments": history}))
    return target


def progress(profiles: Path, *args: str):
    return CliRunner().invoke(cli, ["progress", "--plan", str(PLAN), "--profiles", str(profiles),
                                    "--catalog", str(CATALOG), *args])


def test_bookings_whose_week_ended_without_a_completion_are_overdue_and_completions_are_done(profiles):
    result = progress(profiles, "--as-of", "2025-03-17")  # weeks 1 and 2 are over
    assert result.exit_code == 0, result.output
    total = next(line for line in result.output.splitlines() if line.startswith("all "))
    # 11 bookings; done: a001 and a003 roleplay, a002 compliance basic; the failed test does not count
    assert total.split()[1:4] == ["11", "3", "3"]
    assert "a002" in result.output and "overdue m_speed_scripts (week 1)" in result.output
    assert "overdue m_speed_cases (week 2)" in result.output


def test_the_pass_rate_is_measured_against_the_catalog_target_and_failures_open_retraining(profiles):
    result = progress(profiles, "--as-of", "2025-03-17")
    assert "pass target 98.0%" in result.output
    total = next(line for line in result.output.splitlines() if line.startswith("all "))
    assert "66.7%" in total  # 2 of 3 assessments passed
    assert "retraining open: compliance_scripts (failed 2025-03-10)" in result.output


def test_the_html_page_has_charts_and_escapes_names_from_the_profiles(profiles, tmp_path):
    profile = profiles / "a001.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("team: 金融一组", "team: \"<script>x</script>\""),
                       encoding="utf-8")
    out = tmp_path / "progress.html"
    result = progress(profiles, "--as-of", "2025-04-01", "--format", "html", "--out", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count("<svg") >= 3 and "<script>" not in page and "&lt;script&gt;" in page
    assert "csat" in page and "complaint_rate" in page


def test_the_workbook_lists_teams_agents_and_kpi_means_per_cycle(profiles, tmp_path):
    out = tmp_path / "progress.xlsx"
    result = progress(profiles, "--as-of", "2025-04-01", "--format", "xlsx", "--out", str(out))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    assert book.sheetnames == ["teams", "agents", "kpi trends", "about"]
    trend = [r for r in book["kpi trends"].iter_rows(values_only=True) if r[0] == "csat" and r[1] == "all"]
    assert [(r[2], r[3]) for r in trend] == [(0, 4.2), (1, 4.5)]  # the month before the plan, then the first


def test_a_broken_plan_file_is_refused_with_the_file_and_field(profiles, tmp_path):
    bad = tmp_path / "plan.json"
    bad.write_text('{"format_version": "1.2", "weeks": "many"}', encoding="utf-8")
    result = CliRunner().invoke(cli, ["progress", "--plan", str(bad), "--profiles", str(profiles),
                                      "--catalog", str(CATALOG)])
    assert result.exit_code == 1 and "plan.json" in result.output and "weeks" in result.output
    assert "Traceback" not in result.output


def test_a_name_that_looks_like_a_formula_stays_text_in_the_workbook(profiles, tmp_path):
    profile = profiles / "a001.yaml"
    text = profile.read_text(encoding="utf-8")
    name = next(line for line in text.splitlines() if line.startswith("name:"))
    profile.write_text(text.replace(name, 'name: "=HYPERLINK(\\"http://x\\")"'), encoding="utf-8")
    out = tmp_path / "progress.xlsx"
    assert progress(profiles, "--format", "xlsx", "--out", str(out)).exit_code == 0
    agents = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))["agents"]
    names = [row[1] for row in agents.iter_rows(min_row=2, values_only=True)]
    assert "'=HYPERLINK(\"http://x\")" in names
