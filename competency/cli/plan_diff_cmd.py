"""``competency plan diff OLD NEW``: bookings added, moved and dropped between two plans."""

from __future__ import annotations

from pathlib import Path

import click

from ..io.atomic import write_text_atomic
from ..model import InputError
from .options import raise_input_error, read_plan


@click.command("diff")
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "html"]), default="table", show_default=True)
@click.option("--profiles", "profiles_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("profiles"), show_default=True,
              help="Profile folder, for the reasons (left, completed early); skipped when it does not exist.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of stdout.")
def diff_command(old: Path, new: Path, fmt: str, profiles_dir: Path, out: Path | None) -> None:
    """Bookings added, moved and dropped from OLD to NEW, per agent and per session, each
    with its reason: failed assessment, completed early, left, joined, new gap, budget
    change, missed, new weeks (after OLD's last week: no calendar changes), rescheduled.

    \b
    Examples:
      competency plan diff plan.json plan_week5.json
      competency plan diff plan.json plan_week5.json --format html --out changes.html
      competency plan diff plan.json plan_week5.json --format json | jq '.changes[] | select(.agent_id=="SZM001")'
    """
    from ..io.profiles import load_profiles
    from ..progress.diff import diff_plans
    from ..progress.diff_view import diff_html, diff_json, diff_table

    before, after = read_plan(old, "OLD"), read_plan(new, "NEW")
    profiles = {}
    if profiles_dir.is_dir():
        try:
            profiles = {p.id: p for p in load_profiles(profiles_dir)}
        except InputError as exc:
            raise_input_error(exc)
    diff = diff_plans(before, after, profiles)
    text = {"table": diff_table, "json": diff_json, "html": diff_html}[fmt](diff)
    if out:
        write_text_atomic(out, text)
        click.echo(f"wrote {out}", err=True)
    else:
        click.echo(text, nl=False)
