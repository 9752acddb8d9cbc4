"""Entry point: the ``competency`` group and its sub-commands."""

from __future__ import annotations

import click

from .. import __version__
from .catalog_cmd import catalog_group, validate


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="competency")
def cli() -> None:
    """Turn a customer-service competency model into optimal training plans.

    \b
    Typical session:
      competency validate                      # check the catalog
      competency import hr_export.csv          # load assessment results into profiles/
      competency gaps --team T1                # see who needs what
      competency plan --team T1 --out plan.json
      competency report idp --all --plan plan.json --out idp/

    Data goes to stdout; messages and progress go to stderr.
    """


cli.add_command(validate)
cli.add_command(catalog_group)


def _register_optional() -> None:
    # Commands of later features register here; each lives in its own module.
    import importlib

    for name, attr in (
        ("import_cmd", "import_command"),
        ("gaps_cmd", "gaps_command"),
        ("plan_cmd", "plan_command"),
        ("report_cmd", "report_group"),
        ("export_cmd", "export_group"),
    ):
        try:
            module = importlib.import_module(f"{__package__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.{name}":
                raise
            continue
        cli.add_command(getattr(module, attr))


_register_optional()
