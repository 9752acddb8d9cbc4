"""``competency export ics``: plan sessions for calendar programs."""

from __future__ import annotations

import re
from pathlib import Path

import click

from ..reports.calendar import plan_to_ics
from .options import catalog_option, force_plan_option, lang_option
from .report_cmd import emit, open_inputs, plan_option


@click.group("export")
def export_group() -> None:
    """Export a plan to other tools (calendars)."""


@export_group.command("ics")
@plan_option
@catalog_option
@click.option("--agent", "agent_id", default=None,
              help="Only this agent: their group sessions and their individual modules.")
@lang_option
@click.option("--mail-domain", default=None, metavar="DOMAIN",
              help="Invite agents as AGENT_ID@DOMAIN. Default: urn:competency:agent:AGENT_ID.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Output .ics file. Default: stdout.")
@force_plan_option
def ics(plan_path: Path, catalog_dir: Path | None, agent_id: str | None, lang: str,
        mail_domain: str | None, out: Path | None, force: bool) -> None:
    """Write an iCalendar (RFC 5545) file: one all-day event per group session.

    The plan fixes the week, not the hour: events start on the first day of
    their plan week and last one day per 8 training hours, for trainers to
    move to the real slot. UIDs are stable, so re-importing updates events.

    \b
    Examples:
      competency export ics --plan plan.json --out sessions.ics
      competency export ics --plan plan.json --agent a001 --lang zh --out a001.ics
    """
    inputs = open_inputs(plan_path, catalog_dir, None, force)
    if agent_id is not None and agent_id not in {a.agent_id for a in inputs.plan.agents}:
        raise click.BadParameter(f"agent {agent_id!r} is not in {plan_path}", param_hint="--agent")
    if mail_domain is not None and not re.fullmatch(r"[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*",
                                                    mail_domain):
        raise click.BadParameter(f"{mail_domain!r} is not a mail domain; write e.g. example.com",
                                 param_hint="--mail-domain")
    emit(plan_to_ics(inputs.plan, inputs.catalog, lang, agent_id, mail_domain), out, binary=False)
