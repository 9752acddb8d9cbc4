"""``competency import``: HR assessment and KPI exports -> agent profiles."""

from __future__ import annotations

from pathlib import Path

import click

from ..io.hr_headers import load_mapping
from ..io.hr_import import import_file
from ..io.store import open_store
from ..model import InputError
from .options import UserError, catalog_option, open_catalog, profiles_option, raise_input_error


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@profiles_option(help="Profile folder, or SQLite database (*.sqlite), to update; created if missing.",
                 must_exist=False)
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
    imported unless --strict is given. An import writes all its profiles or none, and
    two imports into the same store run one after the other. The summary goes to
    stderr once the profiles are written.

    \b
    Examples:
      competency import hr/2026Q1_考核.csv
      competency import lms_export.xlsx --mapping lms_mapping.yaml --dry-run
      competency import kpi_2026-03.csv --profiles profiles/ --strict
      competency import hr/2026Q1_考核.csv --profiles centre.sqlite
    """
    catalog = open_catalog(catalog_dir)
    try:
        report = import_file(file, catalog, open_store(profiles_dir), load_mapping(mapping), strict, dry_run)
    except InputError as exc:
        raise_input_error(exc)
    for problem in report.problems:
        click.echo(str(problem), err=True)
    click.echo(report.summary(), err=True)
    if strict and report.errors:
        raise UserError(f"--strict: {len(report.errors)} bad row(s); nothing was written")
    if dry_run:
        click.echo(f"dry run: {len(report.changed)} profile(s) would be written; nothing was written", err=True)
        return
    click.echo(f"wrote {report.written} profile(s) in {profiles_dir}", err=True)
