"""``competency validate`` and ``competency catalog ...``."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from ..model import Tier, default_catalog_dir, load_catalog_with_problems
from ..model.catalog import MODE_NAMES
from ..model.suggest import did_you_mean, suggest
from ..model.graph import build_graph, entry_levels, modules_for, to_dot, to_mermaid
from ..reports.labels import kpi_text
from ..reports.names import metric_label
from .options import UserError, catalog_option, lang_option, open_catalog


_VALIDATE_WORDS = {
    "en": ("competencies per domain:", "modules per tier raised:", "modules per delivery mode:"),
    "zh": ("各领域能力项数：", "各等级课程数（所提升的等级）：", "各培训形式课程数："),
}


@click.command()
@catalog_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default=None,
              help="Language of domain, tier and mode names. Default: the catalog's language.")
def validate(catalog_dir: Path | None, strict: bool, lang: str | None) -> None:
    """Check a catalog and print a summary of what it holds.

    Every problem in every file is listed, with the file, the place inside it
    (e.g. modules[12].hours) and how to fix it. Exit code 0 when the catalog is
    valid, 1 otherwise.

    \b
    Examples:
      competency validate
      competency validate --lang zh
      competency validate --catalog my_helpdesk_catalog/
    """
    root = catalog_dir or default_catalog_dir()
    catalog, problems = load_catalog_with_problems(root)
    for problem in problems:
        click.echo(str(problem), err=True)
    errors = [p for p in problems if p.severity == "error" or strict]
    if catalog is None or errors:
        raise UserError(f"{root}: {len(errors)} error(s); the catalog is not valid")
    lang = lang or catalog.language
    by_domain = Counter(c.domain for c in catalog.competencies.values())
    by_mode = Counter(m.mode for m in catalog.modules.values())
    by_tier = Counter(int(level.tier) for m in catalog.modules.values() for level in m.raises)
    domains, tiers, modes = _VALIDATE_WORDS[lang]
    out = [
        f"catalog {catalog.info.id} {catalog.info.version} ({root}): valid",
        f"  {len(catalog.competencies)} competencies in {len(catalog.domains)} domains, "
        f"{len(catalog.modules)} modules, {len(catalog.roles)} roles, {len(catalog.industries)} industries",
        domains,
    ]
    out += [f"  {d:<28} {by_domain.get(d, 0):>3}  {catalog.domains[d].name.get(lang)}" for d in sorted(catalog.domains)]
    out.append(tiers)
    out += [f"  {t.key:<28} {by_tier.get(int(t), 0):>3}  {t.label(lang)}"
            for t in (Tier.BASIC, Tier.ADVANCED, Tier.EXPERT)]
    out.append(modes)
    out += [f"  {m.value:<28} {n:>3}  {MODE_NAMES[m].get(lang)}"
            for m, n in sorted(by_mode.items(), key=lambda x: x[0].value)]
    if not catalog.modules:
        out.append("note: no modules yet; add modules (docs/catalog.md) before planning")
    if not catalog.roles:
        out.append("note: no roles yet; add roles with target tiers so gaps can be scored")
    click.echo("\n".join(out))


@click.group("catalog")
def catalog_group() -> None:
    """Look into the catalog: list and search items, one competency, the prerequisite graph."""


@catalog_group.command("show")
@click.argument("competency_id")
@catalog_option
@lang_option
def show(competency_id: str, catalog_dir: Path | None, lang: str) -> None:
    """Show a competency's tiers, indicators, KPIs, prerequisites and modules.

    \b
    Example:
      competency catalog show active_listening --lang zh
    """
    catalog = open_catalog(catalog_dir)
    lang = lang or catalog.language
    comp = catalog.competencies.get(competency_id)
    if comp is None:
        close = suggest(competency_id, {c.id: (c.name.en, c.name.zh) for c in catalog.competencies.values()})
        hint = (did_you_mean(close, lambda c: f"{c} ({catalog.competencies[c].name.get(lang)})") if close
                else " List ids with `competency catalog list --search TEXT`.")
        raise click.BadParameter(f"no competency {competency_id!r}.{hint}", param_hint="COMPETENCY_ID")
    domain = catalog.domains[comp.domain].name.get(lang)
    lines = [f"{comp.id}: {comp.name.get(lang)} ({comp.name.get('zh' if lang == 'en' else 'en')})",
             f"domain: {domain}"]
    if comp.description:
        lines.append(comp.description.get(lang))
    for tier in (Tier.BASIC, Tier.ADVANCED, Tier.EXPERT):
        spec = comp.tiers[tier]
        lines.append(f"\n[{tier.label(lang)}]")
        lines += [f"  - {ind.get(lang)}" for ind in spec.indicators]
        for kpi in spec.kpi:
            lines.append(f"  {kpi_text(metric_label(catalog, kpi.metric, lang), kpi.min, kpi.max, kpi.unit, lang)}"
                         f" ({kpi.metric})")
        for pre in comp.prerequisites:
            if pre.tier == tier:
                lines.append(f"  needs {pre.needs} @ {pre.needs_tier.label(lang)}")
        for module in modules_for(catalog, comp.id, tier):
            entry = ", ".join(f"{c}@{t.key}" for c, t in sorted(entry_levels(catalog, module).items()))
            lines.append(
                f"  module {module.id}: {module.title.get(lang)} · {MODE_NAMES[module.mode].get(lang)} · "
                f"{module.hours:g} h · {module.cost:,.0f} {catalog.info.currency}"
                + (f" · entry {entry}" if entry else "")
            )
    click.echo("\n".join(lines))


@catalog_group.command("graph")
@click.option("--format", "fmt", type=click.Choice(["dot", "mermaid"]), default="mermaid", show_default=True)
@catalog_option
@lang_option
def graph(fmt: str, catalog_dir: Path | None, lang: str) -> None:
    """Print the prerequisite graph as Graphviz DOT or Mermaid.

    Solid arrows are tier steps of one competency; dashed arrows are
    cross-competency prerequisites.

    \b
    Examples:
      competency catalog graph --format dot | dot -Tsvg > graph.svg
      competency catalog graph --format mermaid > graph.mmd
    """
    catalog = open_catalog(catalog_dir)
    text = (to_dot if fmt == "dot" else to_mermaid)(catalog, build_graph(catalog), lang or catalog.language)
    sys.stdout.write(text)


from .interop_cmd import export_command, import_command  # noqa: E402  (Moodle/CASE, issue 7)

from .catalog_list import list_command  # noqa: E402

catalog_group.add_command(list_command)
catalog_group.add_command(import_command)
catalog_group.add_command(export_command)
