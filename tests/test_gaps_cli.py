"""`competency gaps` on the sample profiles: table, JSON (schema), CSV and the Excel heatmap."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from competency.cli.main import cli
from competency.io.gaps_export import gaps_csv
from competency.io.profiles import dump_profile, load_profiles
from competency.io.spreadsheet import safe_cell
from competency.model import load_catalog
from competency.planner.scoring.gaps import score_team

ROOT = Path(__file__).resolve().parents[1]
PROFILES = ROOT / "profiles"
SCHEMA = ROOT / "competency" / "schemas" / "gaps.schema.json"
TEAM = "苏州制造热线一组"


@pytest.fixture(autouse=True)
def _no_profile_cache(monkeypatch):
    monkeypatch.setenv("COMPETENCY_NO_CACHE", "1")  # keep the user's cache folder clean


def gaps(*args: str):
    return CliRunner().invoke(cli, ["gaps", "--profiles", str(PROFILES), *args])


def test_one_agent_gets_a_ranked_table_with_names_tiers_and_severity():
    result = gaps("--agent", "SZM001", "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert "王建国" in result.stdout and "严重度" not in result.stderr
    assert "设备故障排查" in result.stdout or "产品与服务知识" in result.stdout


def test_a_team_heatmap_lists_every_agent_of_the_team_and_a_legend():
    result = gaps("--team", TEAM)
    assert result.exit_code == 0, result.output
    agents = [p.id for p in load_profiles(PROFILES) if p.team == TEAM]
    assert all(a in result.stdout for a in agents)
    assert "Equipment fault troubleshooting" in result.stdout  # legend of the numbered columns


def test_loading_scoring_and_rendering_a_40_agent_heatmap_takes_well_under_a_second(tmp_path, monkeypatch):
    from rich.console import Console

    from competency.cli.gaps_table import team_table

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("COMPETENCY_NO_CACHE")
    catalog, profiles = load_catalog(), load_profiles(PROFILES)  # the first run fills the parse cache
    assert len(profiles) >= 40
    start = time.process_time()  # CPU time: other jobs on the machine do not count
    results = score_team(catalog, load_profiles(PROFILES))
    Console(file=io.StringIO(), width=200).print(team_table(catalog, results))
    assert time.process_time() - start < 0.6


def test_json_output_round_trips_through_the_documented_schema():
    import jsonschema  # in the dev extra (pyproject.toml)

    result = gaps("--format", "json")
    document = json.loads(result.stdout)
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(document)
    assert json.loads(json.dumps(document, ensure_ascii=False)) == document
    assert len(document["agents"]) == len(load_profiles(PROFILES))


def test_the_same_inputs_give_byte_identical_json_and_xlsx(tmp_path):
    assert gaps("--format", "json").stdout == gaps("--format", "json").stdout
    for name in ("a.xlsx", "b.xlsx"):
        assert gaps("--team", TEAM, "--format", "xlsx", "--out", str(tmp_path / name)).exit_code == 0
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_the_xlsx_heatmap_has_one_row_per_agent_and_coloured_gap_cells(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "team.xlsx"
    gaps("--team", TEAM, "--format", "xlsx", "--out", str(out))
    sheet = load_workbook(out)["Heatmap"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    agents = sum(1 for p in load_profiles(PROFILES) if p.team == TEAM)
    assert len(rows) == agents + 1 and rows[-1][0] == "Total"  # one row per agent, then the totals
    assert any(isinstance(v, int) and v > 0 for row in rows[:-1] for v in row[6:])
    # The steps are coloured by a colour scale over every competency cell of every agent.
    (scaled,) = [str(r.sqref) for r in sheet.conditional_formatting]
    assert scaled == f"G2:{sheet.cell(1, sheet.max_column).column_letter}{agents + 1}"


def test_xlsx_without_out_is_refused_with_the_fix():
    result = gaps("--format", "xlsx")
    assert result.exit_code != 0 and "--out" in result.output


def test_an_unknown_team_lists_the_teams_that_exist():
    result = gaps("--team", "nobody")
    assert result.exit_code != 0 and TEAM in result.output


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)"])
def test_text_that_a_spreadsheet_would_run_as_a_formula_is_neutralised(value):
    assert safe_cell(value) == "'" + value
    assert safe_cell(-3.5) == -3.5 and safe_cell("王芳") == "王芳"


def test_csv_and_xlsx_outputs_neutralise_a_formula_in_an_agent_name(tmp_path):
    from openpyxl import load_workbook

    profile = load_profiles(PROFILES)[0]
    folder = tmp_path / "p"
    folder.mkdir()
    evil = profile.model_copy(update={"name": "=cmd|'/C calc'!A0"})
    (folder / f"{evil.id}.yaml").write_text(dump_profile(evil), encoding="utf-8")
    catalog = load_catalog()
    assert "'=cmd" in gaps_csv(catalog, score_team(catalog, [evil]))
    out = tmp_path / "x.xlsx"
    CliRunner().invoke(cli, ["gaps", "--profiles", str(folder), "--format", "xlsx", "--out", str(out)])
    assert load_workbook(out)["Heatmap"].cell(2, 2).value == "'=cmd|'/C calc'!A0"


def test_a_profile_with_an_unknown_role_is_reported_by_its_file_with_the_valid_roles(tmp_path):
    profile = load_profiles(PROFILES)[0].model_copy(update={"role": "astronaut"})
    (tmp_path / f"{profile.id}.yaml").write_text(dump_profile(profile), encoding="utf-8")
    result = CliRunner().invoke(cli, ["gaps", "--profiles", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{profile.id}.yaml:role" in result.stderr and "frontline_agent" in result.stderr


def test_a_csv_for_excel_starts_with_a_utf8_bom_on_stdout_and_in_a_file_unless_told_not_to(tmp_path):
    piped = gaps("--team", TEAM, "--format", "csv", "--lang", "zh")
    assert piped.exit_code == 0, piped.output
    assert piped.stdout_bytes.startswith(b"\xef\xbb\xbfagent_id,")
    assert gaps("--team", TEAM, "--format", "csv", "--lang", "zh", "--out", str(tmp_path / "g.csv")).exit_code == 0
    assert (tmp_path / "g.csv").read_bytes() == piped.stdout_bytes
    plain = gaps("--team", TEAM, "--format", "csv", "--lang", "zh", "--no-bom")
    assert plain.stdout_bytes == piped.stdout_bytes[3:]
    assert "王建国" in plain.stdout_bytes.decode("utf-8")
