"""``competency report idp|cohort``: printable reports from a plan file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..io.atomic import write_bytes_atomic
from ..model import InputError
from ..model.suggest import suggest
from ..reports.batch import render_idps
from ..reports.fonts import MissingFont, require_cjk_font
from ..reports.language import profile_language
from ..reports.inputs import ReportInputs, load_inputs, unknown_modules
from ..reports.output import COHORT_FORMATS, IDP_FORMATS, cohort_bytes, idp_bytes, safe_file_names
from .options import (UserError, catalog_option, executor_options, force_plan_option, lang_option, open_catalog,
                      open_executor, raise_input_error)
from .options import profiles_option as options_profiles

plan_option = click.option(
    "--plan", "plan_path", required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Plan file written by `competency plan --out plan.json`.")
profiles_option = options_profiles(
    help="Profile folder or SQLite database (manager names, failed assessments).", must_exist=False)


def open_inputs(plan_path: Path, catalog_dir: Path | None, profiles_dir: Path | None,
                force: bool = False) -> ReportInputs:
    """Load plan, catalog and profiles or stop with every problem named.

    A plan made with another catalog is refused unless ``force``: its report would show raw
    ids and wrong names, and nobody reads the warning above a finished file.
    """
    catalog = open_catalog(catalog_dir)
    try:
        inputs = load_inputs(plan_path, catalog, profiles_dir)
    except InputError as exc:
        raise_input_error(exc)
    problems = []
    if inputs.plan.status in ("INFEASIBLE", "PARTIAL", "MODEL_INVALID", "UNKNOWN"):
        problems.append(f"{plan_path} holds no complete plan (status {inputs.plan.status}); its report would "
                        "show missing or empty schedules: plan again (competency plan)")
    if inputs.plan.catalog and inputs.plan.catalog != catalog.info.id:
        problems.append(f"{plan_path} was made with catalog {inputs.plan.catalog!r}, not {catalog.info.id!r}; "
                        "pass the same --catalog as to `competency plan`")
    missing = unknown_modules(inputs)
    if missing:
        problems.append(f"{plan_path}: {len(missing)} module(s) of the plan are not in the catalog: "
                        f"{', '.join(missing[:5])}; pass the catalog the plan was made with")
    if problems and not force:
        raise UserError("\n".join(f"error: {p}" for p in problems) + "\n(--force renders it anyway)")
    for problem in problems:
        click.echo(f"warning: {problem}", err=True)
    return inputs


def check_fonts(fmt: str, langs: set[str]) -> None:
    """Stop before rendering when a Chinese PDF would print empty boxes (reports/fonts.py);
    PDFs of other languages with Chinese names are caught by the renderer itself."""
    if fmt == "pdf" and "zh" in langs:
        try:
            require_cjk_font()
        except MissingFont as exc:
            raise UserError(str(exc)) from exc


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
              help="Language. Default: the agent's profile language, else the catalog's; a profile "
              "language other than en/zh (e.g. ja) gets an English report with a note.")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Output file (one agent) or folder (--all). Default: stdout.")
@click.option("--since", "since_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The previous plan: add a 'changed since the last plan' section (docs/cycles.md).")
@force_plan_option
@click.option("--workers", type=click.IntRange(1, 256), default=None,
              help="Processes (or Ray CPUs for a local Ray) for --all. Default: every core.")
@executor_options
def idp(agent_id: str | None, all_agents: bool, plan_path: Path, catalog_dir: Path | None,
        profiles_dir: Path, fmt: str, lang: str | None, out: Path | None, since_path: Path | None, force: bool,
        workers: int | None, executor_kind: str, ray_address: str | None) -> None:
    """Individual development plan: gaps, radar chart, weekly schedule, assessments, sign-off.

    \b
    Examples:
      competency report idp SZM001 --plan plan.json --format pdf --lang zh --out SZM001.pdf
      competency report idp --all --plan plan.json --format pdf --out idp/
      competency report idp SZM001 --plan plan_week5.json --since plan.json
      competency report idp --all --plan plan.json --out idp/ --executor ray --ray-address 10.0.0.5:6379
    """
    if bool(agent_id) == all_agents:
        raise click.UsageError("give one AGENT_ID or --all")
    if all_agents and out is None:
        raise click.BadParameter("--all writes one file per agent; pass --out DIR", param_hint="--out")
    if all_agents and out.exists() and not out.is_dir():
        raise click.BadParameter(f"{out} is a file; --all needs a folder", param_hint="--out")
    inputs = open_inputs(plan_path, catalog_dir, profiles_dir, force)
    if since_path is not None:
        from dataclasses import replace

        from ..progress.diff import diff_plans
        from .options import read_plan

        inputs = replace(inputs, since=diff_plans(read_plan(since_path, "--since"), inputs.plan, inputs.profiles))
    ids = [a.agent_id for a in inputs.plan.agents]

    def language(aid: str) -> str:
        profile = inputs.profiles.get(aid)
        return lang or profile_language(profile, inputs.catalog)

    check_fonts(fmt, {language(aid) for aid in ([agent_id] if agent_id in ids else ids)})
    if not all_agents:
        if agent_id not in ids:
            close = suggest(agent_id, {a.agent_id: (a.name,) for a in inputs.plan.agents})
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
@force_plan_option
def cohort(plan_path: Path, catalog_dir: Path | None, profiles_dir: Path, fmt: str, lang: str,
           out: Path | None, force: bool) -> None:
    """Cohort curriculum: summary, session calendar, coverage heatmap, shares, budget, sweep.

    \b
    Examples:
      competency report cohort --plan plan.json --format pdf --lang zh --out cohort.pdf
      competency report cohort --plan plan.json --format xlsx --out cohort.xlsx
    """
    inputs = open_inputs(plan_path, catalog_dir, profiles_dir, force)
    if not inputs.plan.agents:
        raise UserError(f"{plan_path}: the plan has no agents; nothing to report")
    lang = lang or inputs.catalog.language
    check_fonts(fmt, {lang})
    emit(cohort_bytes(inputs, lang, fmt), out, binary=fmt in ("pdf", "xlsx"))
