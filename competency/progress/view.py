"""The progress view: one context for the terminal table, the HTML page and the workbook."""

from __future__ import annotations

import datetime as dt
import unicodedata

from ..model.catalog import Catalog
from ..model.profile import AgentProfile
from ..planner.plan.schema import Plan
from .kpi import LOWER_IS_BETTER, kpi_trends
from .status import Tally, cohort_progress


def _row(label: str, t: Tally) -> dict:
    return {"label": label, "planned": t.planned, "due": t.due, "done": t.done, "overdue": t.overdue,
            "upcoming": t.planned - t.done - t.overdue, "hours_planned": round(t.hours_planned, 2),
            "hours_spent": round(t.hours_spent, 2), "cost_planned": round(t.cost_planned, 2),
            "cost_spent": round(t.cost_spent, 2), "assessed": t.assessed, "passed": t.passed,
            "pass_rate": t.pass_rate, "retraining_open": t.retraining_open, "retraining_closed": t.retraining_closed}


def progress_context(plan: Plan, profiles: list[AgentProfile], catalog: Catalog, as_of: dt.date, cycle: str) -> dict:
    agents, teams, total = cohort_progress(plan, profiles, as_of)
    target = catalog.info.pass_target
    missing = sorted({a.agent_id for a in plan.agents} - {p.id for p in profiles})
    trends = kpi_trends([p for p in profiles if p.id in {a.agent_id for a in plan.agents}],
                        plan.start_date, as_of, cycle)
    return {
        "as_of": as_of, "start": plan.start_date, "weeks": plan.weeks, "cycle": cycle, "target": target,
        "currency": catalog.info.currency, "total": _row("all", total),
        "teams": [_row(team, t) for team, t in teams.items()],
        "agents": [{**_row(a.agent_id, a.tally), "name": a.name, "team": a.team, "active": a.active,
                    "overdue_modules": [f"{m} (week {w})" for m, w in a.overdue],
                    "open_retraining": [f"{c} (failed {d})" for c, d, closed in a.retraining if not closed]}
                   for a in agents],
        "missing": missing,
        "trends": [{"metric": t.metric, "team": t.team or "all", "points": list(t.points), "change": t.change,
                    "better": t.better, "better_up": t.metric not in LOWER_IS_BETTER} for t in trends],
        "on_target": total.pass_rate is None or total.pass_rate >= target,
    }


def fit(text: str, width: int) -> str:
    """``text`` cut or padded to ``width`` terminal columns (a Chinese character takes two)."""
    out, used = "", 0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > width:
            break
        out, used = out + ch, used + w
    return out + " " * (width - used)


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def progress_table(context: dict) -> str:
    """The terminal view: one line per team and the total, then agents with overdue work."""
    head = (f"{'team':<24} {'planned':>7} {'done':>5} {'overdue':>7} {'pass':>7} {'retrain open/closed':>19} "
            f"{'hours spent/plan':>17} {'cost spent/plan':>19}")
    lines = [f"progress on {context['as_of']} (plan from {context['start']}, {context['weeks']} weeks; "
             f"pass target {percent(context['target'])})", head, "-" * len(head)]
    for row in [*context["teams"], context["total"]]:
        lines.append(f"{fit(row['label'], 24)} {row['planned']:>7} {row['done']:>5} {row['overdue']:>7} "
                     f"{percent(row['pass_rate']):>7} {row['retraining_open']:>9}/{row['retraining_closed']:<9} "
                     f"{row['hours_spent']:>8.1f}/{row['hours_planned']:<8.1f} "
                     f"{row['cost_spent']:>9,.0f}/{row['cost_planned']:<9,.0f}")
    late = [a for a in context["agents"] if a["overdue"] or a["open_retraining"] or not a["active"]]
    if late:
        lines += ["", "agents needing attention:"]
        for a in late:
            notes = [*(["left"] if not a["active"] else []), *(f"overdue {m}" for m in a["overdue_modules"]),
                     *(f"retraining open: {r}" for r in a["open_retraining"])]
            lines.append(f"  {a['label']} {a['name']}: " + "; ".join(notes))
    if context["trends"]:
        lines += ["", f"KPI trends per {context['cycle']} cycle, all agents (c1 starts with the plan, c0 and below are before it):"]
        for t in context["trends"]:
            if t["team"] == "all":
                series = "  ".join(f"c{n}: {v:.2f}" for n, v, _ in t["points"])
                lines.append(f"  {t['metric']:<16} {series}")
    return "\n".join(lines)
