"""NaN and infinity are bad input everywhere a number is read: catalogs, profiles, plan
files, HR exports and command-line options (issue: hostile input, class 4)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalog_factory import small_catalog, write_catalog
from competency.cli.main import cli
from competency.planner.plan.schema import Plan
from competency.planner.sweep import budgets

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_a_catalog_cost_of_nan_or_infinity_is_an_error_naming_the_field(tmp_path, value):
    data = small_catalog()
    folder = write_catalog(tmp_path / "cat", data)
    text = (folder / "modules.yaml").read_text(encoding="utf-8").replace("cost: 100", f"cost: {value}", 1)
    (folder / "modules.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "--catalog", str(folder)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "modules[0].cost" in result.output and "finite number" in result.output


def test_a_profile_budget_of_infinity_is_refused_with_the_file_named(tmp_path):
    profiles = tmp_path / "profiles"
    shutil.copytree(ROOT / "profiles", profiles)
    target = sorted(profiles.rglob("SHF001.yaml"))[0]
    target.write_text(target.read_text(encoding="utf-8").replace("hours_per_week: 4.0", "hours_per_week: .inf"),
                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["gaps", "--profiles", str(profiles)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "SHF001" in result.output and "hours_per_week" in result.output


@pytest.mark.parametrize("option", [["--budget", "nan"], ["--budget", "inf"], ["--time-limit", "nan"],
                                    ["--work", "inf"], ["--hours-per-week", "nan"]])
def test_nan_and_infinity_on_the_command_line_are_usage_errors_that_teach(option):
    result = CliRunner().invoke(cli, ["plan", *option])
    assert result.exit_code == 2 and "not a finite number" in result.output


@pytest.mark.parametrize("text", ["0:inf:1", "nan:100:10", "0:100000:1"])
def test_a_budget_sweep_needs_plain_numbers_and_at_most_fifty_levels(text):
    result = CliRunner().invoke(cli, ["plan", "--sweep-budget", text])
    assert result.exit_code == 2 and "Traceback" not in result.output
    with pytest.raises(ValueError):
        budgets(*(float(v) for v in text.split(":")))


def test_a_plan_file_with_a_nan_objective_is_refused_before_any_report(tmp_path):
    plan = (DATA / "reports" / "plan.json").read_text(encoding="utf-8")
    bad = tmp_path / "plan.json"
    bad.write_text(_with_nan_objective(plan), encoding="utf-8")
    with pytest.raises(ValueError):
        Plan.model_validate_json(bad.read_text(encoding="utf-8"))
    result = CliRunner().invoke(cli, ["report", "cohort", "--plan", str(bad), "--catalog", str(DATA / "reports" / "catalog")])
    assert result.exit_code != 0 and "Traceback" not in result.output and "objective" in result.output


def _with_nan_objective(text: str) -> str:
    import json

    data = json.loads(text)
    data["objective"] = float("nan")
    return json.dumps(data)  # writes NaN, as a careless tool would


def test_a_kpi_value_of_nan_in_an_hr_export_is_a_row_error(tmp_path):
    profiles = tmp_path / "profiles"
    shutil.copytree(ROOT / "profiles", profiles)
    export = tmp_path / "kpi.tsv"
    lines = (DATA / "hr" / "kpi_2026-10.tsv").read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("\t4.6\t", "\tnan\t")
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in profiles.rglob("*.yaml")}
    result = CliRunner().invoke(cli, ["import", str(export), "--profiles", str(profiles), "--strict"])
    assert "Traceback" not in result.output and result.exit_code != 0
    assert "row 2" in result.output and "finite" in result.output
    assert before == {p: p.read_bytes() for p in profiles.rglob("*.yaml")}
