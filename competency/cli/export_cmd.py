"""``competency export ics``: plan sessions for calendar programs."""

from __future__ import annotations

import re
from pathlib import Path

import click
from pydantic import ValidationError

from ..model.catalog import Catalog, Mode
from ..model.slots import Slot
from ..reports.calendar import plan_to_ics
from .options import catalog_option, force_plan_option, lang_option
from .report_cmd import emit, open_inputs, plan_option, profiles_option


@click.group("export")
def export_group() -> None:
    """Export a plan to other tools (calendars)."""


@export_group.command("ics")
@plan_option
@catalog_option
@profiles_option
@click.option("--agent", "agent_id", default=None,
              help="Only this agent: their group sessions and their individual modules.")
@lang_option
@click.option("--mail-domain", default=None, metavar="DOMAIN",
              help="Invite agents without an e-mail in their profile as AGENT_ID@DOMAIN. "
                   "Default: urn:competency:agent:AGENT_ID.")
@click.option("--slot", "slots", multiple=True, metavar="MODE=DAY@HH:MM[/HOURS]",
              help="When sessions of MODE meet, for this export only (repeatable), e.g. "
                   "workshop=thu@13:30/4. Default: the catalog's slots (docs/catalog.md).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Output .ics file. Default: stdout.")
@force_plan_option
def ics(plan_path: Path, catalog_dir: Path | None, profiles_dir: Path, agent_id: str | None, lang: str,
        mail_domain: str | None, slots: tuple[str, ...], out: Path | None, force: bool) -> None:
    """Write an iCalendar (RFC 5545) file: one event per group session.

    The plan fixes the week; each session meets on the weekday and at the
    time of its mode's slot (catalog `slots`, see docs/catalog.md), in the
    catalog's time zone, on another day of the week if its trainer or a
    participant is busy then. The site is the LOCATION, the trainer the
    ORGANIZER, participants are ATTENDEEs (their profile e-mail, else
    --mail-domain). UIDs are stable, so re-importing updates events.

    \b
    Examples:
      competency export ics --plan plan.json --out sessions.ics
      competency export ics --plan plan.json --agent SZM001 --lang zh --out SZM001.ics
      competency export ics --plan plan.json --mail-domain example.com > sessions.ics
      competency export ics --plan plan.json --slot workshop=thu@13:30/4 --out sessions.ics
    """
    inputs = open_inputs(plan_path, catalog_dir, profiles_dir, force)
    if agent_id is not None and agent_id not in {a.agent_id for a in inputs.plan.agents}:
        raise click.BadParameter(f"agent {agent_id!r} is not in {plan_path}", param_hint="--agent")
    if mail_domain is not None and not re.fullmatch(r"[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*",
                                                    mail_domain):
        raise click.BadParameter(f"{mail_domain!r} is not a mail domain; write e.g. example.com",
                                 param_hint="--mail-domain")
    catalog = _with_slots(inputs.catalog, slots)
    lang = lang or catalog.language
    emit(plan_to_ics(inputs.plan, catalog, lang, agent_id, mail_domain, inputs.profiles), out, binary=False)


def _with_slots(catalog: Catalog, given: tuple[str, ...]) -> Catalog:
    """The catalog with the --slot overrides: MODE=DAY@HH:MM, optionally /HOURS a day."""
    chosen = dict(catalog.info.slots)
    for text in given:
        mode, _, when = text.partition("=")
        day, _, rest = when.partition("@")
        start, _, hours = rest.partition("/")
        if mode.strip() not in {m.value for m in Mode}:
            raise click.BadParameter(f"{text!r}: unknown mode {mode.strip()!r}; use one of "
                                     f"{', '.join(m.value for m in Mode)}", param_hint="--slot")
        try:
            chosen[Mode(mode.strip())] = Slot(day=day.strip(), start=start.strip(),
                                              **({"hours": hours.strip()} if hours.strip() else {}))
        except ValidationError as exc:
            reason = "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
            raise click.BadParameter(f"{text!r}: {reason}; write MODE=DAY@HH:MM[/HOURS], e.g. workshop=thu@13:30/4",
                                     param_hint="--slot") from exc
    return catalog.model_copy(update={"info": catalog.info.model_copy(update={"slots": chosen})}) if given else catalog
