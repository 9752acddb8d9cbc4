"""`competency gaps --lang zh`: every header, legend, note and name is Chinese."""

from pathlib import Path

from click.testing import CliRunner
from english import allowed_words, english_words

from competency.cli.main import cli
from competency.io.profiles import load_profiles
from competency.model import load_catalog

ROOT = Path(__file__).parents[1]
TEAM = "苏州制造热线一组"


def gaps(*args: str) -> str:
    result = CliRunner().invoke(cli, ["gaps", "--profiles", str(ROOT / "profiles"), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _allowed() -> set[str]:
    profiles = load_profiles(ROOT / "profiles")
    return allowed_words(load_catalog(), [p.name for p in profiles] + [p.id for p in profiles])


def test_the_team_heatmap_in_chinese_has_no_english_header_caption_or_legend():
    text = gaps("--team", TEAM, "--lang", "zh")
    assert "工号" in text and "严重度" in text and "名员工未达目标" in text
    assert english_words(text, _allowed()) == []


def test_one_agents_gaps_in_chinese_name_role_industry_and_kpi_results_in_chinese():
    text = gaps("--agent", "SZM001", "--lang", "zh")
    assert "新员工 · 制造业" in text and "首次解决率" in text
    assert english_words(text, _allowed()) == []


def test_english_tables_keep_english_words():
    text = gaps("--agent", "SZM001")
    assert "competency" in text and "First-contact resolution rate" in text and "severity" in text
