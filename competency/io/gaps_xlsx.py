"""The team heatmap a manager opens in Excel: agents x competencies, coloured by missing tier steps."""

from __future__ import annotations

from ..model.catalog import Catalog
from ..planner.gaps import AgentGaps
from .gaps_export import gap_rows, heatmap_cell, heatmap_columns
from .spreadsheet import safe_cell, safe_row, workbook_bytes

FILLS = {0: "C6EFCE", 1: "FFEB9C", 2: "F8CBAD", 3: "FF7C80"}  # met, 1, 2, 3 steps missing
MANDATORY_COLOR = "7030A0"
LEGEND = {
    "en": ["Cell = tier steps still missing to the role target (0 = met, empty = no target).",
           "Purple bold = failed latest formal assessment: mandatory retraining.",
           "Severity = weight x missing steps (+ weight for mandatory retraining); see docs/gaps.md."],
    "zh": ["单元格 = 距岗位目标还差的级数（0 = 已达标，空白 = 无目标）。",
           "紫色加粗 = 最近一次正式考核未通过：强制复训。",
           "严重度 = 权重 x 差距级数（强制复训另加一个权重）；详见 docs/gaps.md。"],
}


def gaps_xlsx(catalog: Catalog, results: list[AgentGaps], lang: str = "en") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = "Heatmap"
    columns = heatmap_columns(catalog, results)
    head = ["agent_id", "name", "team", "role", "total_severity"]
    sheet.append(safe_row(head + [catalog.competencies[c].name.get(lang) for c in columns]))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r in results:
        p = r.profile
        values = [r.agent_id, p.name if p else "", p.team if p else "", p.role if p else "",
                  round(r.total_severity, 4)]
        sheet.append(safe_row(values) + [heatmap_cell(r, c)[0] for c in columns])
        for offset, cid in enumerate(columns):
            steps, mandatory = heatmap_cell(r, cid)
            if steps is None:
                continue
            cell = sheet.cell(sheet.max_row, len(head) + 1 + offset)
            cell.fill = PatternFill("solid", fgColor=FILLS[min(steps, 3)])
            cell.alignment = Alignment(horizontal="center")
            if mandatory:
                cell.font = Font(bold=True, color=MANDATORY_COLOR)
    sheet.freeze_panes = sheet.cell(2, len(head) + 1)
    sheet.column_dimensions["B"].width = 14
    gaps = book.create_sheet("Gaps")
    for row in gap_rows(catalog, results, lang):
        gaps.append(safe_row(row))
    legend = book.create_sheet("Legend")
    for line in LEGEND[lang]:
        legend.append([safe_cell(line)])
    return workbook_bytes(book)
