"""The progress view as an Excel workbook (teams, agents, KPI trends); every text cell is
made formula-safe, and the bytes depend only on the content."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.styles import Font

from ..io.spreadsheet import safe_row, workbook_bytes

COLUMNS = ("planned", "due", "done", "overdue", "upcoming", "hours_planned", "hours_spent", "cost_planned",
           "cost_spent", "assessed", "passed", "pass_rate", "retraining_open", "retraining_closed")


def progress_xlsx(context: dict) -> bytes:
    book = Workbook()
    teams = book.active
    teams.title = "teams"
    _sheet(teams, ["team", *COLUMNS], [[r["label"], *(r[c] for c in COLUMNS)]
                                      for r in [*context["teams"], context["total"]]])
    _sheet(book.create_sheet("agents"), ["agent", "name", "team", "active", *COLUMNS, "overdue modules",
                                         "open retraining"],
           [[a["label"], a["name"], a["team"], a["active"], *(a[c] for c in COLUMNS), ", ".join(a["overdue_modules"]),
             ", ".join(a["open_retraining"])] for a in context["agents"]])
    _sheet(book.create_sheet("kpi trends"), ["kpi", "team", "cycle", "mean", "values"],
           [[t["metric"], t["team"], n, round(v, 4), count] for t in context["trends"] for n, v, count in t["points"]])
    info = book.create_sheet("about")
    _sheet(info, ["as of", "plan start", "weeks", "cycle", "pass target"],
           [[str(context["as_of"]), str(context["start"]), context["weeks"], context["cycle"], context["target"]]])
    return workbook_bytes(book, dt.datetime.combine(context["as_of"], dt.time()))


def _sheet(ws, header: list[str], rows: list[list[object]]) -> None:
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(safe_row(row))
