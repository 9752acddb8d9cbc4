"""`competency import` on the sample HR exports in tests/data/hr (regenerate: make_samples.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from competency.cli.main import cli
from competency.io.profiles import load_profile, load_profiles
from competency.model import Tier

HR = Path(__file__).parent / "data" / "hr"
SAMPLES = Path(__file__).resolve().parents[1] / "profiles"


@pytest.fixture(autouse=True)
def _no_profile_cache(monkeypatch):
    monkeypatch.setenv("COMPETENCY_NO_CACHE", "1")  # keep the user's cache folder clean


@pytest.fixture()
def profiles(tmp_path) -> Path:
    target = tmp_path / "profiles"
    shutil.copytree(SAMPLES, target)
    return target


def run(*args: str):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def test_a_gbk_csv_with_chinese_headers_appends_to_history(profiles):
    before = len(load_profile(profiles, "SZM001").history("equipment_troubleshooting"))
    result = run(HR / "assessments_gbk_zh.csv", "--profiles", profiles)
    assert result.exit_code == 0, result.output
    history = load_profile(profiles, "SZM001").history("equipment_troubleshooting")
    assert len(history) == before + 1
    new = [a for a in history if a.source == "assessments_gbk_zh.csv"][0]
    assert (new.raw, new.tier, new.assessor, str(new.date)) == ("82", Tier.ADVANCED, "李敏", "2026-10-12")


def test_tier_names_self_evaluations_and_failures_are_read_from_the_chinese_file(profiles):
    run(HR / "assessments_gbk_zh.csv", "--profiles", profiles)
    szm002 = load_profile(profiles, "SZM002")
    assert szm002.history("response_timeliness")[-1].tier == Tier.ADVANCED
    failed = [a for a in szm002.history("equipment_troubleshooting") if a.source == "assessments_gbk_zh.csv"][0]
    assert failed.passed is False and failed.tier == Tier.NONE
    self_eval = [a for a in load_profile(profiles, "SZM003").history("empathy") if a.source.endswith("zh.csv")][0]
    assert self_eval.kind == "self"


def test_a_row_with_name_team_role_and_industry_creates_the_missing_profile(profiles):
    result = run(HR / "assessments_gbk_zh.csv", "--profiles", profiles)
    created = load_profile(profiles, "SZM099")
    assert (created.name, created.team, created.role, created.industry) == \
        ("赵子涵", "苏州制造热线一组", "frontline_agent", "manufacturing")
    assert "1 created" in result.stderr


def test_reimporting_the_same_file_changes_no_byte(profiles):
    run(HR / "assessments_gbk_zh.csv", "--profiles", profiles)
    before = snapshot(profiles)
    result = run(HR / "assessments_gbk_zh.csv", "--profiles", profiles)
    assert result.exit_code == 0
    assert snapshot(profiles) == before
    assert "0 imported, 8 unchanged, 0 skipped" in result.stderr


def test_a_utf8_bom_csv_with_english_headers_reads_several_scales(profiles):
    result = run(HR / "assessments_utf8bom_en.csv", "--profiles", profiles)
    assert result.exit_code == 0, result.output
    shf001 = load_profile(profiles, "SHF001")
    assert shf001.history("compliance_scripts")[-1].tier == Tier.ADVANCED  # 4 on 1-5
    dispute = shf001.history("financial_dispute_handling")[-1]
    assert (dispute.tier, dispute.passed) == (Tier.ADVANCED, True)  # pass on an advanced exam
    law = [a for a in load_profile(profiles, "SHF003").history("laws_regulations") if a.raw == "fail"][0]
    assert (law.tier, law.passed, law.level) == (Tier.NONE, False, Tier.BASIC)
    assert load_profile(profiles, "SHF002").history("compliance_scripts")[-1].passed is False  # 2 of 5


def test_an_xlsx_export_imports_through_a_mapping_file_with_its_own_scale(profiles):
    result = run(HR / "lms_export.xlsx", "--profiles", profiles, "--mapping", HR / "lms_mapping.yaml")
    assert result.exit_code == 0, result.output
    entry = load_profile(profiles, "HZR002").history("omnichannel_communication")[-1]
    assert (entry.source, entry.scale, entry.tier, entry.raw) == ("LMS 2026-11", "ten_point", Tier.EXPERT, "9.5")
    assert "row 6, column 学员账号" in result.stderr and "'10004'" in result.stderr
    again = run(HR / "lms_export.xlsx", "--profiles", profiles, "--mapping", HR / "lms_mapping.yaml")
    assert "0 imported, 4 unchanged" in again.stderr


def test_bad_rows_are_listed_with_file_row_column_and_value_and_good_rows_imported(profiles):
    result = run(HR / "assessments_bad_rows.csv", "--profiles", profiles)
    assert result.exit_code == 0
    err = result.stderr
    for expected in ("row 3, column 工号", "'SZM404'", "row 4, column 能力项", "'火箭维修'",
                     "row 5, column 得分", "'八十'", "row 6, column 评估日期", "'2026-13-45'",
                     "row 7, column 得分", "out of range", "row 8, column 工号"):
        assert expected in err
    assert "assessments_bad_rows.csv:row 3" in err
    assert "2 imported, 0 unchanged, 6 skipped" in err
    assert load_profile(profiles, "SZM005").history("standard_scripts")[-1].raw == "66"


def test_strict_on_a_file_with_bad_rows_writes_nothing_and_exits_non_zero(profiles):
    before = snapshot(profiles)
    result = run(HR / "assessments_bad_rows.csv", "--profiles", profiles, "--strict")
    assert result.exit_code == 1
    assert "nothing was written" in result.stderr
    assert snapshot(profiles) == before


def test_dry_run_reports_but_writes_nothing(profiles):
    before = snapshot(profiles)
    result = run(HR / "assessments_gbk_zh.csv", "--profiles", profiles, "--dry-run")
    assert result.exit_code == 0 and "would be written" in result.stderr
    assert snapshot(profiles) == before


def test_a_tab_separated_kpi_report_becomes_kpi_evidence_through_catalog_thresholds(profiles):
    result = run(HR / "kpi_2026-10.tsv", "--profiles", profiles)
    assert result.exit_code == 0, result.output
    szm002 = load_profile(profiles, "SZM002")
    kpi = [a for a in szm002.history("response_timeliness") if a.source == "kpi_2026-10.tsv"]
    assert [(a.metric, a.score, a.kind, str(a.date)) for a in kpi] == \
        [("first_response_seconds", 38.0, "kpi", "2026-10-31")]
    assert kpi[0].tier == Tier.NONE  # 38 s misses even the basic 5 s threshold
    fast = [a for a in load_profile(profiles, "SZM001").history("response_timeliness") if a.source == "kpi_2026-10.tsv"]
    assert fast[0].tier >= Tier.BASIC


def test_kpi_evidence_is_not_filed_under_other_industries_competencies(profiles):
    run(HR / "kpi_2026-10.tsv", "--profiles", profiles)
    assert not load_profile(profiles, "SZM001").history("medical_complaint_handling")


def test_a_missing_agent_column_stops_the_import_and_names_the_mapping_fix(tmp_path, profiles):
    data = tmp_path / "x.csv"
    data.write_text("Person,能力项,得分,日期\nSZM001,主动倾听,80,2026-10-01\n", encoding="utf-8")
    result = run(data, "--profiles", profiles)
    assert result.exit_code == 1 and "--mapping" in result.stderr and "工号" in result.stderr


def test_an_import_into_an_empty_folder_creates_profiles_from_full_rows(tmp_path):
    data = tmp_path / "new.csv"
    data.write_text("工号,姓名,班组,岗位,行业,站点,能力项,得分,评估日期\n"
                    "N1,冯静,杭州二组,新员工,零售,杭州,基本话术,70,2026-10-01\n", encoding="utf-8")
    result = run(data, "--profiles", tmp_path / "profiles")
    assert result.exit_code == 0, result.output
    (profile,) = load_profiles(tmp_path / "profiles")
    assert (profile.role, profile.industry, profile.site) == ("new_agent", "retail", "杭州")
