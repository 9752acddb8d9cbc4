"""``competency progress``: where a plan stands after an evaluation cycle."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..io.atomic import write_bytes_atomic
from ..io.profiles import load_profiles
from ..model import InputError
from .options import UserError, catalog_option, cycle_option, open_catalog, raise_input_error, read_plan


@click.command("progress")
@click.option("--plan", "plan_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The plan file the cycle runs on (competency plan --out).")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]),
              help="Date to report on (default: the newest completion, assessment or KPI in the profiles).")
@cycle_option(default="monthly", help_text="Cycle length for the KPI trends.")
@click.option("--format", "fmt", type=click.Choice(["table", "html", "xlsx"]), default="table", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file (html, xlsx).")
@click.option("--profiles", "profiles_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=Path("profiles"), show_default=True, help="Profile folder.")
@catalog_option
def progress_command(plan_path, as_of, cycle, fmt, out, profiles_dir, catalog_dir) -> None:
    """Planned vs done vs overdue per agent and team, assessment pass rate against the
    catalog's target (98 % by default), mandatory retraining open and closed, hours and
    money spent against the plan, and KPI trends per cycle.

    \b
    Examples:
      competency progress --plan plan.json
      competency progress --plan plan.json --as-of 2026-12-01 --format html --out progress.html
      competency progress --plan plan.json --format xlsx --out progress.xlsx --cycle weekly
    """
    from ..progress.view import progress_context, progress_table

    catalog = open_catalog(catalog_dir)
    plan = read_plan(plan_path, "--plan")
    try:
        profiles = load_profiles(profiles_dir)
    except InputError as exc:
        raise_input_error(exc)
    day = as_of.date() if as_of else _newest(profiles, plan.start_date)
    if fmt == "xlsx" and out is None:
        raise click.BadParameter("an Excel workbook needs a file: add --out progress.xlsx", param_hint="--out")
    context = progress_context(plan, profiles, catalog, day, cycle)
    if context["missing"]:
        click.echo(f"note: {len(context['missing'])} planned agent(s) have no profile: "
                   f"{', '.join(context['missing'][:10])}", err=True)
    if fmt == "table":
        text = progress_table(context) + "\n"
    elif fmt == "html":
        from ..progress.html import progress_html

        text = progress_html(context)
    else:
        from ..progress.xlsx import progress_xlsx

        write_bytes_atomic(out, progress_xlsx(context))
        click.echo(f"wrote {out}", err=True)
        return
    if out:
        write_bytes_atomic(out, text.encode("utf-8"))
        click.echo(f"wrote {out}", err=True)
    else:
        click.echo(text, nl=False)


def _newest(profiles, start: dt.date) -> dt.date:
    # From the data, not the clock, so the same files give the same report.
    dates = [c.date for p in profiles for c in p.completed if c.date]
    dates += [a.date for p in profiles for h in p.assessments.values() for a in h]
    return max([d for d in dates if d >= start], default=start)
