from pathlib import Path

import pytest
from click.testing import CliRunner

from catalog_factory import competency, module, small_catalog, write_catalog
from competency.cli.main import cli
from competency.model import CatalogError, Tier, load_catalog, load_catalog_with_problems


def errors_of(folder: Path) -> list[str]:
    _, problems = load_catalog_with_problems(folder)
    return [str(p) for p in problems if p.severity == "error"]


def test_a_valid_small_catalog_loads_with_tiers_parsed(tmp_path):
    catalog = load_catalog(write_catalog(tmp_path / "cat", small_catalog()))
    assert set(catalog.competencies) == {"c0", "c1", "c2"}
    assert catalog.roles["agent"].targets["c0"] is Tier.ADVANCED
    assert catalog.modules["m_c0_basic"].raises[0].tier is Tier.BASIC


def test_chinese_tier_names_are_accepted_in_yaml(tmp_path):
    data = small_catalog()
    data["roles"][0]["targets"] = {"c0": "专家", "c1": "进阶"}
    catalog = load_catalog(write_catalog(tmp_path / "cat", data))
    assert catalog.roles["agent"].targets == {"c0": Tier.EXPERT, "c1": Tier.ADVANCED}


def test_every_error_class_is_reported_in_one_run_with_file_and_field(tmp_path):
    data = small_catalog()
    data["competencies"][0]["prerequisites"] = [{"tier": "advanced", "needs": "c1", "needs_tier": "advanced"}]
    data["competencies"][1]["prerequisites"] = [{"tier": "advanced", "needs": "c0", "needs_tier": "advanced"}]
    data["modules"][4]["hours"] = -3
    data["modules"][5]["raises"][0]["competency"] = "no_such_skill"
    data["modules"].append(dict(data["modules"][0]))
    folder = write_catalog(tmp_path / "cat", data)
    (folder / "broken.yaml").write_text("modules:\n  - id: x\n    title: [unclosed\n", encoding="utf-8")

    errors = "\n".join(errors_of(folder))

    assert "broken.yaml:line" in errors and "malformed YAML" in errors
    assert "modules.yaml:modules[4].hours" in errors and "-3" in errors
    assert "modules[5].raises[0].competency" in errors and "no_such_skill" in errors
    assert "duplicate id 'm_c0_basic'" in errors
    assert "prerequisite cycle: " in errors and "c0@advanced" in errors and "c1@advanced" in errors


def test_unknown_fields_are_errors_naming_the_field(tmp_path):
    data = small_catalog()
    data["modules"][0]["hourz"] = 3
    errors = errors_of(write_catalog(tmp_path / "cat", data))
    assert any("modules[0].hourz" in e and "unknown field" in e for e in errors)


def test_a_role_target_no_module_reaches_is_an_error(tmp_path):
    data = small_catalog()
    data["modules"] = [m for m in data["modules"] if m["id"] != "m_c2_advanced"]
    errors = errors_of(write_catalog(tmp_path / "cat", data))
    assert any("roles[0].targets.c2" in e and "unreachable" in e for e in errors)


def test_group_only_fields_on_an_individual_module_are_rejected(tmp_path):
    data = small_catalog()
    data["modules"][0]["class_size"] = {"min": 2, "max": 10}
    errors = errors_of(write_catalog(tmp_path / "cat", data))
    assert any("class_size is only for group formats" in e for e in errors)


def test_load_catalog_raises_with_all_problems_listed(tmp_path):
    data = small_catalog()
    data["modules"][0]["hours"] = 0
    data["roles"][0]["targets"]["ghost"] = "basic"
    with pytest.raises(CatalogError) as info:
        load_catalog(write_catalog(tmp_path / "cat", data))
    assert len([p for p in info.value.problems if p.severity == "error"]) >= 2


def test_validate_exits_1_and_lists_errors_on_stderr(tmp_path):
    data = small_catalog()
    data["modules"][0]["hours"] = -1
    result = CliRunner().invoke(cli, ["validate", "--catalog", str(write_catalog(tmp_path / "c", data))])
    assert result.exit_code == 1
    assert "modules[0].hours" in result.output


def test_validate_prints_counts_for_a_valid_catalog(tmp_path):
    result = CliRunner().invoke(cli, ["validate", "--catalog", str(write_catalog(tmp_path / "c", small_catalog()))])
    assert result.exit_code == 0, result.output
    assert "3 competencies in 1 domains, 9 modules" in result.output


def test_a_catalog_can_be_a_single_file(tmp_path):
    folder = write_catalog(tmp_path / "one", small_catalog(), split=False)
    assert len(load_catalog(folder / "catalog.yaml").modules) == 9


def test_the_installed_package_ships_the_same_catalog_as_the_repo():
    import competency
    from competency.model import default_catalog_dir

    packaged = Path(competency.__file__).parent / "data" / "catalog"
    assert packaged.resolve() == default_catalog_dir().resolve()
    assert len(load_catalog(packaged).competencies) >= 30


def test_two_separate_cycles_are_both_reported(tmp_path):
    data = small_catalog()
    data["competencies"][0]["prerequisites"] = [{"tier": "advanced", "needs": "c1", "needs_tier": "advanced"}]
    data["competencies"][1]["prerequisites"] = [{"tier": "advanced", "needs": "c0", "needs_tier": "advanced"}]
    data["competencies"][2]["prerequisites"] = [{"tier": "basic", "needs": "c2", "needs_tier": "expert"}]
    errors = [e for e in errors_of(write_catalog(tmp_path / "cat", data)) if "prerequisite cycle" in e]
    assert len(errors) == 2
    assert any("c0@advanced -> c1@advanced -> c0@advanced" in e for e in errors)
    assert any("c2@expert -> c2@basic" in e for e in errors)


def test_a_share_minimum_written_as_a_percentage_is_an_error_that_says_to_write_a_fraction(tmp_path):
    data = small_catalog()
    data["industries"][0]["shares"] = [{"tag": "core", "min": 25}]
    result = CliRunner().invoke(cli, ["validate", "--catalog", str(write_catalog(tmp_path / "c", data))])
    assert result.exit_code == 1
    assert "industries[0].shares[0].min" in result.output and "write 0.25 for 25 %" in result.output
    data["industries"][0]["shares"] = [{"tag": "core", "min": 0.25}]
    data["modules"][0]["tags"] = ["core"]
    assert load_catalog(write_catalog(tmp_path / "ok", data)).industries["general"].shares[0].min == 0.25
