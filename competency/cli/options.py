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


def profiles_option(help: str = "Profile folder, or SQLite profile database (*.sqlite; docs/import.md).",
                    must_exist: bool = True):
    """--profiles: a YAML folder or an SQLite database, told apart by io/store.is_database."""
    return click.option("--profiles", "profiles_dir", default=Path("profiles"), show_default=True, help=help,
                        type=click.Path(exists=must_exist, file_okay=True, dir_okay=True, path_type=Path))
