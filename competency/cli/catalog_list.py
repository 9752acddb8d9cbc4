"""``competency catalog list``: find competencies, modules, roles and industries by id or name."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..model.catalog import MODE_NAMES, Catalog
from ..model.tiers import Tier
from .options import catalog_option, lang_option, open_catalog

KINDS = ("competencies", "modules", "roles", "industries")
_HEADERS = {
    "competencies": {"en": ("id", "name", "domain"), "zh": ("编号", "名称", "领域")},
    "modules": {"en": ("id", "title", "mode", "hours", "cost", "raises"),
                "zh": ("编号", "名称", "形式", "学时", "费用", "提升")},
    "roles": {"en": ("id", "name"), "zh": ("编号", "名称")},
    "industries": {"en": ("id", "name"), "zh": ("编号", "名称")},
}


def rows(catalog: Catalog, kind: str, lang: str) -> list[dict]:
    """One dict per item: id, names in both languages, and the columns the table shows."""
    if kind == "competencies":
        return [{"id": c.id, "name": c.name.get(lang), "names": _both(c.name), "domain": c.domain,
                 "domain_name": catalog.domains[c.domain].name.get(lang)} for c in catalog.competencies.values()]
    if kind == "modules":
        return [{"id": m.id, "name": m.title.get(lang), "names": _both(m.title), "mode": m.mode.value,
                 "mode_name": MODE_NAMES[m.mode].get(lang), "hours": m.hours, "cost": m.cost,
                 "currency": catalog.info.currency,
                 "raises": [{"competency": r.competency, "tier": Tier(r.tier).key} for r in m.raises]}
                for m in catalog.modules.values()]
    table = catalog.roles if kind == "roles" else catalog.industries
    return [{"id": item.id, "name": item.name.get(lang), "names": _both(item.name)} for item in table.values()]


def _both(text) -> dict:
    return {"en": text.en or "", "zh": text.zh or ""}


def matches(row: dict, search: str) -> bool:
    text = search.casefold()
    return any(text in str(value).casefold() for value in (row["id"], *row["names"].values()))


@click.command("list")
@click.argument("kind", type=click.Choice(KINDS), default="competencies")
@click.option("--search", help="Only items whose id or name (English or Chinese) contains this text, any case.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@catalog_option
@lang_option
def list_command(kind: str, search: str | None, fmt: str, catalog_dir: Path | None, lang: str) -> None:
    """List the catalog's competencies, modules, roles or industries, with their ids.

    \b
    Examples:
      competency catalog list
      competency catalog list modules --search complaint
      competency catalog list competencies --search 共情 --lang zh
      competency catalog list roles --format json
    """
    catalog = open_catalog(catalog_dir)
    lang = lang or catalog.language
    found = [r for r in rows(catalog, kind, lang) if not search or matches(r, search)]
    if fmt == "json":
        sys.stdout.write(json.dumps(found, ensure_ascii=False, indent=2) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(*_HEADERS[kind][lang], box=None, pad_edge=False)
    for r in found:
        if kind == "competencies":
            table.add_row(r["id"], r["name"], r["domain_name"])
        elif kind == "modules":
            raises = ", ".join(f"{x['competency']} → {Tier.parse(x['tier']).label(lang)}" for x in r["raises"])
            table.add_row(r["id"], r["name"], r["mode_name"], f"{r['hours']:g}", f"{r['cost']:,.0f} {r['currency']}",
                          raises)
        else:
            table.add_row(r["id"], r["name"])
    Console(width=None if sys.stdout.isatty() else 200).print(table)
    click.echo(f"{len(found)} of {len(catalog.__dict__[kind])} {kind}"
               + (f" matching {search!r}" if search else ""), err=True)
