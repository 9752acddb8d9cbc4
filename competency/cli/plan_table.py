"""The plan summary table ``competency plan`` prints: one row per team, a total and a footnote.

Money columns add up both ways: a row's total cost is its seat cost plus its session cost,
and the total row is the sum of the team rows. A session's price is paid once, so it is
split over the teams by their share of its participants; amounts are rounded to the unit
with the largest-remainder method, so the rounded team rows still sum to the rounded total.
"""

from __future__ import annotations

import math
import unicodedata

from ..planner.plan.schema import Plan
from ..planner.replan.notes import value_traded

COLUMNS = ("team", "agents", "modules", "sessions", "hours", "seat cost", "session cost", "total cost",
           "gap closed", "opt. gap")
FOOTNOTE = (
    "seat cost: the agents' own bookings (with off-phone time when counted).",
    "session cost: each session's price, split over the teams by their share of its participants.",
    "total cost = seat cost + session cost, rounded to the unit so that the rows add up to the total.",
    "sessions: sessions with an agent of the team (a shared session counts for each of its teams).",
)


def summary_table(plan: Plan, currency: str = "") -> str:
    teams = sorted({a.team for a in plan.agents})
    members = {team: [a for a in plan.agents if a.team == team] for team in teams}
    seats = _apportion([sum(a.total_cost for a in members[team]) for team in teams])
    sessions = _apportion([_session_share(plan, members[team]) for team in teams])
    rows = [_row(plan, team, members[team], seats[i], sessions[i]) for i, team in enumerate(teams)]
    rows.append(_row(plan, "total", plan.agents, sum(seats), sum(sessions), total=True))
    widths = [max(_width(str(r[i])) for r in [COLUMNS, *rows]) for i in range(len(COLUMNS))]
    lines = ["  ".join(_pad(str(c), w, left=i == 0) for i, (c, w) in enumerate(zip(r, widths))).rstrip()
             for r in [COLUMNS, *rows]]
    # A re-plan may trade value within --value-tolerance: its status is the value stage's
    # proof, so the head says where the gap to the bound comes from.
    best = value_traded(plan)
    traded = f" (best {_value(best)}, traded for fewer changes)" if best is not None else ""
    head = (f"status {plan.status}  objective {_value(plan.objective)}{traded}  bound {_value(plan.bound)}  "
            f"{plan.weeks} weeks from {plan.start_date}" + (f"  costs in {currency}" if currency else ""))
    return "\n".join([head, *lines, *FOOTNOTE])


def _session_share(plan: Plan, agents) -> float:
    ids = {a.agent_id for a in agents}
    return sum(s.cost * len(ids.intersection(s.participants)) / len(s.participants)
               for s in plan.sessions if s.participants)


def _apportion(amounts: list[float]) -> list[int]:
    """Round to the unit keeping the sum: floors, then the units left go to the largest remainders."""
    if not amounts:
        return []
    floors = [math.floor(a + 1e-9) for a in amounts]
    left = round(sum(amounts)) - sum(floors)
    order = sorted(range(len(amounts)), key=lambda i: (-(amounts[i] - floors[i]), i))
    for i in order[:max(0, left)]:
        floors[i] += 1
    return floors


def _row(plan: Plan, name: str, agents, seats: int, sessions: int, total: bool = False) -> tuple:
    closed = sum(a.gaps_closed for a in agents)
    open_ = closed + sum(a.gaps_remaining for a in agents)
    share = f"{_value(closed)}/{_value(open_)}" + (f" ({closed / open_:.1%})" if open_ else "")
    ids = {a.agent_id for a in agents}
    session_count = len(plan.sessions) if total else sum(1 for s in plan.sessions if ids.intersection(s.participants))
    return (name, len(agents), sum(len(a.modules) for a in agents), session_count,
            _value(sum(a.total_hours for a in agents)), f"{seats:,}", f"{sessions:,}", f"{seats + sessions:,}",
            share, f"{plan.gap:.2%}" if total else "")


def _value(value: float) -> str:
    return f"{value:,.1f}"


def _width(text: str) -> int:
    # Chinese team names take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, left: bool) -> str:
    fill = " " * (width - _width(text))
    return text + fill if left else fill + text
