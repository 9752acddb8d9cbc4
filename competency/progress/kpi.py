"""KPI trends per evaluation cycle, from the KPI evidence the HR import stored (no I/O).

One KPI value is stored under every competency with a threshold on its metric, so values
are counted once per (agent, metric, date). Cycles are counted from the plan's start:
weekly 1, monthly 4, quarterly 13 weeks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model.profile import AgentProfile

CYCLE_WEEKS = {"weekly": 1, "monthly": 4, "quarterly": 13}
# The service KPIs the progress view follows, in display order (CES when the catalog measures it).
TREND_METRICS = ("csat", "nps", "ces", "fcr_rate", "complaint_rate")
LOWER_IS_BETTER = {"complaint_rate", "ces", "first_response_seconds", "proposal_seconds", "solution_seconds"}
MAX_CYCLES = 60


@dataclass(frozen=True)
class Trend:
    metric: str
    team: str  # "" for the whole cohort
    points: tuple[tuple[int, float, int], ...]  # (cycle number, mean, values)

    @property
    def change(self) -> float | None:
        return self.points[-1][1] - self.points[0][1] if len(self.points) > 1 else None

    @property
    def better(self) -> bool | None:
        if self.change is None or self.change == 0:
            return None
        return (self.change < 0) == (self.metric in LOWER_IS_BETTER)


def cycle_of(date: dt.date, start: dt.date, cycle: str) -> int:
    """1 for the cycle that starts with the plan; 0, -1 ... before it."""
    days = CYCLE_WEEKS[cycle] * 7
    return (date - start).days // days + 1


def kpi_trends(profiles: list[AgentProfile], start: dt.date, as_of: dt.date, cycle: str) -> list[Trend]:
    """Mean of each followed KPI per cycle, per team and for everyone, up to the as-of date;
    cycles before the plan (0, -1, ...) are the baseline; the last ``MAX_CYCLES`` cycles."""
    values: dict[tuple[str, str, int], list[float]] = {}
    for profile in profiles:
        seen = set()
        for history in profile.assessments.values():
            for a in history:
                if a.kind != "kpi" or a.metric not in TREND_METRICS or a.score is None or a.date > as_of:
                    continue
                number = cycle_of(a.date, start, cycle)
                if (a.metric, a.date) in seen:
                    continue
                seen.add((a.metric, a.date))
                for team in (profile.team, ""):
                    values.setdefault((a.metric, team, number), []).append(a.score)
    trends = []
    for metric in TREND_METRICS:
        for team in sorted({t for (m, t, _) in values if m == metric}):
            points = sorted((n, sum(v) / len(v), len(v)) for (m, t, n), v in values.items() if m == metric and t == team)
            trends.append(Trend(metric, team, tuple(points[-MAX_CYCLES:])))
    return trends
