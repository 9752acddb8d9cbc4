"""``competency plan``: optimal training plans for one agent, a team or the whole cohort."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..io.atomic import write_text_atomic
from ..io.profiles import load_profiles
from ..model import InputError
from ..planner.problem.instance import FixedModule, Instance, PlanningOptions, learners_from_profiles
from ..planner.plan.result import Booking
from ..planner.plan.schema import Plan
from ..planner.solve import SolverConfig, solve
from ..planner.sweep import budgets, sweep
from .options import FiniteFloat, UserError, catalog_option, open_catalog, raise_input_error
from .plan_table import summary_table


@click.command("plan")
@click.option("--profiles", "profiles_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=Path("profiles"), show_default=True, help="Profile folder.")
@catalog_option
@click.option("--team", help="Plan one team (the profile's team field) as a cohort.")
@click.option("--agent", "agent_id", help="Plan one agent (a personal plan).")
@click.option("--weeks", type=click.IntRange(1, 52), default=12, show_default=True, help="Horizon in weeks.")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]),
              help="First day of week 1 (default: the Monday on or after the newest assessment).")
@click.option("--hours-per-week", type=FiniteFloat(0, 40), help="Override every agent's weekly hours.")
@click.option("--budget", type=FiniteFloat(min=0), help="Cohort budget in CNY (default: none).")
@click.option("--time-limit", type=FiniteFloat(min=0.1), default=120, show_default=True,
              help="Seconds, a safety net: a search cut by it returns its best plan with the proven gap, "
                   "but another run may then give a different plan.")
@click.option("--work", type=FiniteFloat(min=0.1),
              help="Search effort in CP-SAT's deterministic seconds (default: 0.1 x --time-limit). "
                   "The same effort gives the same plan on any machine.")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Processes for the per-agent bounds, personal plans and the parts of a big cohort; "
                   "the plan is the same for any number.")
@click.option("--backend", type=click.Choice(["cp-sat", "highs", "scip"]), default="cp-sat", show_default=True,
              help="Solver: CP-SAT, or the HiGHS / SCIP MIP solvers through OR-Tools MathOpt "
                   "(docs/performance.md compares them).")
@click.option("--part-size", type=click.IntRange(min=0), default=150, show_default=True,
              help="Plan cohorts bigger than this in parts of whole teams (0: never split).")
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
@click.option("--sweep-budget", help="LOW:HIGH:STEP cohort budgets to compare, e.g. 20000:100000:10000.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the plan file here.")
def plan_command(profiles_dir, catalog_dir, team, agent_id, weeks, start, hours_per_week, budget, time_limit,
                 work, workers, backend, part_size, seed, fast, mandatory_within, team_cap, sessions_per_week, mentor_max,
                 off_phone_cost, fix_path, sweep_budget, out) -> None:
    """Choose modules and weeks for each agent so the most important gaps close.

    Maximises weighted gap closure, then minimises cost, then finishes earlier, within
    weekly hours, budgets, prerequisites, industry shares, class sizes and mandatory
    retraining. Prints a summary table; --out writes the plan file (docs/plan-format.md).

    \b
    Examples:
      competency plan --out plan.json
      competency plan --team 上海信用卡服务组 --budget 60000 --start 2026-10-05
      competency plan --agent SHF001 --weeks 8 --hours-per-week 3
      competency plan --sweep-budget 20000:100000:10000
    """
    if team and agent_id:
        raise click.BadParameter("give --team or --agent, not both", param_hint="--team/--agent")
    catalog = open_catalog(catalog_dir)
    try:
        profiles = load_profiles(profiles_dir)
    except InputError as exc:
        raise_input_error(exc)
    learners = learners_from_profiles(catalog, profiles)
    chosen, mentors = _select(learners, team, agent_id)
    begin = start.date() if start else _default_start(profiles)
    if not start:
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
    config = SolverConfig(time_limit=time_limit, work=work, workers=workers, seed=seed, interleave=not fast,
                          backend=backend, part_size=part_size or None)
    if sweep_budget:
        plan = _sweep(instance, sweep_budget, config)
    else:
        plan = solve(instance, config, progress=_progress(), catalog_id=catalog.info.id, hint=given or None)
    click.echo(summary_table(plan))
    if any(stage.ended == "clock" for stage in plan.stages):
        click.echo("note: --time-limit cut the search before its work was done, so another run may give a "
                   "different plan; raise --time-limit (or lower --work) for a reproducible one", err=True)
    for reason in plan.infeasibility:
        click.echo(f"infeasible: {reason}", err=True)
    if out:
        write_text_atomic(out, plan.model_dump_json(indent=2) + "\n")
        click.echo(f"wrote {out}", err=True)
    if plan.status == "UNKNOWN":
        click.echo("no plan found within the search's work: raise --work (or --time-limit)", err=True)
    if plan.status in ("INFEASIBLE", "PARTIAL", "MODEL_INVALID", "UNKNOWN"):
        sys.exit(2)


def _select(learners, team, agent_id):
    if agent_id:
        match = [a for a in learners if a.agent_id == agent_id]
        if not match:
            raise click.BadParameter(f"no agent {agent_id!r} in the profiles", param_hint="--agent")
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
        if text.strip().endswith("%"):
            share = float(text.strip()[:-1]) / 100
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
        old = Plan.model_validate_json(path.read_text(encoding="utf-8"))
    except (ValueError, OSError) as exc:
        raise click.BadParameter(f"{path}: not a plan file ({str(exc).splitlines()[0]})", param_hint="--fix")
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
    click.echo(f"{'budget':>10} {'value':>10} {'bound':>10} {'gap %':>6} {'cost':>10} {'per 1k CNY':>10}  "
               f"status (ended)")

    def show(point):
        marginal = "" if point.marginal is None else f"{point.marginal:.3f}"
        bound = "" if point.bound is None else f"{point.bound:.3f}"
        gap = "" if point.gap is None else f"{100 * point.gap:.2f}"
        click.echo(f"{point.budget:>10.0f} {point.value:>10.3f} {bound:>10} {gap:>6} {point.cost:>10.0f} "
                   f"{marginal:>10}  {point.status}" + (f" ({point.ended})" if point.ended else ""))

    points, plans = sweep(instance, levels, config, on_point=show)
    return plans[-1].model_copy(update={"sweep": points})


def _progress():
    last = [0.0]

    def report(stage: str, value: float, bound: float, seconds: float) -> None:
        if seconds - last[0] >= 2.0:
            last[0] = seconds
            click.echo(f"  {stage}: {value:,.3f} (bound {bound:,.3f}) after {seconds:.0f} s", err=True)

    return report
