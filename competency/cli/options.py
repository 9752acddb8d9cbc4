"""Click options shared by several commands, defined once."""

from __future__ import annotations

import math
from pathlib import Path

import click
from click.core import ParameterSource

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
    default=None,
    help="Language of names and labels. Default: the catalog's (catalog.yaml `language`).",
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


def percent(text: str) -> float | None:
    """'25%' as the share 0.25; None where the text is no percentage. ValueError on a bad number."""
    text = text.strip()
    return float(text[:-1]) / 100 if text.endswith("%") else None


class PartSize(click.ParamType):
    """--part-size: "auto" or a number of agents (0: never split)."""

    name = "auto|N"

    def convert(self, value, param, ctx):
        if value == "auto" or isinstance(value, int):
            return value
        try:
            size = int(str(value).strip())
        except ValueError:
            self.fail(f"{value!r}: give auto (150 agents, more where models are small), a number of agents "
                      "like 200, or 0 to never split", param, ctx)
        if size < 0:
            self.fail(f"{value!r}: a part holds 1 agent or more (0: never split)", param, ctx)
        return size


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


def profiles_option(help: str = "Profile folder, or SQLite profile database (*.sqlite; docs/import.md).",
                    must_exist: bool = True):
    """--profiles: a YAML folder or an SQLite database, told apart by io/store.is_database."""
    return click.option("--profiles", "profiles_dir", default=Path("profiles"), show_default=True, help=help,
                        type=click.Path(exists=must_exist, file_okay=True, dir_okay=True, path_type=Path))


def executor_options(func):
    """--executor / --ray-address, for commands whose work splits per agent (docs/scale.md)."""
    func = click.option("--ray-address", envvar="RAY_ADDRESS", show_envvar=True,
                        help="Ray cluster to use with --executor ray, e.g. 10.0.0.5:6379 "
                             "(default: a local Ray instance on this machine).")(func)
    return click.option("--executor", "executor_kind", type=click.Choice(["pool", "ray"]), default="pool",
                        show_default=True, envvar="COMPETENCY_EXECUTOR", show_envvar=True,
                        help="Where per-agent work runs: local processes, or Ray (pip install -e '.[ray]'). "
                             "Results are the same on both.")(func)


def open_executor(kind: str, address: str | None, workers: int | None = None):
    from ..exec import make_executor

    if kind == "pool" and address:
        context = click.get_current_context(silent=True)
        typed = context is not None and context.get_parameter_source("ray_address") == ParameterSource.COMMANDLINE
        if typed:  # RAY_ADDRESS in the environment alone does not make the pool an error
            raise click.BadParameter("--ray-address needs --executor ray", param_hint="--ray-address")
        address = None
    try:
        return make_executor(kind, workers, address)
    except RuntimeError as exc:  # Ray missing, or the cluster cannot be reached
        raise click.BadParameter(str(exc), param_hint="--executor") from None
    except ConnectionError as exc:
        raise click.BadParameter(f"cannot reach the Ray cluster at {address}: {exc}; start it with "
                                 "`ray start --head` (docs/scale.md)", param_hint="--ray-address") from None
