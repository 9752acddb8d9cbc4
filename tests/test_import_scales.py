"""Rating scales, dates, headers and mapping files: the pieces an HR row is read with."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from catalog_factory import small_catalog, write_catalog
from click.testing import CliRunner

from competency.cli.main import cli
from competency.io.hr_headers import load_mapping, resolve_headers
from competency.io.hr_values import parse_date
from competency.io.profiles import load_profile
from competency.io.scales import BUILTIN, find_scale, guess_scale, parse_scales
from competency.model import InputError, Tier


@pytest.fixture(autouse=True)
def _no_profile_cache(monkeypatch):
    monkeypatch.setenv("COMPETENCY_NO_CACHE", "1")


@pytest.mark.parametrize("raw, tier, passed", [
    ("59", Tier.NONE, False), ("60", Tier.BASIC, True), ("74.5", Tier.BASIC, True),
    ("75", Tier.ADVANCED, True), ("90", Tier.EXPERT, True), ("８８分", Tier.ADVANCED, True),
])
def test_the_default_percent_scale_uses_60_75_90_and_passes_from_60(raw, tier, passed):
    reading = BUILTIN["percent"].read(raw)
    assert (reading.tier, reading.passed) == (tier, passed)


def test_five_point_and_four_point_scales_map_to_the_same_tiers():
    assert [BUILTIN["five_point"].read(v).tier for v in (2, 3, 4, 5)] == [0, 1, 2, 3]
    assert [BUILTIN["four_point"].read(v).tier for v in (1, 2, 3, 4)] == [0, 1, 2, 3]


def test_a_score_outside_the_scale_is_refused_with_the_range():
    with pytest.raises(ValueError, match="out of range 1-5"):
        BUILTIN["five_point"].read("7")


def test_tier_names_in_chinese_and_english_are_accepted_directly():
    for raw, tier in (("基础", 1), ("进阶", 2), ("专家", 3), ("Advanced", 2), ("expert", 3)):
        assert guess_scale(raw, BUILTIN).read(raw).tier == tier


def test_pass_fail_results_prove_the_tested_level_or_the_one_below():
    scale = BUILTIN["pass_fail"]
    assert scale.read("通过", Tier.ADVANCED).tier == Tier.ADVANCED
    failed = scale.read("不合格", Tier.ADVANCED)
    assert (failed.tier, failed.passed) == (Tier.BASIC, False)


def test_a_declared_label_scale_maps_letter_grades_to_tiers():
    scales = parse_scales({"qa": {"labels": {"S": "expert", "A": "advanced", "B": "basic", "C": "none"}}}, "m")
    assert scales["qa"].read("a").tier == Tier.ADVANCED and scales["qa"].read("C").passed is False


def test_a_declared_numeric_scale_must_have_ordered_bands():
    with pytest.raises(ValueError, match="scales.ten"):
        parse_scales({"ten": {"min": 0, "max": 10, "basic": 8, "advanced": 7, "expert": 9}}, "scales")


def test_scales_are_found_by_id_or_common_chinese_names():
    assert find_scale("五分制", BUILTIN).id == "five_point" and find_scale("百分制", BUILTIN).id == "percent"
    with pytest.raises(ValueError, match="unknown scale"):
        find_scale("七分制", BUILTIN)


@pytest.mark.parametrize("value", ["2026-03-05", "2026/3/5", "2026年3月5日", "20260305", "2026.3.5",
                                   "2026-03-05 14:30:00", dt.date(2026, 3, 5), 46086])
def test_year_first_dates_excel_dates_and_serials_are_read(value):
    assert parse_date(value) == dt.date(2026, 3, 5)


def test_a_month_is_a_kpi_period_dated_on_its_last_day():
    assert parse_date("2026-02") == dt.date(2026, 2, 28) and parse_date("2026年11月") == dt.date(2026, 11, 30)


def test_an_ambiguous_day_first_date_needs_a_date_format():
    with pytest.raises(ValueError, match="date_format"):
        parse_date("05/03/2026")
    assert parse_date("05/03/2026", "%d/%m/%Y") == dt.date(2026, 3, 5)


def test_headers_match_regardless_of_case_width_spacing_and_notes_in_brackets(tmp_path):
    columns, unknown = resolve_headers(["Employee_ID", "能力项 ", "得分（百分制）", "备注", "一次解决率(%)"],
                                       load_mapping(None))
    assert columns == {0: "agent", 1: "competency", 2: "score", 4: "fcr_rate"} and unknown == [3]


def test_a_mapping_file_with_an_unknown_key_or_target_is_refused(tmp_path):
    bad = tmp_path / "m.yaml"
    bad.write_text("colums: {}\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown key"):
        load_mapping(bad)
    bad.write_text("columns: {人员: person}\n", encoding="utf-8")
    with pytest.raises(InputError, match="person"):
        load_mapping(bad)


@pytest.fixture()
def small(tmp_path):
    data = small_catalog(2)
    data["roles"][0]["name"] = {"en": "Agent", "zh": "坐席"}
    data["evidence"] = {"method": "highest"}
    data["scales"] = {"grade": {"labels": {"A": "expert", "B": "advanced", "C": "basic", "D": "none"}}}
    return write_catalog(tmp_path / "catalog", data)


def test_a_catalog_declares_scales_for_imports_and_the_evidence_rule_for_gaps(tmp_path, small):
    export = tmp_path / "grades.csv"
    export.write_text("工号,姓名,班组,岗位,行业,能力项,得分,量表,评估日期\n"
                      "N1,冯静,T,坐席,general,c0,A,grade,2026-03-01\n"
                      "N1,冯静,T,坐席,general,c0,C,grade,2026-09-01\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["import", str(export), "--profiles", str(tmp_path / "p"), "--catalog", str(small)])
    assert result.exit_code == 0, result.output
    assert [a.tier for a in load_profile(tmp_path / "p", "N1").history("c0")] == [Tier.EXPERT, Tier.BASIC]
    base = ["gaps", "--profiles", str(tmp_path / "p"), "--catalog", str(small), "--format", "json"]
    highest = yaml.safe_load(runner.invoke(cli, base).stdout)
    latest = yaml.safe_load(runner.invoke(cli, [*base, "--rule", "latest"]).stdout)
    assert highest["agents"][0]["current"]["c0"] == "expert" and highest["rule"]["method"] == "highest"
    assert latest["agents"][0]["current"]["c0"] == "basic"


def test_a_long_format_kpi_file_names_the_metric_per_row(tmp_path, small):
    data = yaml.safe_load((small / "competencies.yaml").read_text(encoding="utf-8"))
    data["competencies"][0]["tiers"]["basic"]["kpi"] = [{"metric": "csat", "min": 4.0}]
    (small / "competencies.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    export = tmp_path / "kpi.csv"
    export.write_text("工号,姓名,班组,岗位,行业,指标,数值,日期\nN2,A,T,agent,general,满意度,4.3,2026-10\n",
                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(export), "--profiles", str(tmp_path / "p"),
                                      "--catalog", str(small)])
    assert result.exit_code == 0, result.output
    (entry,) = load_profile(tmp_path / "p", "N2").history("c0")
    assert (entry.kind, entry.metric, entry.score, entry.tier) == ("kpi", "csat", 4.3, Tier.BASIC)
