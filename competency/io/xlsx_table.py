"""Table sheets as Excel users expect them.

Typed columns (numbers stored as numbers with a number format, dates as dates), a header
that stays on screen and is printed on every page, an autofilter over the data, column
widths that fit Chinese text, a total row under the data, and colour
scales where a sheet is read as a heatmap. Every cell value goes through ``cell_value``, the
one place where text meets a spreadsheet (formula neutralising lives in ``safe_cell``).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .spreadsheet import safe_cell

FORMATS = {"int": "#,##0", "money": "#,##0", "hours": "#,##0.0", "number": "#,##0.0#",
           "percent": "0.0%", "date": "yyyy-mm-dd", "text": "General"}
NUMERIC = {"int", "money", "hours", "number", "percent"}
HEADER_FONT, HEADER_FILL, TOTAL_FONT = Font(bold=True), PatternFill("solid", fgColor="E8EEF5"), Font(bold=True)
MAX_WIDTH, WRAP_WIDTH = 60, 45  # characters; longer text wraps instead of widening the column


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # a key of FORMATS
    total: bool = False  # summed in the total row
    wrap: bool = False  # long text (reasons, participant lists) wraps at WRAP_WIDTH


@dataclass(frozen=True)
class Scale:
    """A colour scale over columns ``first``..``last`` (1-based): low, middle and high
    values with their colours; a value of None means the data's lowest, median, highest."""

    first: int
    last: int
    points: tuple[tuple[float | None, str], tuple[float | None, str], tuple[float | None, str]]

    def rule(self) -> ColorScaleRule:
        (lo, lo_c), (mid, mid_c), (hi, hi_c) = self.points
        return ColorScaleRule(start_type="min" if lo is None else "num", start_value=lo, start_color=lo_c,
                              mid_type="percentile" if mid is None else "num", mid_value=50 if mid is None else mid,
                              mid_color=mid_c, end_type="max" if hi is None else "num", end_value=hi, end_color=hi_c)


RED_TO_GREEN = ((0.0, "F8696B"), (0.5, "FFEB84"), (1.0, "63BE7B"))  # coverage shares 0..1


def cell_value(value: object, kind: str = "text") -> object:
    """What a cell holds: numbers and dates as themselves, everything else as neutralised text."""
    if value is None or value == "":
        return None
    if kind in NUMERIC and isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if kind == "date" and isinstance(value, dt.date):
        return value
    return safe_cell(str(value))


def text_width(value: object, kind: str = "text") -> int:
    """Characters a value takes on screen: East Asian wide characters count double."""
    if value is None:
        return 0
    if kind == "date":
        return 10
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        shown = {"int": f"{value:,.0f}", "money": f"{value:,.0f}", "hours": f"{value:,.1f}",
                 "percent": f"{value:.1%}"}.get(kind, f"{value:,.2f}".rstrip("0"))
        return len(shown)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(value))


def write_table(ws: Worksheet, columns: list[Column], rows: list[list], total_label: str | None = None,
                scales: tuple[Scale, ...] = (), freeze_columns: int = 1) -> None:
    """Header in row 1, one row per item, then a total row when a column is totalled."""
    ws.append([cell_value(c.header) for c in columns])
    for cell in ws[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append([cell_value(v, c.kind) for v, c in zip(row, columns)])
    last_row = len(rows) + 1
    for index, column in enumerate(columns, start=1):
        for (cell,) in ws.iter_rows(min_row=2, max_row=last_row, min_col=index, max_col=index):
            if column.kind != "text":
                cell.number_format = FORMATS[column.kind]
            if column.wrap:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    letter = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A1:{letter}{last_row}"
    ws.print_title_rows = "1:1"
    ws.freeze_panes = ws.cell(2, freeze_columns + 1)
    shown = list(rows)
    if rows and any(c.total for c in columns):
        shown.append(_total_row(ws, columns, rows, total_label or ""))
    for scale in scales:
        if rows:
            ws.conditional_formatting.add(
                f"{get_column_letter(scale.first)}2:{get_column_letter(scale.last)}{last_row}", scale.rule())
    fit_columns(ws, columns, shown)
    print_setup(ws)


def _total_row(ws: Worksheet, columns: list[Column], rows: list[list], label: str) -> list:
    # Plain numbers, not formulas: every reader (a preview pane, pandas) sees the total, and
    # no cell of ours is a formula. The row sits below the autofilter range, so sorting and
    # filtering leave it at the bottom; it totals every row.
    values: list = [label] + [None] * (len(columns) - 1)
    for index, column in enumerate(columns):
        if column.total:
            total = sum(r[index] for r in rows if isinstance(r[index], (int, float)))
            values[index] = round(total, 6) if isinstance(total, float) else total
    ws.append([cell_value(v, c.kind) for v, c in zip(values, columns)])
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(ws.max_row, index)
        cell.font = TOTAL_FONT
        if column.total:
            cell.number_format = FORMATS[column.kind]
    return values


def fit_columns(ws: Worksheet, columns: list[Column], rows: list[list]) -> None:
    for index, column in enumerate(columns, start=1):
        widest = max([text_width(v, column.kind) for v in (r[index - 1] for r in rows)], default=0)
        # The autofilter button covers the right of the header cell; a long header wraps onto
        # two lines before it widens a column of short numbers.
        header = text_width(column.header) + 3
        widest = max(widest + 2, header if header <= 14 else max(14, (header + 4) // 2))
        ws.column_dimensions[get_column_letter(index)].width = min(max(widest, 8), WRAP_WIDTH if column.wrap else MAX_WIDTH)


def print_setup(ws: Worksheet) -> None:
    """Landscape A4, as wide as one page, as many pages long as needed."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
