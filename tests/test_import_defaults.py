"""HR exports without role/industry columns, scales per column, and tier words in a percent column."""

from pathlib import Path

import yaml
from click.testing import CliRunner

from competency.cli.main import cli
from competency.io.profiles import load_profiles
from competency.model.tiers import Tier


def _import(tmp_path: Path, csv_text: str, mapping: dict | None = None, *extra: str):
    hr = tmp_path / "hr.csv"
    hr.write_text(csv_text, encoding="utf-8")
    args = ["import", str(hr), "--profiles", str(tmp_path / "profiles"), *extra]
    if mapping is not None:
        (tmp_path / "map.yaml").write_text(yaml.safe_dump(mapping, allow_unicode=True), encoding="utf-8")
        args += ["--mapping", str(tmp_path / "map.yaml")]
    (tmp_path / "profiles").mkdir(exist_ok=True)
    return CliRunner().invoke(cli, args)


EXPORT = "工号,姓名,评估日期,能力项,得分\nNEW01,李雷,2026-10-01,共情,82\n"


def test_a_mapping_files_defaults_create_agents_an_export_has_no_role_or_industry_for(tmp_path):
    defaults = {"role": "frontline_agent", "industry": "制造业", "team": "新人班", "site": "苏州",
                "hours_per_week": 3}
    result = _import(tmp_path, EXPORT, {"defaults": defaults})
    assert result.exit_code == 0, result.output
    (profile,) = load_profiles(tmp_path / "profiles")
    assert (profile.role, profile.industry, profile.team, profile.site) == \
        ("frontline_agent", "manufacturing", "新人班", "苏州")
    assert profile.hours_per_week == 3 and profile.assessments["empathy"][0].tier == Tier.ADVANCED


def test_without_defaults_the_error_says_a_mapping_file_can_give_them(tmp_path):
    result = _import(tmp_path, EXPORT, None, "--strict")
    assert result.exit_code == 1 and "defaults:" in result.output and "role" in result.output


def test_a_default_role_that_is_not_in_the_catalog_is_named_with_the_choices(tmp_path):
    result = _import(tmp_path, EXPORT, {"defaults": {"role": "nurse", "industry": "finance", "team": "T"}})
    assert result.exit_code == 1 and "defaults.role" in result.output and "frontline_agent" in result.output
    # Nothing written: only the (empty) lock file imports take turns with (io/store.py).
    assert [p.name for p in (tmp_path / "profiles").iterdir()] in ([], [".competency.lock"])


def test_a_column_can_carry_its_own_scale(tmp_path):
    mapping = {"columns": {"评分": {"field": "score", "scale": "five_point"}},
               "defaults": {"role": "frontline_agent", "industry": "finance", "team": "T"}}
    result = _import(tmp_path, "工号,姓名,评估日期,能力项,评分\nNEW01,李雷,2026-10-01,共情,4\n", mapping)
    assert result.exit_code == 0, result.output
    entry = load_profiles(tmp_path / "profiles")[0].assessments["empathy"][0]
    assert entry.scale == "five_point" and entry.tier == Tier.ADVANCED


def test_a_tier_word_in_a_percent_column_is_read_as_the_tier(tmp_path):
    mapping = {"scale": "percent", "defaults": {"role": "frontline_agent", "industry": "finance", "team": "T"}}
    result = _import(tmp_path, "工号,姓名,评估日期,能力项,得分\nNEW01,李雷,2026-10-01,共情,进阶\n", mapping)
    assert result.exit_code == 0, result.output
    entry = load_profiles(tmp_path / "profiles")[0].assessments["empathy"][0]
    assert entry.tier == Tier.ADVANCED and entry.scale == "tiers" and entry.raw == "进阶"


def test_a_word_that_is_no_tier_in_a_percent_column_says_what_to_write(tmp_path):
    mapping = {"scale": "percent", "defaults": {"role": "frontline_agent", "industry": "finance", "team": "T"}}
    result = _import(tmp_path, "工号,姓名,评估日期,能力项,得分\nNEW01,李雷,2026-10-01,共情,良好\n", mapping, "--strict")
    assert result.exit_code == 1
    assert "row 2, column 得分" in result.output and "基础/进阶/专家" in result.output
