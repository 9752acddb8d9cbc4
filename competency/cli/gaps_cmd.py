"""``competency gaps``: each agent's gaps against the targets of their role and industry."""

from __future__ import annotations

import datetime as dt
import io
import sys
from dataclasses import replace
from pathlib import Path

import click

from ..io.atomic import write_bytes_atomic, write_text_atomic
from ..io.gaps_export import gaps_csv, gaps_json
from ..io.profiles import load_profiles, profile_path
from ..io.store import is_database
from ..model import InputError
from ..model.suggest import did_you_mean, suggest
from ..planner.scoring.evidence import METHODS, EvidenceRule, catalog_rule
from ..planner.scoring.gaps import score_team
from ..reports.ranking import gap_rank_key
from .options import (FiniteFloat, UserError, bom_option, catalog_option, executor_options, lang_option,
                      open_catalog, open_executor, profiles_option, raise_input_error)

SHOWN_TEAMS = 30  # a store of 100,000 agents has 2,000 teams: name some, count the rest


def evidence_options(func):
    """--rule/--max-age-months/... : override the catalog's evidence rule for one run."""
    for option in reversed((
        click.option("--rule", type=click.Choice(METHODS), help="How the current tier is read from the "
                     "history (default: the catalog's rule, else latest)."),
        click.option("--max-age-months", type=FiniteFloat(min=0, min_open=True),
                     help="Ignore assessments older than this many months before --as-of."),
        click.option("--half-life-months", type=FiniteFloat(min=0, min_open=True),
                     help="Half-life for --rule decaying."),
        click.option("--include-self", is_flag=True, help="Count self-evaluations as evidence."),
        click.option("--include-kpi", is_flag=True, help="Count KPI results as evidence of a tier."),
        click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Reference date for decay and "
                     "cut-off (default: each agent's latest evidence)."),
    )):
        func = option(func)
    return func


def rule_from_options(base: EvidenceRule, rule, max_age_months, half_life_months, include_self,
                      include_kpi, as_of) -> EvidenceRule:
    kinds = tuple(dict.fromkeys(base.kinds + (("self",) if include_self else ()) + (("kpi",) if include_kpi else ())))
    return replace(
        base, method=rule or base.method, kinds=kinds,
        max_age_months=max_age_months if max_age_months is not None else base.max_age_months,
        half_life_months=half_life_months or base.half_life_months,
        as_of=as_of.date() if isinstance(as_of, dt.datetime) else base.as_of,
    )


@click.command("gaps")
@profiles_option()
@click.option("--agent", "agent_id", help="One agent id.")
@click.option("--team", help="All agents of one team (the profile's team field).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "xlsx"]), default="table",
              show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of stdout (required for xlsx).")
@bom_option
@evidence_options
@catalog_option
@lang_option
@executor_options
def gaps_command(profiles_dir: Path, agent_id: str | None, team: str | None, fmt: str, out: Path | None,
                 bom: bool, catalog_dir: Path | None, lang: str, executor_kind: str, ray_address: str | None,
                 **rule_options) -> None:
    """Score every agent's gaps: current tier vs the target of their role and industry.

    Severity = weight x missing tier steps, plus one weight for a failed latest formal
    assessment (mandatory retraining); see docs/gaps.md. For one agent the table lists
    the gaps, most severe first, mandatory first on ties (the order of the IDP); for a team (or everyone) it is a heatmap of agents x
    competencies. JSON follows competency/schemas/gaps.schema.json.

    \b
    Examples:
      competency gaps --agent SZM001
      competency gaps --team 苏州制造热线一组 --lang zh
      competency gaps --team 苏州制造热线一组 --format xlsx --out heatmap.xlsx
      competency gaps --format csv --lang zh > gaps.csv
      competency gaps --format json --rule decaying --half-life-months 4 > gaps.json
      competency gaps --profiles centre.sqlite --format csv --out gaps.csv

    With an SQLite store (--profiles centre.sqlite), csv and json for everyone are
    scored in groups on the executor and streamed, in bounded memory.
    """
    if agent_id and team:
        raise click.UsageError("give --agent or --team, not both")
    if fmt == "xlsx" and out is None:
        raise click.BadParameter("xlsx is binary; add --out heatmap.xlsx", param_hint="--format")
    catalog = open_catalog(catalog_dir)
    lang = lang or catalog.language
    try:
        rule = rule_from_options(catalog_rule(catalog), **rule_options)
    except ValueError as exc:
        raise UserError(f"evidence rule: {exc}") from exc
    if is_database(profiles_dir) and not (agent_id or team) and fmt in ("csv", "json"):
        _stream(profiles_dir, catalog, rule, fmt, lang, out, open_executor(executor_kind, ray_address), bom)
        return
    try:
        if team and is_database(profiles_dir):
            results = _team_from_store(profiles_dir, team, catalog, rule)
        else:
            results = score_team(catalog, _select(profiles_dir, agent_id, team), rule)
    except InputError as exc:
        raise_input_error(_in_files(exc, profiles_dir))
    # One ranking for every format and for the IDP: severity, mandatory first on ties.
    results = [replace(r, gaps=sorted(r.gaps, key=gap_rank_key)) for r in results]
    if fmt == "xlsx":
        from ..io.gaps_xlsx import gaps_xlsx

        write_bytes_atomic(out, gaps_xlsx(catalog, results, lang))
        click.echo(f"wrote {out} ({len(results)} agents)", err=True)
    elif fmt in ("json", "csv"):
        text = gaps_json(catalog, results, rule) if fmt == "json" else gaps_csv(catalog, results, lang)
        # Excel reads a CSV without a BOM in the local code page, so Chinese names turn to
        # mojibake; `gaps --format csv > gaps.csv` is as common as --out, so both get one.
        data = text.encode("utf-8-sig" if fmt == "csv" and bom else "utf-8")
        if out is None:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            write_bytes_atomic(out, data)
    else:
        from .gaps_table import agent_table, team_table  # rich is only needed for tables

        renderable = agent_table(catalog, results[0], lang) if agent_id else team_table(catalog, results, lang)
        _print(renderable, out)


def _stream(path: Path, catalog, rule, fmt: str, lang: str, out: Path | None, executor, bom: bool) -> None:
    from ..io.gaps_stream import atomic_text, stream_gaps

    marked = fmt == "csv" and bom  # the same BOM as the in-memory path, on stdout too
    try:
        if out is None:
            if marked:
                sys.stdout.write("\ufeff")
            stream_gaps(path, catalog, rule, fmt, lang, executor, sys.stdout)
        else:
            with atomic_text(out, "utf-8-sig" if marked else "utf-8") as handle:
                count = stream_gaps(path, catalog, rule, fmt, lang, executor, handle)
            click.echo(f"wrote {out} ({count} agents)", err=True)
    except InputError as exc:
        raise_input_error(exc)
    finally:
        executor.close()


def _in_files(exc: InputError, profiles_dir: Path) -> InputError:
    """Scoring names agents ("profile SZM001"); the user edits files, so name the file
    (in a database store, the agent in it)."""
    if is_database(profiles_dir):
        return InputError([replace(p, file=f"{profiles_dir} agent {p.file[len('profile '):]}")
                           if p.file.startswith("profile ") else p for p in exc.problems], exc.summary)
    problems = [replace(p, file=str(profile_path(profiles_dir, p.file[len("profile "):])))
                if p.file.startswith("profile ") else p for p in exc.problems]
    return InputError(problems, exc.summary)


def _select(profiles_dir: Path, agent_id: str | None, team: str | None):
    if not (agent_id or team):
        return load_profiles(profiles_dir)
    if is_database(profiles_dir):  # one agent (a team takes _team_from_store)
        from ..io.profile_db import ProfileDatabase

        store = ProfileDatabase(profiles_dir)
        return store.read([agent_id]) or _not_found(agent_id, None, store.names())
    # Only the agents shown are rebuilt from the profile cache; every file is still checked.
    chosen = load_profiles(profiles_dir, (lambda id_, _: id_ == agent_id) if agent_id else (lambda _, t: t == team))
    if chosen:
        return chosen
    _not_found(agent_id, team, [(p.id, p.name, p.team) for p in load_profiles(profiles_dir)])


def _team_from_store(path: Path, team: str, catalog, rule):
    """A team from a database store: its ids through the index on team, then the lean
    path of ``gaps`` for everyone (io/gaps_bulk.py): 50 agents of 100,000, no models built."""
    from ..io.gaps_bulk import score_group
    from ..io.profile_db import ProfileDatabase

    store = ProfileDatabase(path)
    ids = store.team(team)
    if not ids:
        _not_found(None, team, store.names())
    return score_group(path, ids, catalog, rule)


def _not_found(agent_id: str | None, team: str | None, people: list[tuple[str, str, str]]):
    if agent_id:
        close = suggest(agent_id, {aid: (name,) for aid, name, _ in people})
        hint = did_you_mean(close, lambda i: i) or f" Ids look like {', '.join(aid for aid, _, _ in people[:3])}."
        raise click.BadParameter(f"no profile with id {agent_id!r}.{hint}", param_hint="--agent")
    teams = sorted({t for _, _, t in people})
    more = len(teams) - SHOWN_TEAMS
    shown = ", ".join(teams[:SHOWN_TEAMS]) + (f" and {more:,} more" if more > 0 else "")
    raise click.BadParameter(f"no agent in team {team!r}; teams: {shown}", param_hint="--team")


def _print(renderable, out: Path | None) -> None:
    from rich.console import Console

    if out is not None:
        console = Console(file=io.StringIO(), width=200, color_system=None)
        console.print(renderable)
        write_text_atomic(out, console.file.getvalue())
        return
    # Piped output is not cut to 80 columns: a team heatmap is wide.
    Console(width=None if sys.stdout.isatty() else 200).print(renderable)
