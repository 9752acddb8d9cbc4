"""Entry point: the ``competency`` group and its sub-commands."""

from __future__ import annotations

import errno
import importlib
import os
import sys

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


# What writing to a redirected stdout can meet (a full disk, a quota, a device error).
STDOUT_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG)


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            module, attr = COMMANDS[name]
            self.add_command(getattr(importlib.import_module(f"{__package__}.{module}"), attr), name)
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context):
        # The last line of defence for "no traceback": failures every command can meet
        # (an output that cannot be written, input too big or too deep) become one message
        # and exit code 1. Commands turn their own input problems into messages first.
        from ..io.atomic import WriteError
        from ..reports.fonts import MissingFont
        from ..model import InputError
        from .options import UserError

        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # here, not at exit: a full disk behind stdout is then a message too
            return result
        except MissingFont as exc:
            raise UserError(str(exc)) from exc
        except WriteError as exc:
            raise UserError(str(exc)) from None
        except OSError as exc:
            if exc.errno not in STDOUT_ERRORS:
                raise  # EPIPE (`| head`) included: click ends those runs quietly
            raise UserError(f"cannot write the output: {os.strerror(exc.errno)}; use --out FILE or free space") from None
        except InputError as exc:
            raise UserError(exc.render()) from None
        except RecursionError:
            raise UserError("the input is nested too deeply to read; see docs/security.md") from None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="competency")
def cli() -> None:
    """Turn a customer-service competency model into optimal training plans.

    \b
    Typical session:
      competency validate                      # check the catalog
      competency import hr_export.csv          # load assessment results into profiles/
      competency gaps --team 苏州制造热线一组  # see who needs what
      competency plan --team 苏州制造热线一组 --out plan.json
      competency report idp --all --plan plan.json --out idp/

    Data goes to stdout; messages and progress go to stderr.
    """
