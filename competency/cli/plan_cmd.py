"""``competency plan``: optimal training plans for one agent, a team or the whole cohort."""

from __future__ import annotations

import datetime as dt
import sys
from contextlib import nullcontext
from pathlib import Path

import click

from ..io.atomic import write_text_atomic
from ..io.limits import MAX_PLAN, read_bounded
from ..io.profiles import load_profiles
from ..model import InputError
from ..exec import using
from ..model.profile import FIRST_DATE, LAST_DATE
from ..model.suggest import did_you_mean, suggest
from ..planner.plan.result import Booking
from ..planner.plan.schema import Plan
from ..planner.problem.instance import FixedModule, Instance, PlanningOptions, learners_from_profiles
from ..planner.replan.notes import kept_notes, mandatory_notes, traded_notes
from ..planner.solve import SolverConfig, solve
from ..planner.solvers.search import WORK_PER_SECOND
from ..planner.sweep import budgets, sweep
from .options import (FiniteFloat, PartSize, UserError, catalog_option, cycle_option, executor_options, open_catalog,
                      open_executor, percent, profiles_option, raise_input_error)
from .plan_replan import FreezeWindow, ValueTolerance, previous_hint, replan_instance
from .plan_table import summary_table


@click.group("plan", invoke_without_command=True)
# Checked when planning, not while parsing: `plan diff` runs anywhere, with or without ./profiles.
@profiles_option(must_exist=False)
@catalog_option
@click.option("--team", help="Plan one team (the profile's team field) as a cohort.")
@click.option("--agent", "agent_id", help="Plan one agent (a personal plan).")
@click.option("--weeks", type=click.IntRange(1, 52), default=12, show_default=True, help="Horizon in weeks.")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]),
              help="First day of week 1 (default: the Monday on or after the newest assessment).")
@click.option("--hours-per-week", type=FiniteFloat(0, 40), help="Override every agent's weekly hours.")
@click.option("--budget", type=FiniteFloat(min=0),
              help="Cohort budget in the catalog's currency (its `currency`; default: none).")
@click.option("--time-limit", type=FiniteFloat(min=0.1), default=120, show_default=True,
              help="Seconds, a safety net: a search cut by it returns its best plan with the proven gap, "
                   "but another run may then give a different plan. Horizons over 12 weeks get more by "
                   "default, in proportion (26 weeks: 260 s, so 26 s of work).")
@click.option("--work", type=FiniteFloat(min=0.1),
              help="Search effort in CP-SAT's deterministic seconds (default: 0.1 x --time-limit). "
                   "The same effort gives the same plan on any machine.")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Processes for the per-agent bounds, personal plans and the parts of a big cohort; "
                   "the plan is the same for any number.")
@click.option("--backend", type=click.Choice(["cp-sat", "highs", "scip"]), default="cp-sat", show_default=True,
              help="Solver: CP-SAT, or the HiGHS / SCIP MIP solvers through OR-Tools MathOpt "
                   "(docs/performance.md compares them).")
@click.option("--method", type=click.Choice(["auto", "compact", "decomposition"]), default="auto", show_default=True,
              help="Cohort solver: the compact model; the decomposition (agents priced apart, a master "
                   "that combines their schedules, a Lagrangian bound); or auto: decomposition for "
                   "cohorts with --budget and 30 agents or more per site, where it plans better "
                   "(docs/planning.md, \"Decomposition\").")
@click.option("--part-size", type=PartSize(), default="auto", show_default=True,
              help="Plan cohorts bigger than this in parts of whole teams (0: never split). auto: 150 "
                   "agents, or more where each agent's model is small (up to 26,000 week decisions a part: "
                   "1,000 agents of a 30-module catalogue over 8 weeks stay whole). A budget-bound cohort "
                   "the decomposition plans stays whole up to 1,000 agents.")
@click.option("--seed", type=int, default=0, show_default=True, help="Solver random seed.")
@click.option("--fast", is_flag=True,
              help="CP-SAT's free-running portfolio instead of the reproducible search: proves some "
                   "budget-bound plans sooner, but two runs may give different plans.")
@click.option("--mandatory-within", type=click.IntRange(1, 52), help="Weeks within which mandatory retraining is due.")
@click.option("--team-cap", help="Most agents of a team in training the same week: a count (3) or a share (25%).")
@click.option("--sessions-per-week", type=click.IntRange(min=0), help="Trainer capacity: sessions per week.")
@click.option("--mentor-max", type=click.IntRange(min=1), default=2, show_default=True,
              help="Mentees per mentor per week.")
@click.option("--off-phone-cost", is_flag=True, help="Count each agent's hourly cost for training hours.")
@click.option("--fix", "fix_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Earlier plan whose modules started before --start are kept; its later bookings are "
                   "the plan to start from, and the new plan is never worse than them.")
@click.option("--from", "from_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Re-plan: the current plan file; start from its first week on or after --as-of "
                   "(docs/cycles.md).")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), help="Re-plan: the date the new plan is made on.")
@cycle_option(default=None, help_text="Re-plan: plan the next cycle (default: the rest of the --from plan).")
@click.option("--freeze", type=FreezeWindow(), default="2w", show_default=True,
              help="Re-plan: bookings in these first weeks keep their week, site and trainer (0: none).")
@click.option("--value-tolerance", type=ValueTolerance(), default="0.5%", show_default=True,
              help="Re-plan: a plan worth up to this share less than the best one found wins if it changes "
                   "fewer bookings people were told about (0: value first, then fewest changes).")
@click.option("--sweep-budget", help="LOW:HIGH:STEP cohort budgets to compare, e.g. 20000:100000:10000.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the plan file here.")
@click.option("--allow-partial", is_flag=True,
              help="Write the plan file even when no complete plan was found (status PARTIAL, INFEASIBLE or "
                   "UNKNOWN), to study it; the exit code stays 1.")
@executor_options
@click.pass_context
def plan_command(ctx, profiles_dir, catalog_dir, team, agent_id, weeks, start, hours_per_week, budget, time_limit,
                 work, workers, backend, method, part_size, seed, fast, mandatory_within, team_cap, sessions_per_week,
                 mentor_max, off_phone_cost, fix_path, from_path, as_of, cycle, freeze, value_tolerance, sweep_budget,
                 out, allow_partial, executor_kind, ray_address) -> None:
    """Choose modules and weeks for each agent so the most important gaps close.

    Maximises weighted gap closure, then minimises cost, then finishes earlier, within
    weekly hours, budgets, prerequisites, industry shares, class sizes and mandatory
    retraining. Prints a summary table; --out writes the plan file (docs/plan-format.md).
    When no complete plan is found the exit code is 1 and no plan file is written
    unless --allow-partial.

    \b
    Examples:
      competency plan --out plan.json
      competency plan --team 上海信用卡服务组 --budget 60000 --start 2026-10-05
      competency plan --agent SHF001 --weeks 8 --hours-per-week 3
      competency plan --sweep-budget 20000:100000:10000
      competency plan --from plan.json --as-of 2026-12-01 --freeze 2w --out plan_week5.json
      competency plan diff plan.json plan_week5.json
      competency plan --executor ray --ray-address 10.0.0.5:6379 --out plan.json
    """
    if ctx.invoked_subcommand is not None:
        return
    if team and agent_id:
        raise click.BadParameter("give --team or --agent, not both", param_hint="--team/--agent")
    if not profiles_dir.exists():
        raise click.BadParameter(f"{str(profiles_dir)!r} does not exist: give the profile folder or database "
                                 "(competency import creates one)", param_hint="--profiles")
    catalog = open_catalog(catalog_dir)
    try:
        profiles = load_profiles(profiles_dir)
    except InputError as exc:
        raise_input_error(exc)
    learners = learners_from_profiles(catalog, profiles)
    chosen, mentors = _select(learners, team, agent_id)
    if start and not FIRST_DATE <= start.date() <= LAST_DATE:
        raise click.BadParameter(f"{start.date()} is outside {FIRST_DATE.year}-{LAST_DATE.year}; check the year",
                                 param_hint="--start")
    begin = start.date() if start else _default_start(profiles)
    if from_path and (start or fix_path or sweep_budget):
        raise click.BadParameter("--from sets the start from the earlier plan; drop --start, --fix and "
                                 "--sweep-budget", param_hint="--from")
    if not start and not from_path:
        click.echo(f"plan starts {begin} (the Monday on or after the newest assessment; set --start)", err=True)
    cap, share = _team_cap(team_cap)
    fixed, given = _fixed(fix_path, begin, weeks, {a.agent_id for a in chosen})
    options = PlanningOptions(
        weeks=weeks, start_date=begin, budget=budget, hours_per_week=hours_per_week,
        mandatory_within=mandatory_within, team_cap=cap, team_cap_share=share,
        sessions_per_week=sessions_per_week, mentor_max_mentees=mentor_max, off_phone_cost=off_phone_cost,
        personal=agent_id is not None, fixed=fixed,
    )
    instance = Instance(catalog, tuple(chosen), options, mentors=mentors)
    # --weeks given with --from: a rolling horizon longer than the cycle (docs/cycles.md).
    horizon = weeks if ctx.get_parameter_source("weeks") == click.core.ParameterSource.COMMANDLINE else None
    setup = replan_instance(from_path, instance, profiles, as_of, cycle, freeze, horizon) if from_path else None
    if setup is not None:
        instance = setup.instance.with_options(value_tolerance=value_tolerance)
    elif ctx.get_parameter_source("value_tolerance") == click.core.ParameterSource.COMMANDLINE:
        raise click.BadParameter("it applies to re-plans: add --from plan.json --as-of DATE", param_hint="--value-tolerance")
    time_limit = _scaled_limit(ctx, time_limit, work, instance.options.weeks)
    config = SolverConfig(time_limit=time_limit, work=work, workers=workers, seed=seed, interleave=not fast,
                          backend=backend, method=method, part_size=part_size)
    executor = open_executor(executor_kind, ray_address, workers) if executor_kind != "pool" else None
    try:
        with using(executor) if executor else nullcontext():
            if sweep_budget:
                plan = _sweep(instance, sweep_budget, config)
            elif setup is not None:
                # The earlier plan is the warm start (and the floor).
                plan = solve(instance, config, progress=_progress(catalog.info.currency), catalog_id=catalog.info.id,
                             hint=previous_hint(setup))
            else:
                plan = solve(instance, config, progress=_progress(catalog.info.currency), catalog_id=catalog.info.id,
                             hint=given or None)
    finally:
        if executor:
            executor.close()
    click.echo(summary_table(plan, catalog.info.currency))
    if any(stage.ended == "clock" for stage in plan.stages):
        click.echo("note: --time-limit cut the search before its work was done, so another run may give a "
                   "different plan; raise --time-limit (or lower --work) for a reproducible one", err=True)
    notes = kept_notes(setup, plan) + traded_notes(plan, value_tolerance) + mandatory_notes(plan) if setup else []
    for note in notes:
        click.echo(f"note: {note}", err=True)
    for reason in plan.infeasibility:
        click.echo(f"infeasible: {reason}", err=True)
    failed = plan.status in FAILED
    if out and (not failed or allow_partial):
        write_text_atomic(out, plan.model_dump_json(indent=2) + "\n")
        click.echo(f"wrote {out}", err=True)
    if plan.status == "UNKNOWN":
        click.echo("no plan found within the search's work: raise --work (or --time-limit)", err=True)
    if failed:
        written = "" if not out else (f"; {out} holds it, marked {plan.status}" if allow_partial
                                      else f"; {out} was not written (--allow-partial writes it)")
        raise UserError(f"no complete plan: status {plan.status}{written}")


BASE_WEEKS = 12  # the horizon the default --time-limit is set for


def _scaled_limit(ctx, time_limit: float, work: float | None, weeks: int) -> float:
    """The default limit, and with it the default work, grows with a horizon past 12 weeks:
    the model grows with the weeks, and on the sample cohort the default work for 12 weeks
    gave a 26-week plan 530.4 where 26 s of work gives 688.4, the 12-week plan's value."""
    if work is not None or ctx.get_parameter_source("time_limit") != click.core.ParameterSource.DEFAULT:
        return time_limit
    if weeks <= BASE_WEEKS:
        return time_limit
    scaled = round(time_limit * weeks / BASE_WEEKS, 1)
    click.echo(f"horizon of {weeks} weeks: --time-limit {scaled:g} (work {scaled * WORK_PER_SECOND:g}) by default; "
               "set --time-limit or --work to change it", err=True)
    return scaled


FAILED = ("INFEASIBLE", "PARTIAL", "MODEL_INVALID", "UNKNOWN")  # statuses that are not a plan to follow


def _select(learners, team, agent_id):
    if agent_id:
        match = [a for a in learners if a.agent_id == agent_id]
        if not match:
            close = suggest(agent_id, {a.agent_id: () for a in learners})
            raise click.BadParameter(f"no agent {agent_id!r} in the profiles.{did_you_mean(close, str)}",
                                     param_hint="--agent")
        mates = {a.agent_id: a.levels for a in learners if a.team == match[0].team}
        return match, mates
    if team:
        match = [a for a in learners if a.team == team]
        if not match:
            known = ", ".join(sorted({a.team for a in learners}))
            raise click.BadParameter(f"no team {team!r}; teams: {known}", param_hint="--team")
        return match, None
    if not learners:
        raise UserError("no profiles to plan; import assessments first (competency import)")
    return learners, None


def _default_start(profiles) -> dt.date:
    # From the data, not the clock, so the same profiles give the same plan file.
    dates = [a.date for p in profiles for hist in p.assessments.values() for a in hist]
    newest = max(dates, default=dt.date(2026, 1, 5))
    return newest + dt.timedelta(days=(7 - newest.weekday()) % 7)


def _team_cap(text: str | None) -> tuple[int | None, float | None]:
    if text is None:
        return None, None
    try:
        share = percent(text)
        if share is not None:
            if not 0 < share <= 1:
                raise ValueError
            return None, share
        count = int(text)
        if count < 0:
            raise ValueError
        return count, None
    except ValueError:
        raise click.BadParameter(f"{text!r}: use a count like 3 or a share like 25%", param_hint="--team-cap")


def _fixed(path: Path | None, start: dt.date, weeks: int, agents: set[str]) -> tuple[tuple[FixedModule, ...], list]:
    """The earlier plan's modules started before ``start`` (kept), and its later bookings
    moved onto this horizon's weeks: the plan to start from and never fall below, when it
    is still a valid plan (``solve.best_floor``)."""
    if path is None:
        return (), []
    try:
        old = Plan.model_validate_json(read_bounded(path, MAX_PLAN, "plan file"))
    except InputError as exc:
        raise_input_error(exc)
    except (ValueError, OSError) as exc:  # the file's content is bad input: exit 1, not a usage error
        lines = str(exc).splitlines()
        raise UserError(f"--fix {path}: not a plan file ({'; '.join(lines[:3])[:300]})") from None
    kept, later = [], []
    for agent in old.agents:
        if agent.agent_id not in agents:
            continue
        kept += [FixedModule(agent.agent_id, mid, old.start_date) for mid in agent.kept]
        for m in agent.modules:
            begins = old.week_start(m.week)
            if begins < start:
                kept.append(FixedModule(agent.agent_id, m.module_id, begins))
            elif (begins - start).days % 7 == 0 and (begins - start).days // 7 < weeks:
                later.append(Booking(agent.agent_id, (begins - start).days // 7 + 1, m.module_id, m.mentor))
    return tuple(sorted(set(kept), key=lambda f: (f.agent_id, f.module_id))), later


def _sweep(instance: Instance, text: str, config: SolverConfig) -> Plan:
    try:
        low, high, step = (float(v) for v in text.split(":"))
        levels = budgets(low, high, step)
    except ValueError as exc:
        raise click.BadParameter(f"{text!r}: {exc if ':' in str(exc) else 'use LOW:HIGH:STEP'}",
                                 param_hint="--sweep-budget")
    currency = instance.catalog.info.currency
    per = f"per 1k {currency}"
    click.echo(f"{'budget ' + currency:>14} {'value':>10} {'bound':>10} {'gap %':>6} {'cost ' + currency:>14} "
               f"{per:>12}  status (ended)")

    def show(point):
        marginal = "" if point.marginal is None else f"{point.marginal:.2f}"
        bound = "" if point.bound is None else f"{point.bound:,.1f}"
        gap = "" if point.gap is None else f"{100 * point.gap:.2f}"
        click.echo(f"{point.budget:>14,.0f} {point.value:>10,.1f} {bound:>10} {gap:>6} {point.cost:>14,.0f} "
                   f"{marginal:>12}  {point.status}" + (f" ({point.ended})" if point.ended else ""))

    points, plans = sweep(instance, levels, config, on_point=show)
    return plans[-1].model_copy(update={"sweep": points})


def _progress(currency: str):
    last = [0.0]

    def report(stage: str, value: float, bound: float, seconds: float) -> None:
        if seconds - last[0] >= 2.0:
            last[0] = seconds
            # The cost stage reports money (to the unit); the others weighted gap closure.
            shown = (f"{value:,.0f} {currency} (bound {bound:,.0f} {currency})" if stage == "cost"
                     else f"{value:,.1f} (bound {bound:,.1f})")
            click.echo(f"  {stage}: {shown} after {seconds:.0f} s", err=True)

    return report


def _add_subcommands() -> None:
    from .plan_diff_cmd import diff_command

    plan_command.add_command(diff_command)


_add_subcommands()
