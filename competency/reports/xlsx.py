"""The cohort curriculum as an Excel workbook for L&D planners who re-sort, filter and total it.

One sheet per report section, each a table in the shape ``io.xlsx_table`` gives it: money,
hours, shares and dates as numbers with their formats, autofilter, print titles, a total
row, widths that fit Chinese names, colour scales on the coverage heatmap and the session
calendar. The workbook is byte-identical for the same plan: document dates come from the
plan's start date and zip entries get a fixed timestamp.
"""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook

from ..io.spreadsheet import workbook_bytes
from openpyxl.styles import Font

from ..io.xlsx_table import FORMATS, RED_TO_GREEN, Column, Scale, cell_value, fit_columns, print_setup, write_table

# Sheet names: Excel cuts a name after 31 characters, so these are written to fit.
SHEETS: dict[str, tuple[str, str]] = {
    "summary": ("Summary", "概要"), "agents": ("Agents", "参训员工"),
    "schedule": ("Week-by-week schedule", "逐周学习安排"), "calendar": ("Session calendar", "集中课程日历"),
    "sessions": ("Sessions", "集中课程"), "trainers": ("Trainer load", "讲师授课负荷"),
    "coverage": ("Target coverage", "目标达成度"), "shares": ("Industry shares", "行业内容占比"),
    "by_mode": ("Budget by mode", "按培训形式预算"), "reasons": ("Bookings by reason", "按安排原因统计"),
    "by_domain": ("Budget by domain", "按能力领域预算"), "sweep": ("Budget sweep", "预算敏感性分析"),
}
WORDS: dict[str, tuple[str, str]] = {
    "start": ("Start date", "开始日期"), "end": ("End date", "结束日期"), "week_start": ("Week starts", "周开始日期"),
    "class_min": ("Class size min", "最少人数"), "class_max": ("Class size max", "最多人数"),
    "capacity": ("Capacity", "负荷"), "share_check": ("Rule", "是否达标"),
}


def cohort_xlsx(context: dict, start_date: dt.date) -> bytes:
    t, lang, cur = context["t"], context["lang"], context["currency"]
    w = {key: pair[lang == "zh"] for key, pair in WORDS.items()}
    money = f'{t["cost"]} ({cur})'
    wb = Workbook()
    _summary(wb.active, context, start_date, w)
    wb.active.title = _name("summary", lang)

    def week_start(week: int) -> dt.date:
        return start_date + dt.timedelta(days=7 * (week - 1))

    def sheet(key: str, columns: list[Column], rows: list[list], **options) -> None:
        write_table(wb.create_sheet(_name(key, lang)), columns, rows, t["total"], **options)

    sheet("agents", [Column(t["agent_id"]), Column(t["agent"]), Column(t["team"]), Column(t["industry"]),
                     Column(t["hours"], "hours", True), Column(money, "money", True),
                     Column(f'{t["budget"]} ({cur})', "money", True), Column(t["closed"], "number", True),
                     Column(t["open"], "number", True)],
          [[a["agent_id"], a["name"], a["team"], a["industry"], a["hours"], a["cost"], a["budget"], a["closed"],
            a["remaining"]] for a in context["agents"]], freeze_columns=2)
    sheet("schedule", [Column(t["agent_id"]), Column(t["agent"]), Column(t["week"], "int"), Column(w["week_start"], "date"),
                       Column(t["module"]), Column(t["mode"]), Column(t["hours"], "hours", True),
                       Column(money, "money", True), Column(t["retraining"]), Column(t["why"], wrap=True),
                       Column(t["venue"]), Column(t["trainer"])],
          [[a["agent_id"], a["name"], m["week"], week_start(m["week"]), m["title"], m["mode"], m["hours"], m["cost"],
            t["mandatory"] if m["mandatory"] else "", m["why"], m["venue"], m["trainer"]]
           for a in context["agents"] for m in a["modules"]], freeze_columns=2)
    weeks = context["weeks"]
    # Participants per week as a number (two sessions in a week add up; the Sessions sheet
    # lists each one), coloured from few to many.
    sheet("calendar", [Column(t["module"]), Column(w["class_min"], "int"), Column(w["class_max"], "int"),
                       *[Column(f'{t["week"]} {week}', "int", True) for week in weeks]],
          [[row["title"], row["min"], row["max"], *[sum(c) if c else None for c in row["counts"]]]
           for row in context["calendar"]],
          scales=(Scale(4, 3 + len(weeks), ((None, "FFFFFF"), (None, "BDD7EE"), (None, "2F75B5"))),))
    # Site and trainer (plan format 1.2) come last so the columns of older workbooks keep their place.
    sheet("sessions", [Column(t["week"], "int"), Column(w["start"], "date"), Column(w["end"], "date"),
                       Column(t["module"]), Column(t["mode"]), Column(t["agents"], "int", True),
                       Column(t["participants"], wrap=True), Column(money, "money", True), Column(t["venue"]),
                       Column(t["trainer"])],
          [[x["week"], week_start(x["week"]), week_start(x["week"]) + dt.timedelta(days=6), x["title"], x["mode"],
            x["count"], t["list_sep"].join(x["participants"]), x["cost"], x["venue"], x["trainer"]]
           for x in context["sessions"]], freeze_columns=1)
    if context["trainer_load"]:
        sheet("trainers", [Column(t["trainer"]), Column(t["sites"]), Column(t["sessions_count"], "int", True),
                           Column(t["hours_taught"], "hours", True), Column(t["peak_week_sessions"], "int"),
                           Column(t["cap_sessions"], "int"), Column(t["peak_week_hours"], "hours"),
                           Column(t["cap_hours"], "hours"), Column(w["capacity"])],
              [[r["name"], t["list_sep"].join(r["sites"]), r["sessions"], r["hours"], r["peak_sessions"],
                r["cap_sessions"], r["peak_hours"], r["cap_hours"], t["over_capacity"] if r["over"] else ""]
               for r in context["trainer_load"]])
    domains = context["heat_domains"]
    sheet("coverage", [Column(t["agent"]), *[Column(f"{d} · {when}", "percent") for d in domains
                                             for when in (t["before"], t["after_plan"])]],
          [[row["name"], *[v for c in row["cells"] for v in (c["before"], c["after"])]] for row in context["heatmap"]],
          scales=(Scale(2, 1 + 2 * len(domains), RED_TO_GREEN),))
    sheet("shares", [Column(t["agent"]), Column(t["industry"]), Column(t["share_rule"]),
                     Column(t["share_min"], "percent"), Column(t["share_achieved"], "percent"),
                     Column(t["hours"], "hours"), Column(w["share_check"])],
          [[r["name"], r["industry"], r["rule"], r["min"], r["achieved"], r["hours"],
            t["share_ok"] if r["ok"] else t["share_missed"]] for r in context["shares"]])
    sheet("by_mode", [Column(t["mode"]), Column(f'{t["seats"]} ({cur})', "money", True),
                      Column(f'{t["sessions"]} ({cur})', "money", True), Column(f'{t["total"]} ({cur})', "money", True)],
          [[r["name"], r["seats"], r["sessions"], r["total"]] for r in context["budget_by_mode"]])
    if context["reasons"]:
        sheet("reasons", [Column(t["why"]), Column(t["bookings"], "int", True), Column(t["hours"], "hours", True),
                          Column(f'{t["seats"]} ({cur})', "money", True)],
              [[r["name"], r["bookings"], r["hours"], r["cost"]] for r in context["reasons"]])
    sheet("by_domain", [Column(t["domain"]), Column(f'{t["total"]} ({cur})', "money", True)],
          [[r["name"], r["total"]] for r in context["budget_by_domain"]])
    if context["sweep"]:
        sheet("sweep", [Column(f'{t["budget"]} ({cur})', "money"), Column(t["value"], "number"),
                        Column(t["value_bound"], "number"), Column(t["optimality_gap"], "percent"),
                        Column(money, "money"), Column(t["status"]), Column(t["marginal"], "number")],
              [[p["budget"], p["value"], p["bound"], p["gap"], p["cost"], p["status"], p["marginal"]]
               for p in context["sweep"]])
    wb.properties.creator = "competency"
    return workbook_bytes(wb, dt.datetime.combine(start_date, dt.time()))


def _name(key: str, lang: str) -> str:
    return SHEETS[key][lang == "zh"]


def _summary(ws, context: dict, start_date: dt.date, w: dict) -> None:
    """Label and value per line, each value with its own number format."""
    t, cur, s = context["t"], context["currency"], context["summary"]
    end = start_date + dt.timedelta(days=7 * len(context["weeks"]) - 1)
    lines = [(t["agents"], s["agents"], "int"), (t["total_hours"], s["hours"], "hours"),
             (f'{t["total_cost"]} ({cur})', s["cost"], "money"),
             (f'{t["budget"]} ({cur})', s["budget"] if s["budget"] is not None else t["no_limit"], "money"),
             (t["cost_vs_budget"], s["budget_used"], "percent"), (t["gaps_closed_share"], s["closed_share"], "percent"),
             (t["optimality_gap"], s["gap"], "percent"), (t["status"], s["status"], "text"),
             (w["start"], start_date, "date"), (w["end"], end, "date")]
    for label, value, kind in lines:
        ws.append([cell_value(label), cell_value(value, kind)])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        if kind != "text":
            ws.cell(ws.max_row, 2).number_format = FORMATS[kind]
    fit_columns(ws, [Column(""), Column("", "text")], [[label, ""] for label, _, _ in lines])
    ws.column_dimensions["B"].width = 16
    print_setup(ws)
