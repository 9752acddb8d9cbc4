"""``competency catalog import`` and ``competency catalog export``: Moodle CSV and CASE JSON."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..interop import FORMATS, catalog_files, export_catalog, guess_format, import_framework, write_catalog_folder
from ..io.atomic import write_text_atomic
from ..model import InputError
from .options import UserError, catalog_option, lang_option, open_catalog, raise_input_error

_format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default=None,
    help="moodle: Moodle competency framework CSV; case: 1EdTech CASE JSON. "
         "Default: from the file extension (.csv moodle, .json case).")


def _pick_format(fmt: str | None, path: Path | None, param: str) -> str:
    fmt = fmt or (guess_format(path) if path is not None else None)
    if fmt is None:
        raise click.BadParameter(f"cannot tell the format of {path or 'stdout'}; add --format moodle or "
                                 "--format case", param_hint=param)
    return fmt


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_format_option
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Catalog folder to create (must not exist or be empty, unless --force).")
@click.option("--modules", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="YAML file with a 'modules:' list (docs/catalog.md) to attach to the imported competencies.")
@click.option("--force", is_flag=True, help="Replace --out if it already holds files.")
def import_command(file: Path, fmt: str | None, out: Path, modules: Path | None, force: bool) -> None:
    """Turn a Moodle competency framework or a CASE package into a catalog folder.

    The framework tree becomes domains and competencies; tiers are derived
    from the Moodle scale (or the CASE statement), see docs/interop.md. A bad
    file is rejected with the row or item and the reason, and nothing is
    written. Frameworks carry no training modules or roles: attach modules
    with --modules, then check with `competency validate --catalog OUT`.

    \b
    Examples:
      competency catalog import framework.csv --format moodle --out my_catalog/
      competency catalog import standards.json --out my_catalog/ --modules modules.yaml
    """
    fmt = _pick_format(fmt, file, "--format")
    try:
        result = import_framework(file, fmt, modules)
        write_catalog_folder(catalog_files(result.catalog, file.name), out, force)
    except InputError as exc:
        raise_input_error(exc)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(f"wrote catalog folder {out}; check it with: competency validate --catalog {out}", err=True)


@click.command("export")
@_format_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write. Default: standard output.")
@catalog_option
@lang_option
@click.option("--base-uri", default="urn:uuid:", show_default=True,
              help="CASE only: prefix of the URIs of items that have none yet.")
@click.option("--changed", default="1970-01-01T00:00:00+00:00", show_default=True,
              help="CASE only: lastChangeDateTime of items that have none yet (fixed, so output is reproducible).")
@click.option("--raw-cells", is_flag=True,
              help="Moodle only: write cells that start with = + - @ unchanged, for a byte-exact round trip "
                   "into Moodle. By default they get a leading ' so Excel cannot run them as formulas.")
def export_command(fmt: str | None, out: Path | None, catalog_dir: Path | None, lang: str,
                   base_uri: str, changed: str, raw_cells: bool) -> None:
    """Write the catalog as a Moodle framework CSV or a CASE JSON package.

    Identifiers, URIs, Moodle rules, scales and HTML kept from an import are
    written back unchanged, so the file can be re-imported by Moodle or a
    CASE tool. Notes on what the format cannot hold go to stderr.

    \b
    Examples:
      competency catalog export --format moodle --out framework.csv
      competency catalog export --format case --catalog my_catalog/ > case.json
      competency catalog export --format moodle --raw-cells --out framework.csv
    """
    fmt = _pick_format(fmt, out, "--format")
    catalog = open_catalog(catalog_dir)
    lang = lang or catalog.language
    try:
        data, notes = export_catalog(catalog, fmt, lang, base_uri=base_uri, changed=changed,
                                     raw_cells=raw_cells)
    except InputError as exc:
        raise_input_error(exc)
    for note in notes:
        click.echo(f"note: {note}", err=True)
    if out is None:
        sys.stdout.write(data)
        return
    try:
        write_text_atomic(out, data)
    except OSError as exc:
        raise UserError(f"{out}: cannot write ({exc.strerror}); choose another --out") from exc
    click.echo(f"wrote {out} ({fmt}, {len(catalog.competencies)} competencies)", err=True)
