"""Click options shared by several commands, defined once."""

from __future__ import annotations

import math
from pathlib import Path

import click

from ..model import CatalogError, InputError, load_catalog
from ..model.catalog import Catalog

catalog_option = click.option(
    "--catalog",
    "catalog_dir",
    type=click.Path(exists=True, file_okay=True, dir_okay=True, path_type=Path),
    default=None,
    envvar="COMPETENCY_CATALOG",
    show_envvar=True,
    help="Catalog folder of YAML files. Default: the shipped customer-service catalog.",
)

lang_option = click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    default="en",
    show_default=True,
    help="Language of names and labels.",
)


bom_option = click.option(
    "--bom/--no-bom",
    default=True,
    show_default=True,
    help="Start a CSV with a UTF-8 byte-order mark, on stdout too, so Excel shows Chinese correctly; "
         "--no-bom for tools that do not expect one.",
)
force_plan_option = click.option(
    "--force", is_flag=True,
    help="Render a plan that is not complete (PARTIAL, INFEASIBLE, UNKNOWN) or was made with another "
         "catalog anyway; unknown modules then show as raw ids.")


class FiniteFloat(click.FloatRange):
    """A float within a range that is a real number: 'nan' and 'inf' are refused with a
    message, where click's FloatRange lets them through (nan compares false to any bound)."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number; give a plain number such as 60000", param, ctx)
        return number


def open_catalog(catalog_dir: Path | None) -> Catalog:
    """Load a catalog or stop with every problem listed (exit code 1)."""
    try:
        return load_catalog(catalog_dir)
    except CatalogError as exc:
        raise UserError(exc.render()) from exc


class UserError(click.ClickException):
    """A mistake in user input: message on stderr, exit code 1."""

    exit_code = 1

    def format_message(self) -> str:
        return self.message


def raise_input_error(exc: InputError) -> None:
    raise UserError(exc.render()) from exc


CYCLES = ("weekly", "monthly", "quarterly")
MAX_PLAN_BYTES = 64 * 1024 * 1024  # a 10,000-agent plan is ~40 MB; anything bigger is not a plan


def cycle_option(default: str | None, help_text: str):
    return click.option("--cycle", type=click.Choice(CYCLES), default=default, show_default=default is not None,
                        help=f"{help_text} weekly = 1 week, monthly = 4 weeks, quarterly = 13 weeks.")


def read_plan(path: Path, hint: str):
    """A plan file, or exit 1 naming the file and the field that is wrong."""
    from ..reports.inputs import load_plan

    if path.stat().st_size > MAX_PLAN_BYTES:
        raise click.BadParameter(f"{path} is larger than {MAX_PLAN_BYTES >> 20} MB; not a plan file",
                                 param_hint=hint)
    try:
        return load_plan(path)
    except InputError as exc:
        raise_input_error(exc)
