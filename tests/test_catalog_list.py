"""Finding things: `catalog list` with search, and suggestions across case and names."""

import json
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from competency.cli.main import cli
from competency.model.suggest import suggest

ROOT = Path(__file__).parents[1]


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_catalog_list_finds_a_competency_by_its_chinese_name_and_english_words():
    for search in ("共情", "EMPATHY", "empa"):
        result = run("catalog", "list", "--search", search, "--format", "json")
        assert result.exit_code == 0, result.output
        assert [r["id"] for r in json.loads(result.stdout)] == ["empathy"], search


def test_catalog_list_of_every_kind_lists_the_whole_catalog_as_json():
    from competency.model import load_catalog

    catalog = load_catalog()
    for kind in ("competencies", "modules", "roles", "industries"):
        result = run("catalog", "list", kind, "--format", "json")
        assert result.exit_code == 0, result.output
        assert {r["id"] for r in json.loads(result.stdout)} == set(getattr(catalog, kind)), kind


def test_catalog_list_modules_table_shows_names_in_chinese_with_cost_in_the_currency():
    result = run("catalog", "list", "modules", "--search", "complaint_handling_basic_micro", "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert "投诉处理流程分步讲解" in result.stdout and "80 CNY" in result.stdout and "名称" in result.stdout


def test_an_agent_id_in_the_wrong_case_is_suggested_in_the_right_one():
    result = run("gaps", "--profiles", ROOT / "profiles", "--agent", "shf010")
    assert result.exit_code == 2 and "Did you mean SHF010?" in result.output


def test_a_competency_named_in_chinese_or_english_is_suggested_by_its_id():
    for typed in ("共情", "Empathy", "empathie"):
        result = run("catalog", "show", typed)
        assert result.exit_code == 2 and "Did you mean empathy (Empathy)?" in result.output, typed


def test_an_unknown_competency_on_import_suggests_the_catalog_name(tmp_path):
    hr = tmp_path / "hr.csv"
    hr.write_text("工号,评估日期,能力项,得分\nSHF001,2026-10-01,Empathie,80\n", encoding="utf-8")
    result = run("import", hr, "--profiles", ROOT / "profiles", "--dry-run")
    assert "Did you mean 共情 (empathy)?" in result.output


def test_suggestions_put_the_same_id_first_and_nothing_for_nonsense():
    ids = {"SHF010": (), "SHF011": (), "SZM001": ()}
    assert suggest("shf010", ids) == ["SHF010"]
    assert suggest("qqqqqq", ids) == [] and suggest("", ids) == []


def test_an_unknown_industry_on_import_suggests_the_catalog_one(tmp_path):
    hr = tmp_path / "hr.csv"
    hr.write_text("工号,姓名,班组,岗位,行业,评估日期,能力项,得分\nNEW9,李雷,T,一线客服,Finance,2026-10-01,共情,80\n"
                  "NEW8,韩梅,T,frontline_agent,Manufacture,2026-10-01,共情,80\n", encoding="utf-8")
    result = run("import", hr, "--profiles", tmp_path, "--dry-run")
    assert "Did you mean 金融 (finance)?" not in result.output  # Finance is the English name: read as it
    assert "unknown industry 'Manufacture'. Did you mean 制造业 (manufacturing)?" in result.output

_IDS = st.lists(st.from_regex(r"[A-Za-z][A-Za-z0-9_]{2,10}", fullmatch=True), min_size=1, max_size=12,
                unique_by=str.casefold)


@given(_IDS, st.data())
def test_any_id_typed_in_another_case_is_suggested_first_and_alone(ids, data):
    chosen = data.draw(st.sampled_from(ids))
    typed = data.draw(st.sampled_from([chosen.lower(), chosen.upper(), chosen.swapcase()]))
    assert suggest(typed, {i: () for i in ids}) == [chosen]


@given(_IDS, st.data())
def test_a_name_in_either_language_suggests_its_id(ids, data):
    chosen = data.draw(st.sampled_from(ids))
    names = {i: (f"name of {i}", f"{i}的名称") for i in ids}
    assert suggest(f"{chosen}的名称", names)[0] == chosen
    assert suggest(f"NAME OF {chosen}", names)[0] == chosen
