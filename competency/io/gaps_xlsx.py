"""The team heatmap a manager opens in Excel: agents x competencies, coloured by missing tier
steps, with the gap list beside it; both sheets are tables (``io.xlsx_table``)."""

from __future__ import annotations

from ..model.catalog import Catalog
from ..planner.scoring.gaps import AgentGaps
from .gaps_export import heatmap_cell, heatmap_columns
from .spreadsheet import workbook_bytes
from .xlsx_table import Column, Scale, cell_value, write_table

STEPS_SCALE = ((0, "C6EFCE"), (1, "FFEB9C"), (3, "FF7C80"))  # met, one step, three steps missing
MANDATORY_COLOR = "7030A0"
WORDS = {  # (en, zh); sheet names stay within Excel's 31 characters
    "heatmap": ("Heatmap", "差距热力图"), "gaps": ("Gaps", "差距明细"), "legend": ("Legend", "图例"),
    "agent_id": ("Agent ID", "工号"), "name": ("Agent", "员工"), "team": ("Team", "团队"), "role": ("Role", "岗位"),
    "industry": ("Industry", "行业"), "as_of": ("Evidence as of", "证据截至"),
    "total_severity": ("Total severity", "严重度合计"), "competency_id": ("Competency ID", "能力项编号"),
    "competency": ("Competency", "能力项"), "current": ("Current", "当前"), "target": ("Target", "目标"),
    "steps": ("Steps missing", "差距级数"), "weight": ("Weight", "权重"), "severity": ("Severity", "严重度"),
    "mandatory": ("Mandatory retraining", "强制复训"), "mandatory_tier": ("Retraining tier", "复训等级"),
    "kpi": ("KPI", "KPI"), "yes": ("yes", "是"), "total": ("Total", "合计"),
}
LEGEND = {
    "en": ["Cell = tier steps still missing to the role target (0 = met, empty = no target); green 0, "
           "yellow 1, red 3.",
           "Purple bold = failed latest formal assessment: mandatory retraining.",
           "Severity = weight x missing steps (+ weight for mandatory retraining); see docs/gaps.md."],
    "zh": ["单元格 = 距岗位目标还差的级数（0 = 已达标，空白 = 无目标）；绿色 0，黄色 1，红色 3。",
           "紫色加粗 = 最近一次正式考核未通过：强制复训。",
           "严重度 = 权重 x 差距级数（强制复训另加一个权重）；详见 docs/gaps.md。"],
}


def gaps_xlsx(catalog: Catalog, results: list[AgentGaps], lang: str = "en") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    w = {key: pair[lang == "zh"] for key, pair in WORDS.items()}
    book = Workbook()
    heat = book.active
    heat.title = w["heatmap"]
    comps = heatmap_columns(catalog, results)
    head = [Column(w["agent_id"]), Column(w["name"]), Column(w["team"]), Column(w["role"]),
            Column(w["as_of"], "date"), Column(w["total_severity"], "number", True)]
    columns = head + [Column(catalog.competencies[c].name.get(lang), "int", True) for c in comps]
    write_table(heat, columns, [[r.agent_id, *_who(catalog, r, lang)[:3], r.as_of, round(r.total_severity, 4),
                                 *[heatmap_cell(r, c)[0] for c in comps]] for r in results],
                w["total"], (Scale(len(head) + 1, len(columns), STEPS_SCALE),), freeze_columns=2)
    for row, result in enumerate(results, start=2):
        for offset, cid in enumerate(comps, start=len(head) + 1):
            steps, mandatory = heatmap_cell(result, cid)
            if steps is not None:
                cell = heat.cell(row, offset)
                cell.alignment = Alignment(horizontal="center")
                if mandatory:
                    cell.font = Font(bold=True, color=MANDATORY_COLOR)
    gaps = book.create_sheet(w["gaps"])
    write_table(gaps, [Column(w["agent_id"]), Column(w["name"]), Column(w["team"]), Column(w["role"]),
                       Column(w["industry"]), Column(w["competency_id"]), Column(w["competency"]),
                       Column(w["current"]), Column(w["target"]), Column(w["steps"], "int", True),
                       Column(w["weight"], "number"), Column(w["severity"], "number", True), Column(w["mandatory"]),
                       Column(w["mandatory_tier"]), Column(w["kpi"], wrap=True)],
                [[r.agent_id, *_who(catalog, r, lang), g.competency, catalog.competencies[g.competency].name.get(lang),
                  g.current.label(lang), g.target.label(lang), g.steps, round(g.weight, 4), round(g.severity, 4),
                  w["yes"] if g.mandatory else "", g.mandatory_tier.label(lang) if g.mandatory_tier is not None else "",
                  " | ".join(g.kpi)] for r in results for g in r.gaps],
                w["total"], freeze_columns=2)
    legend = book.create_sheet(w["legend"])
    for line in LEGEND[lang]:
        legend.append([cell_value(line)])
    legend.column_dimensions["A"].width = 100
    return workbook_bytes(book)


def _who(catalog: Catalog, result: AgentGaps, lang: str) -> list[str]:
    """Name, team, role and industry as the catalog names them (ids it does not know as given)."""
    p = result.profile
    if p is None:
        return ["", "", "", ""]
    role, industry = catalog.roles.get(p.role), catalog.industries.get(p.industry)
    return [p.name, p.team, role.name.get(lang) if role else p.role,
            industry.name.get(lang) if industry else p.industry]
