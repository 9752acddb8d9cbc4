"""Money is in the catalog's currency everywhere, printed to the unit; values to one decimal."""

from pathlib import Path

from click.testing import CliRunner

from competency.cli.main import cli
from competency.model import load_catalog
from competency.reports.labels import labels, money

DATA = Path(__file__).parent / "data"


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_no_help_text_names_a_fixed_currency():
    for command in (["plan"], ["report", "cohort"], ["report", "idp"], ["gaps"], ["import"]):
        result = run(*command, "--help")
        assert result.exit_code == 0 and "CNY" not in result.output, command


def test_a_euro_catalogs_budget_sweep_is_headed_in_euro_with_money_to_the_unit():
    result = run("plan", "--catalog", DATA / "utility_catalog", "--profiles", DATA / "utility_profiles",
                 "--sweep-budget", "1000:2000:1000", "--weeks", "4")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "per 1k EUR" in lines[0] and "budget EUR" in lines[0] and "CNY" not in result.stdout
    budget, value, bound, gap, cost = lines[1].split()[:5]  # each point carries its bound and gap
    assert budget == "1,000" and "." not in cost and len(value.split(".")[-1]) == 1
    assert len(bound.split(".")[-1]) == 1 and float(bound) >= float(value)
    assert "costs in EUR" in result.stdout


def test_report_labels_carry_the_catalogs_currency():
    assert load_catalog(DATA / "utility_catalog").info.currency == "EUR"
    assert labels("en", "EUR")["marginal"] == "Per extra 1,000 EUR"
    assert labels("zh", "EUR")["marginal"] == "每增加 1,000 EUR 的收益"
    assert money(137810.0004) == "137,810" and money(4289.5) == "4,290"


def test_a_currency_that_is_not_an_iso_code_is_refused(tmp_path):
    from catalog_factory import small_catalog, write_catalog

    data = small_catalog()
    data["catalog"]["currency"] = "€"
    result = run("validate", "--catalog", write_catalog(tmp_path / "c", data))
    assert result.exit_code == 1 and "currency" in result.output
