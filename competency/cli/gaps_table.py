"""Rich tables for ``competency gaps``: one agent's ranked gaps, or a team heatmap."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..io.gaps_export import heatmap_cell, heatmap_columns
from ..model.catalog import Catalog
from ..planner.scoring.gaps import AgentGaps
from ..reports.kpi import kpi_lines
from ..reports.ranking import RANK_NOTE, gap_rank_key

SLOT = 3  # characters per competency in the heatmap strip
STEP_STYLES = {0: "green", 1: "yellow", 2: "dark_orange", 3: "bold red"}
WORDS = {
    "en": {"mandatory": "mandatory retraining", "none": "no gaps: every target met", "total": "total severity",
           "as_of": "as of {}",
           "columns": ("#", "competency", "current", "target", "steps", "weight", "severity", "notes"),
           "team_title": "gaps: {} agents, {} mandatory retraining(s)",
           "team_caption": "number = tier steps missing · · = met · ! = mandatory retraining · blank = no target",
           "team_columns": ("agent", "name", "severity"), "below": "{} agent(s) below target"},
    "zh": {"mandatory": "强制复训", "none": "无差距：全部达标", "total": "严重度合计", "as_of": "评估截至 {}",
           "columns": ("#", "能力项", "当前", "目标", "差距级数", "权重", "严重度", "备注"),
           "team_title": "能力差距：{} 名员工，{} 项强制复训",
           "team_caption": "数字 = 未达级数 · · = 已达标 · ! = 强制复训 · 空白 = 无目标",
           "team_columns": ("工号", "姓名", "严重度"), "below": "{} 名员工未达目标"},
}


def agent_table(catalog: Catalog, result: AgentGaps, lang: str = "en") -> Table:
    p = result.profile
    words = WORDS[lang]
    title = (f"{result.agent_id} {p.name} · {p.team} · {_name(catalog.roles, p.role, lang)} · "
             f"{_name(catalog.industries, p.industry, lang)}") if p else result.agent_id
    as_of = f" · {words['as_of'].format(result.as_of)}" if result.as_of else ""
    table = Table(title=title, caption=f"{words['total']} {result.total_severity:.2f}{as_of}\n{RANK_NOTE[lang]}")
    for header, justify in zip(words["columns"], ("right", "left", "left", "left", "right", "right", "right", "left")):
        table.add_column(header, justify=justify)
    if not result.gaps:
        table.add_row("", words["none"], "", "", "", "", "", "")
    # The IDP ranks the same way (reports/ranking.py).
    for rank, gap in enumerate(sorted(result.gaps, key=gap_rank_key), start=1):
        notes = ([f"[bold magenta]{words['mandatory']} → {gap.mandatory_tier.label(lang)}[/]"]
                 if gap.mandatory else []) + kpi_lines(catalog, p, gap.competency, gap.target, lang)
        table.add_row(str(rank), catalog.competencies[gap.competency].name.get(lang), gap.current.label(lang),
                      gap.target.label(lang), str(gap.steps), f"{gap.weight:.2f}", f"{gap.severity:.2f}",
                      "\n".join(notes))
    return table


def _name(table: dict, key: str, lang: str) -> str:
    item = table.get(key)
    return item.name.get(lang) if item is not None else key


def team_table(catalog: Catalog, results: list[AgentGaps], lang: str = "en") -> Group:
    """Agents x competencies with a gap somewhere: missing steps, '·' when met, '!' mandatory.

    The competency cells of a row are one styled strip of 3-character slots numbered in a
    legend below: a 40-agent x 30-competency heatmap then fits a screen and renders in
    milliseconds (rich spends ~0.2 ms per table cell).
    """
    columns = heatmap_columns(catalog, results)
    mandatory = sum(len(r.mandatory) for r in results)
    words = WORDS[lang]
    agent, name, severity = words["team_columns"]
    table = Table(title=words["team_title"].format(len(results), mandatory), caption=words["team_caption"])
    table.add_column(agent, no_wrap=True)
    table.add_column(name, no_wrap=True)
    table.add_column("".join(f"{index:>{SLOT}}" for index in range(1, len(columns) + 1)), no_wrap=True)
    table.add_column(severity, justify="right", no_wrap=True)
    for r in results:
        strip = Text()
        for cid in columns:
            steps, is_mandatory = heatmap_cell(r, cid)
            if steps is None:
                strip.append(" " * SLOT)
                continue
            label = ("·" if steps == 0 else str(steps)) + ("!" if is_mandatory else "")
            strip.append(f"{label:>{SLOT}}", style="bold magenta" if is_mandatory else STEP_STYLES[min(steps, 3)])
        table.add_row(r.agent_id, r.profile.name if r.profile else "", strip, f"{r.total_severity:.2f}")
    legend = Table(show_header=False, box=None, padding=(0, 2))
    for index, cid in enumerate(columns, start=1):
        agents = sum(1 for r in results if any(g.competency == cid for g in r.gaps))
        legend.add_row(f"{index:>{SLOT}}", catalog.competencies[cid].name.get(lang), cid,
                       words["below"].format(agents))
    return Group(table, legend)
