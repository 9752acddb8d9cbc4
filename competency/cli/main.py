"""Entry point: the ``competency`` group and its sub-commands."""

from __future__ import annotations

import importlib

import click

from .. import __version__

# name -> (module, attribute). Commands are imported only when used, so `competency gaps`
# does not pay for loading OR-Tools, WeasyPrint and icalendar.
COMMANDS = {
    "validate": ("catalog_cmd", "validate"),
    "catalog": ("catalog_cmd", "catalog_group"),
    "import": ("import_cmd", "import_command"),
    "gaps": ("gaps_cmd", "gaps_command"),
    "plan": ("plan_cmd", "plan_command"),
    "progress": ("progress_cmd", "progress_command"),
    "report": ("report_cmd", "report_group"),
    "export": ("export_cmd", "export_group"),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            module, attr = COMMANDS[name]
            self.add_command(getattr(importlib.import_module(f"{__package__}.{module}"), attr), name)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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
