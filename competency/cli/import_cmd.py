"""``competency import``: HR assessment and KPI exports -> agent profiles."""

from __future__ import annotations

from pathlib import Path

import click

from ..io.hr_headers import load_mapping
from ..io.hr_import import plan_import, write_import
from ..io.profiles import load_profiles
from ..model import InputError
from .options import UserError, catalog_option, open_catalog, raise_input_error


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--profiles", "profiles_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("profiles"), show_default=True, help="Profile folder to update.")
@click.option("--mapping", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="YAML file mapping other headers, competency names and scales (docs/import.md).")
@click.option("--dry-run", is_flag=True, help="Check and summarise, write nothing.")
@click.option("--strict", is_flag=True, help="Write nothing if any row is bad (exit code 1).")
@catalog_option
def import_command(file: Path, profiles_dir: Path, mapping: Path | None, dry_run: bool, strict: bool,
                   catalog_dir: Path | None) -> None:
    """Import assessment results or KPI results from an HR export (.csv or .xlsx).

    Chinese or English headers are recognised (工号/employee id, 能力项/competency,
    得分/score, 评估日期/date, 平均首次响应时长, 一次解决率, 满意度, 投诉率 ...).
    History is appended, never overwritten: importing the same file twice changes
    nothing. Bad rows are listed with file, row, column and value; the good rows are
    imported unless --strict is given. The summary goes to stderr.

    \b
    Examples:
      competency import hr/2026Q1_考核.csv
      competency import lms_export.xlsx --mapping lms_mapping.yaml --dry-run
      competency import kpi_2026-03.csv --profiles profiles/ --strict
    """
    catalog = open_catalog(catalog_dir)
    try:
        profiles = load_profiles(profiles_dir) if profiles_dir.exists() else []
        report = plan_import(file, catalog, profiles, load_mapping(mapping))
    except InputError as exc:
        raise_input_error(exc)
    for problem in report.problems:
        click.echo(str(problem), err=True)
    click.echo(report.summary(), err=True)
    if strict and report.errors:
        raise UserError(f"--strict: {len(report.errors)} bad row(s); nothing was written")
    if dry_run:
        click.echo(f"dry run: {len(report.profiles)} profile(s) would be written; nothing was written", err=True)
        return
    written = write_import(report, profiles_dir)
    click.echo(f"wrote {len(written)} profile(s) in {profiles_dir}", err=True)
