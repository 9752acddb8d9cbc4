"""``competency plan --from plan.json --as-of DATE``: the re-plan branch of the plan command."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..planner.problem.instance import Instance
from ..planner.replan.setup import Replan, failures, replan_setup
from ..planner.plan.result import Booking
from .options import percent, read_plan

MAX_FREEZE_WEEKS = 52


class FreezeWindow(click.ParamType):
    """'2w' (weeks), '10d' (days, rounded up to whole weeks) or a bare number of weeks."""

    name = "WINDOW"

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        text = str(value).strip().lower()
        try:
            if text.endswith("d"):
                weeks = -(-int(text[:-1]) // 7)
            else:
                weeks = int(text.removesuffix("w"))
        except ValueError:
            self.fail(f"{value!r}: give weeks like 2w, days like 10d, or 0 for no freeze", param, ctx)
        if not 0 <= weeks <= MAX_FREEZE_WEEKS:
            self.fail(f"{value!r}: the freeze window is 0 to {MAX_FREEZE_WEEKS} weeks", param, ctx)
        return weeks


MAX_TOLERANCE = 0.2


class ValueTolerance(click.ParamType):
    """'1%' or a bare share (0.01): how much value a re-plan may give up for a calmer calendar."""

    name = "SHARE"

    def convert(self, value, param, ctx):
        if isinstance(value, float):
            return value
        text = str(value)
        try:
            share = percent(text)
            share = float(text) if share is None else share
        except ValueError:
            self.fail(f"{value!r}: give a share of the plan's value like 1% (or 0 to keep value first)", param, ctx)
        if not 0 <= share <= MAX_TOLERANCE:  # NaN fails this too
            self.fail(f"{value!r}: give a share from 0% to {MAX_TOLERANCE:.0%}, like 1%; beyond that a re-plan "
                      "stops being a plan for the gaps", param, ctx)
        return share


def replan_instance(path: Path, instance: Instance, profiles: list, as_of: dt.datetime | None, cycle: str | None,
                    freeze: int, weeks: int | None = None) -> Replan:
    if as_of is None:
        raise click.BadParameter("a re-plan needs the date it is made on: add --as-of 2026-12-01", param_hint="--as-of")
    old = read_plan(path, "--from")
    completed = {p.id: {c.module: c.date for c in p.completed if c.passed is not False} for p in profiles}
    try:
        setup = replan_setup(old, instance, completed, as_of.date(), cycle, freeze, weeks=weeks,
                             failed={p.id: failures(p) for p in profiles})
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--as-of")
    click.echo(f"re-plan from {path}: starts {setup.instance.options.start_date} (week {setup.skipped_weeks + 1} of the "
               f"earlier plan), {setup.instance.options.weeks} weeks; {len(setup.previous)} earlier bookings in the "
               f"horizon, {sum(p.frozen for p in setup.previous)} frozen; {len(setup.missed)} missed; mandatory "
               f"retraining by week {setup.instance.options.mandatory_deadline()}", err=True)
    return setup


def previous_hint(setup: Replan) -> list[Booking]:
    return [Booking(agent_id=p.agent_id, week=p.week, module_id=p.module_id) for p in setup.previous]
