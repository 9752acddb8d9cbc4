"""``competency report idp|cohort``: printable reports from a plan file."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import click

from ..io.atomic import write_bytes_atomic
from ..model import InputError
from ..reports.batch import render_idps
from ..reports.inputs import ReportInputs, load_inputs, unknown_modules
from ..reports.output import COHORT_FORMATS, IDP_FORMATS, cohort_bytes, idp_bytes, safe_file_names
from .options import executor_options, open_executor, profiles_option as options_profiles, UserError, catalog_option, lang_option, open_catalog, raise_input_error

plan_option = click.option(
    "--plan", "plan_path", required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Plan file written by `competency plan --out plan.json`.")
profiles_option = options_profiles(
    help="Profile folder or SQLite database (manager names, failed assessments).", must_exist=False)


def open_inputs(plan_path: Path, catalog_dir: Path | None, profiles_dir: Path | None) -> ReportInputs:
    """Load plan, catalog and profiles or stop with every problem named; warn about mismatches."""
    catalog = open_catalog(catalog_dir)
    try:
        inputs = load_inputs(plan_path, catalog, profiles_dir)
    except InputError as exc:
        raise_input_error(exc)
    if inputs.plan.catalog and inputs.plan.catalog != catalog.info.id:
        click.echo(f"warning: {plan_path} was made with catalog {inputs.plan.catalog!r}, "
                   f"not {catalog.info.id!r}; pass the same --catalog as to `competency plan`", err=True)
    missing = unknown_modules(inputs)
    if missing:
        click.echo(f"warning: {len(missing)} module(s) of the plan are not in the catalog and show as ids: "
                   f"{', '.join(missing[:5])}", err=True)
    return inputs


def emit(data: bytes, out: Path | None, binary: bool) -> None:
    """Write to --out atomically, or to stdout; binary formats refuse to spill onto a terminal."""
    if out is not None:
        write_bytes_atomic(out, data)
        click.echo(f"wrote {out}", err=True)
    elif binary and sys.stdout.isatty():
        raise click.BadParameter("this format is binary; pass --out FILE", param_hint="--out")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@click.group("report")
def report_group() -> None:
    """Printable reports from a plan: development plans per agent, the cohort curriculum."""


@report_group.command("idp")
@click.argument("agent_id", required=False)
@click.option("--all", "all_agents", is_flag=True, help="One file per agent of the plan into --out DIR.")
@plan_option
@catalog_option
@profiles_option
@click.option("--format", "fmt", type=click.Choice(IDP_FORMATS), default="html", show_default=True)
@click.option("--lang", type=click.Choice(["en", "zh"]), default=None,
              help="Language. Default: the language in the agent's profile, else en.")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Output file (one agent) or folder (--all). Default: stdout.")
@click.option("--workers", type=click.IntRange(1, 256), default=None,
              help="Processes (or Ray CPUs for a local Ray) for --all. Default: every core.")
@executor_options
def idp(agent_id: str | None, all_agents: bool, plan_path: Path, catalog_dir: Path | None,
        profiles_dir: Path, fmt: str, lang: str | None, out: Path | None, workers: int | None,
        executor_kind: str, ray_address: str | None) -> None:
    """Individual development plan: gaps, radar chart, weekly schedule, assessments, sign-off.

    \b
    Examples:
      competency report idp a001 --plan plan.json --format pdf --lang zh --out a001.pdf
      competency report idp --all --plan plan.json --format pdf --out idp/
      competency report idp --all --plan plan.json --out idp/ --executor ray --ray-address 10.0.0.5:6379
    """
    if bool(agent_id) == all_agents:
        raise click.UsageError("give one AGENT_ID or --all")
    if all_agents and out is None:
        raise click.BadParameter("--all writes one file per agent; pass --out DIR", param_hint="--out")
    if all_agents and out.exists() and not out.is_dir():
        raise click.BadParameter(f"{out} is a file; --all needs a folder", param_hint="--out")
    inputs = open_inputs(plan_path, catalog_dir, profiles_dir)
    ids = [a.agent_id for a in inputs.plan.agents]

    def language(aid: str) -> str:
        profile = inputs.profiles.get(aid)
        return lang or (profile.language if profile else "en")

    if not all_agents:
        if agent_id not in ids:
            close = difflib.get_close_matches(agent_id, ids, n=5)
            hint = f" Did you mean: {', '.join(close)}?" if close else f" The plan has {len(ids)} agent(s)."
            raise click.BadParameter(f"agent {agent_id!r} is not in {plan_path}.{hint}", param_hint="AGENT_ID")
        emit(idp_bytes(inputs, agent_id, language(agent_id), fmt), out, binary=fmt == "pdf")
        return
    names = safe_file_names(ids, f".{fmt}")
    executor = open_executor(executor_kind, ray_address, workers)
    try:
        rendered = render_idps(inputs, {aid: language(aid) for aid in ids}, fmt, executor)
        with click.progressbar(rendered, length=len(ids), label="development plans", file=sys.stderr,
                               show_pos=True) as bar:
            for aid, data in bar:
                write_bytes_atomic(out / names[aid], data)
    finally:
        executor.close()
    click.echo(f"wrote {len(ids)} file(s) to {out}", err=True)


@report_group.command("cohort")
@plan_option
@catalog_option
@profiles_option
@click.option("--format", "fmt", type=click.Choice(COHORT_FORMATS), default="html", show_default=True)
@lang_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Output file. Default: stdout (md and html).")
def cohort(plan_path: Path, catalog_dir: Path | None, profiles_dir: Path, fmt: str, lang: str,
           out: Path | None) -> None:
    """Cohort curriculum: summary, session calendar, coverage heatmap, shares, budget, sweep.

    \b
    Examples:
      competency report cohort --plan plan.json --format pdf --lang zh --out cohort.pdf
      competency report cohort --plan plan.json --format xlsx --out cohort.xlsx
    """
    inputs = open_inputs(plan_path, catalog_dir, profiles_dir)
    if not inputs.plan.agents:
        raise UserError(f"{plan_path}: the plan has no agents; nothing to report")
    emit(cohort_bytes(inputs, lang, fmt), out, binary=fmt in ("pdf", "xlsx"))
