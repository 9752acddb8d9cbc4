"""The cohort curriculum as an Excel workbook for L&D planners who re-sort and total it.

Every text cell goes through ``safe_cell`` so an imported name or title cannot run as a
formula. The workbook is byte-identical for the same plan: document dates come from the
plan's start date and zip entries get a fixed timestamp.
"""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from ..io.spreadsheet import safe_cell, workbook_bytes

_HEADER = Font(bold=True)
_FILL = PatternFill("solid", fgColor="E8EEF5")


def cohort_xlsx(context: dict, start_date: dt.date) -> bytes:
    t, cur = context["t"], context["currency"]
    s = context["summary"]
    wb = Workbook()
    summary = wb.active
    summary.title = _title(t["summary_section"])
    _rows(summary, None, [
        [t["agents"], s["agents"]], [t["total_hours"], s["hours"]], [f'{t["total_cost"]} ({cur})', s["cost"]],
        [f'{t["budget"]} ({cur})', s["budget"]], [t["gaps_closed_share"], s["closed_share"]],
        [t["optimality_gap"], s["gap"]], [t["status"], s["status"]], [t["period"], context["period"]],
    ])
    _sheet(wb, t["agents_section"], [t["agent_id"], t["agent"], t["team"], t["industry"], t["hours"],
                                      f'{t["cost"]} ({cur})', t["budget"], t["closed"], t["open"]],
           [[a["agent_id"], a["name"], a["team"], a["industry"], a["hours"], a["cost"], a["budget"],
             a["closed"], a["remaining"]] for a in context["agents"]])
    _sheet(wb, t["schedule_section"], [t["agent_id"], t["agent"], t["week"], t["module"], t["mode"], t["hours"],
                                        f'{t["cost"]} ({cur})', t["mandatory"], t["why"], t["venue"], t["trainer"]],
           [[a["agent_id"], a["name"], m["week"], m["title"], m["mode"], m["hours"], m["cost"], m["mandatory"],
             m["why"], m["venue"], m["trainer"]]
            for a in context["agents"] for m in a["modules"]])
    _sheet(wb, t["calendar_section"], [t["module"], "min-max", *context["weeks"]],
           [[row["title"], row["size"], *row["cells"]] for row in context["calendar"]])
    # Site and trainer (plan format 1.2) come last so the columns of older workbooks keep their place.
    _sheet(wb, t["sessions"], [t["week"], t["dates"], t["module"], t["mode"], t["agents"], t["participants"],
                                f'{t["cost"]} ({cur})', t["venue"], t["trainer"]],
           [[x["week"], x["dates"], x["title"], x["mode"], x["count"], t["list_sep"].join(x["participants"]),
             x["cost"], x["venue"], x["trainer"]]
            for x in context["sessions"]])
    if context["trainer_load"]:
        _sheet(wb, t["trainer_section"], [t["trainer"], t["sites"], t["sessions_count"], t["hours_taught"],
                                           t["peak_week_sessions"], t["cap_sessions"], t["peak_week_hours"], t["cap_hours"], ""],
               [[r["name"], t["list_sep"].join(r["sites"]), r["sessions"], r["hours"], r["peak_sessions"],
                 r["cap_sessions"], r["peak_hours"], r["cap_hours"], t["over_capacity"] if r["over"] else ""]
                for r in context["trainer_load"]])
    heat_head = [t["agent"]] + [f"{d} · {when}" for d in context["heat_domains"] for when in (t["before"], t["after_plan"])]
    _sheet(wb, t["heatmap_section"], heat_head,
           [[row["name"], *[v for c in row["cells"] for v in (c["before"], c["after"])]] for row in context["heatmap"]])
    _sheet(wb, t["share_section"], [t["agent"], t["industry"], t["share_rule"], t["share_min"], t["share_achieved"],
                                     t["hours"], ""],
           [[r["name"], r["industry"], r["rule"], r["min"], r["achieved"], r["hours"],
             t["share_ok"] if r["ok"] else t["share_missed"]] for r in context["shares"]])
    _sheet(wb, t["by_mode"], [t["mode"], t["seats"], t["sessions"], t["total"]],
           [[r["name"], r["seats"], r["sessions"], r["total"]] for r in context["budget_by_mode"]])
    if context["reasons"]:
        _sheet(wb, t["reason_section"], [t["why"], t["bookings"], t["hours"], f'{t["seats"]} ({cur})'],
               [[r["name"], r["bookings"], r["hours"], r["cost"]] for r in context["reasons"]])
    _sheet(wb, t["by_domain"], [t["domain"], t["total"]], [[r["name"], r["total"]] for r in context["budget_by_domain"]])
    if context["sweep"]:
        _sheet(wb, t["sweep_section"], [t["budget"], t["value"], t["cost"], t["status"], t["marginal"]],
               [[p["budget"], p["value"], p["cost"], p["status"], p["marginal"]] for p in context["sweep"]])
    stamp = dt.datetime.combine(start_date, dt.time())
    wb.properties.creator = "competency"
    return workbook_bytes(wb, stamp)


def _title(text: str) -> str:
    # Excel sheet names: at most 31 characters and none of []:*?/\
    return "".join("_" if ch in "[]:*?/\\" else ch for ch in text)[:31]


def _sheet(wb: Workbook, title: str, header: list, rows: list[list]) -> None:
    _rows(wb.create_sheet(_title(title)), header, rows)


def _rows(ws, header: list | None, rows: list[list]) -> None:
    if header is not None:
        ws.append([safe_cell(h) for h in header])
        for cell in ws[1]:
            cell.font, cell.fill = _HEADER, _FILL
        ws.freeze_panes = "A2"
    for row in rows:
        ws.append([safe_cell(v) for v in row])
    for column in ws.columns:
        width = max(len(str(c.value)) if c.value is not None else 0 for c in column)
        ws.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 50)
