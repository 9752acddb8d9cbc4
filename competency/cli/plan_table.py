"""The plan summary table ``competency plan`` prints: one row per team and a total."""

from __future__ import annotations

import unicodedata

from ..planner.plan import Plan

COLUMNS = ("team", "agents", "modules", "sessions", "hours", "cost", "gap closed", "opt. gap")


def summary_table(plan: Plan) -> str:
    teams = sorted({a.team for a in plan.agents})
    rows = [_row(plan, team, [a for a in plan.agents if a.team == team]) for team in teams]
    rows.append(_row(plan, "total", plan.agents, sessions=True))
    widths = [max(_width(str(r[i])) for r in [COLUMNS, *rows]) for i in range(len(COLUMNS))]
    lines = ["  ".join(_pad(str(c), w, left=i == 0) for i, (c, w) in enumerate(zip(r, widths))).rstrip()
             for r in [COLUMNS, *rows]]
    head = f"status {plan.status}  objective {plan.objective:g}  bound {plan.bound:g}  {plan.weeks} weeks from {plan.start_date}"
    return "\n".join([head, *lines])


def _row(plan: Plan, name: str, agents, sessions: bool = False) -> tuple:
    closed = sum(a.gaps_closed for a in agents)
    open_ = closed + sum(a.gaps_remaining for a in agents)
    share = f"{closed:g}/{open_:g}" + (f" ({closed / open_:.0%})" if open_ else "")
    session_count = len(plan.sessions) if sessions else len({(s.module_id, s.week) for s in plan.sessions
                                                              if set(s.participants) & {a.agent_id for a in agents}})
    cost = sum(a.total_cost for a in agents) + (sum(s.cost for s in plan.sessions) if sessions else 0)
    return (name, len(agents), sum(len(a.modules) for a in agents), session_count,
            f"{sum(a.total_hours for a in agents):g}", f"{cost:,.0f}", share,
            f"{plan.gap:.2%}" if sessions else "")


def _width(text: str) -> int:
    # Chinese team names take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, left: bool) -> str:
    fill = " " * (width - _width(text))
    return text + fill if left else fill + text
