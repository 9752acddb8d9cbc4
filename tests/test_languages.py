"""Which language each output is in: the catalog's by default, the profile's for a plan, and an
English report with a note for a language the reports do not have."""

import shutil
from pathlib import Path

import yaml
from catalog_factory import small_catalog, write_catalog
from click.testing import CliRunner

from competency.cli.main import cli
from competency.model import load_catalog
from competency.model.profile import AgentProfile
from competency.reports import ReportInputs, idp_bytes, load_agent_profiles, load_plan

DATA = Path(__file__).parent / "data" / "reports"


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_validate_of_an_english_catalog_prints_english_tier_and_domain_names(tmp_path):
    result = run("validate", "--catalog", write_catalog(tmp_path / "c", small_catalog()))
    assert result.exit_code == 0, result.output
    assert "Core" in result.output and "核心" not in result.output and "基础" not in result.output


def test_validate_of_a_chinese_catalog_prints_chinese_names_and_lang_overrides_it(tmp_path):
    data = small_catalog()
    data["catalog"] = {"id": "small", "name": {"zh": "小目录"}, "language": "zh"}
    folder = write_catalog(tmp_path / "c", data)
    assert load_catalog(folder).language == "zh"
    chinese = run("validate", "--catalog", folder)
    assert chinese.exit_code == 0, chinese.output
    assert "核心" in chinese.output and "基础" in chinese.output and "各领域能力项数" in chinese.output
    english = run("validate", "--catalog", folder, "--lang", "en")
    assert "Core" in english.output and "核心" not in english.output


def test_a_catalog_named_only_in_chinese_is_a_chinese_catalog(tmp_path):
    data = small_catalog()
    data["catalog"] = {"id": "small", "name": {"zh": "小目录"}}
    assert load_catalog(write_catalog(tmp_path / "c", data)).language == "zh"
    assert load_catalog(write_catalog(tmp_path / "e", small_catalog())).language == "en"


def test_a_profile_without_language_leaves_it_unset_rather_than_chinese():
    profile = AgentProfile(id="x1", name="Ann", team="T", role="agent", industry="general")
    assert profile.language is None


def _plan_for_language(tmp_path: Path, language: str | None) -> Path:
    profiles = tmp_path / "profiles"
    shutil.copytree(DATA / "profiles", profiles)
    data = yaml.safe_load((profiles / "a001.yaml").read_text(encoding="utf-8"))
    data.pop("language")
    if language:
        data["language"] = language
    (profiles / "a001.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return profiles


def test_a_japanese_profile_gets_an_english_plan_that_says_why(tmp_path):
    profiles = _plan_for_language(tmp_path, "ja")
    result = run("report", "idp", "a001", "--plan", DATA / "plan.json", "--catalog", DATA / "catalog",
                 "--profiles", profiles, "--format", "md")
    assert result.exit_code == 0, result.output
    assert "Individual development plan" in result.stdout
    assert "The profile asks for Japanese (ja)" in result.stdout


def test_a_profile_without_language_gets_the_catalogs_language(tmp_path):
    profiles = _plan_for_language(tmp_path, None)
    catalog = tmp_path / "catalog"
    shutil.copytree(DATA / "catalog", catalog)
    result = run("report", "idp", "a001", "--plan", DATA / "plan.json", "--catalog", catalog,
                 "--profiles", profiles, "--format", "md")
    assert "Individual development plan" in result.stdout, result.output
    text = (catalog / "catalog.yaml").read_text(encoding="utf-8").replace("currency:", "language: zh\n  currency:")
    (catalog / "catalog.yaml").write_text(text, encoding="utf-8")
    result = run("report", "idp", "a001", "--plan", DATA / "plan.json", "--catalog", catalog,
                 "--profiles", profiles, "--format", "md")
    assert "个人发展计划" in result.stdout, result.output
    assert "profile asks" not in result.stdout


def test_a_chinese_report_carries_no_language_note():
    inputs = ReportInputs(load_plan(DATA / "plan.json"), load_catalog(DATA / "catalog"),
                          load_agent_profiles(DATA / "profiles"))
    assert "profile asks" not in idp_bytes(inputs, "a001", "zh", "md").decode()


def test_hr_language_cells_become_codes_and_japanese_stays_japanese():
    from competency.io.hr_import import language_code

    assert [language_code(v) for v in ("中文", "English", "日本語", "ja", "zh-TW", "英语")] == \
        ["zh", "en", "ja", "ja", "zh-TW", "en"]


def test_every_command_with_lang_speaks_the_catalogs_language_unless_told_otherwise(tmp_path):
    data = small_catalog()
    data["catalog"] = {"id": "small", "name": {"zh": "小目录", "en": "Small"}, "language": "zh"}
    for k, item in enumerate(data["competencies"]):
        item["name"] = {"en": f"Listening {k}", "zh": f"倾听能力{k}"}
    folder = write_catalog(tmp_path / "c", data)
    competency = next(iter(load_catalog(folder).competencies.values()))
    listed = run("catalog", "list", "--catalog", folder)
    assert listed.exit_code == 0, listed.output
    assert competency.name.zh in listed.output and competency.name.en not in listed.output
    shown = run("catalog", "show", competency.id, "--catalog", folder)
    assert shown.exit_code == 0 and competency.name.zh in shown.output
    english = run("catalog", "list", "--catalog", folder, "--lang", "en")
    assert competency.name.en in english.output and competency.name.zh not in english.output
