"""The summary table of `competency plan`: seat and session costs in their own columns, a
total that is their sum, team rows that add up to the total row, values rounded."""

import datetime as dt
import re
from pathlib import Path

from competency.cli.plan_table import COLUMNS, FOOTNOTE, summary_table
from competency.planner.plan.schema import AgentPlan, Plan, PlannedModule, Session

DATA = Path(__file__).parent / "data" / "reports"


def table(plan: Plan) -> tuple[str, list[dict[str, str]]]:
    lines = summary_table(plan).splitlines()
    assert re.split(r"\s{2,}", lines[1]) == list(COLUMNS)
    assert lines[-len(FOOTNOTE):] == list(FOOTNOTE)
    rows = [dict(zip(COLUMNS, re.split(r"\s{2,}", line.strip()))) for line in lines[2:-len(FOOTNOTE)]]
    return lines[0], rows


def money(text: str) -> int:
    assert re.fullmatch(r"\d{1,3}(,\d{3})*", text), text
    return int(text.replace(",", ""))


def three_teams_sharing_sessions() -> Plan:
    """Shares that do not divide evenly: 1,000 over three teams, 999.99 over two agents."""
    agents = [AgentPlan(agent_id=f"a{i}", team=team, total_cost=cost, total_hours=hours, gaps_closed=1.25,
                        gaps_remaining=0.3333,
                        modules=[PlannedModule(module_id="m", week=1, hours=hours, cost=cost)])
              for i, (team, cost, hours) in enumerate([("A 组", 1234.4, 2.25), ("B", 0.3, 1.04), ("C", 10500.35, 3)])]
    sessions = [Session(module_id="m", week=1, participants=["a0", "a1", "a2"], cost=1000),
                Session(module_id="n", week=2, participants=["a0", "a2"], cost=999.99)]
    return Plan(status="FEASIBLE", objective=3.75049, bound=3.8251, gap=0.0195, weeks=12,
                start_date=dt.date(2026, 11, 2), agents=agents, sessions=sessions,
                total_cost=sum(a.total_cost for a in agents) + 1999.99)


def test_seat_and_session_costs_add_up_across_and_down():
    for plan in (three_teams_sharing_sessions(),
                 Plan.model_validate_json((DATA / "plan_v12.json").read_text(encoding="utf-8"))):
        _, rows = table(plan)
        *teams, total = rows
        assert total["team"] == "total"
        for row in rows:
            assert money(row["seat cost"]) + money(row["session cost"]) == money(row["total cost"])
        for column in ("seat cost", "session cost", "total cost"):
            assert sum(money(r[column]) for r in teams) == money(total[column]), column
        assert money(total["seat cost"]) == round(sum(a.total_cost for a in plan.agents))
        assert money(total["session cost"]) == round(sum(s.cost for s in plan.sessions))
        assert abs(money(total["total cost"]) - plan.total_cost) <= 1


def test_sessions_are_attributed_by_share_of_participants():
    _, rows = table(three_teams_sharing_sessions())
    by_team = {r["team"]: money(r["session cost"]) for r in rows}
    # A and C: 333.33 + 500.00 (rounded down), B: 333.33; 1,999.99 rounds to 2,000, and the
    # unit left goes to the largest remainder (B), so the teams still add up to the total.
    assert by_team == {"A 组": 833, "B": 334, "C": 833, "total": 2000}
    assert [r["sessions"] for r in rows] == ["2", "1", "2", "2"]


def test_values_have_one_decimal_and_money_thousands_separators():
    head, rows = table(three_teams_sharing_sessions())
    assert head == "status FEASIBLE  objective 3.8  bound 3.8  12 weeks from 2026-11-02"
    total = rows[-1]
    assert total["hours"] == "6.3" and total["seat cost"] == "11,735" and total["total cost"] == "13,735"
    assert total["gap closed"] == "3.8/4.7 (78.9%)" and total["opt. gap"] == "1.95%"
    assert [r["hours"] for r in rows[:-1]] == ["2.2", "1.0", "3.0"]
