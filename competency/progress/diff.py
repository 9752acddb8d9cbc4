"""What changed between two plans: bookings added, moved and dropped, per agent and per
session, each with its reason (no I/O).

Bookings are compared on the calendar, not by week number, so a re-plan that starts four
weeks later lines up with the plan it replaces. Bookings of the old plan whose week ended
before the new plan starts are history, not changes, unless the new plan books them again
(then they were missed). Reasons come from the two plans and, when given, the profiles:

==================  ===========================================================
failed_assessment   added mandatory retraining the old plan did not have
completed_early     the LMS reports the module done, or an assessment reached its tier
left                the agent left (profile inactive) or is no longer planned
joined              the agent is new in this plan
new_gap             the agent's gap on that competency is new or moved
budget_change       the cohort or personal budget changed between the plans
missed              booked in a week already over without a completion: booked again
new_weeks           added in a week after the old plan's last (a rolling horizon's new
                    weeks): no calendar had anything there, so it changes none
rescheduled         moved or swapped to make room for the changes above
==================  ===========================================================
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from ..model.profile import AgentProfile
from ..planner.plan.schema import AgentPlan, Plan, PlannedModule
from .diff_reasons import why_added, why_dropped, why_moved

REASONS = ("failed_assessment", "completed_early", "left", "joined", "new_gap", "budget_change", "missed",
           "new_weeks", "rescheduled")


@dataclass(frozen=True)
class Change:
    agent_id: str
    module_id: str
    change: str  # added | moved | dropped
    old_week: dt.date | None  # first day of the week in the old plan
    new_week: dt.date | None
    reason: str
    detail: str = ""


@dataclass(frozen=True)
class SessionChange:
    module_id: str
    venue: str
    week: dt.date
    change: str  # added | dropped | changed
    joined: tuple[str, ...] = ()
    left: tuple[str, ...] = ()
    old_trainer: str | None = None
    new_trainer: str | None = None


@dataclass
class PlanDiff:
    old_start: dt.date
    new_start: dt.date
    unchanged: int = 0
    changes: list[Change] = field(default_factory=list)
    sessions: list[SessionChange] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(c.change == kind for c in self.changes)

    def for_agent(self, agent_id: str) -> list[Change]:
        return [c for c in self.changes if c.agent_id == agent_id]

    def to_json(self) -> dict:
        return {"old_start": str(self.old_start), "new_start": str(self.new_start), "unchanged": self.unchanged,
                "added": self.count("added"), "moved": self.count("moved"), "dropped": self.count("dropped"),
                "changes": [{**asdict(c), "old_week": _day(c.old_week), "new_week": _day(c.new_week)}
                            for c in self.changes],
                "sessions": [{**asdict(s), "week": str(s.week), "joined": list(s.joined), "left": list(s.left)}
                             for s in self.sessions]}


def _day(value: dt.date | None) -> str | None:
    return None if value is None else str(value)


def _venue(m: PlannedModule) -> str:
    return "online" if m.online else (m.site or "")


def diff_plans(old: Plan, new: Plan, profiles: dict[str, AgentProfile] | None = None) -> PlanDiff:
    profiles = profiles or {}
    out = PlanDiff(old.start_date, new.start_date)
    olds, news = {a.agent_id: a for a in old.agents}, {a.agent_id: a for a in new.agents}
    for agent_id in sorted(set(olds) | set(news)):
        before, after = olds.get(agent_id), news.get(agent_id)
        _agent(out, old, new, before, after, profiles.get(agent_id))
    out.sessions = _sessions(old, new)
    return out


def _agent(out: PlanDiff, old: Plan, new: Plan, before: AgentPlan | None, after: AgentPlan | None,
           profile: AgentProfile | None) -> None:
    was = {m.module_id: m for m in before.modules} if before else {}
    now = {m.module_id: m for m in after.modules} if after else {}
    agent_id = (before or after).agent_id
    for mid in sorted(set(was) | set(now)):
        a, b = was.get(mid), now.get(mid)
        old_day = old.week_start(a.week) if a else None
        new_day = new.week_start(b.week) if b else None
        past = old_day is not None and old_day + dt.timedelta(days=6) < new.start_date
        # Plan files before 1.2 have no venues: an unknown venue is not a change.
        same_venue = not (a and b and _venue(a) and _venue(b)) or _venue(a) == _venue(b)
        if a and b and old_day == new_day and same_venue:
            out.unchanged += 1
        elif a and b:
            reason = why_moved(old, new, before, after)
            if past:
                reason = (("failed_assessment", "taken, then the assessment failed: retaken as mandatory retraining")
                          if b.mandatory else ("missed", "its week ended without a completion"))
            if old_day == new_day:
                reason = ("rescheduled", f"venue {_venue(a)} -> {_venue(b)}")
            out.changes.append(Change(agent_id, mid, "moved", old_day, new_day, *reason))
        elif a and not past:
            out.changes.append(Change(agent_id, mid, "dropped", old_day, None,
                                      *why_dropped(old, new, a, before, after, profile)))
        elif b and before is not None and new_day > old.week_start(old.weeks):
            out.changes.append(Change(agent_id, mid, "added", None, new_day, "new_weeks",
                                      f"after the old plan's last week ({old.week_start(old.weeks)})"))
        elif b:
            out.changes.append(Change(agent_id, mid, "added", None, new_day, *why_added(old, new, b, before, after)))


def _sessions(old: Plan, new: Plan) -> list[SessionChange]:
    def keyed(plan: Plan) -> dict:
        return {(s.module_id, "online" if s.online else (s.site or ""), plan.week_start(s.week)): s
                for s in plan.sessions if plan.week_start(s.week) >= new.start_date}

    was, now = keyed(old), keyed(new)
    out = []
    for key in sorted(set(was) | set(now), key=lambda k: (k[2], k[0], k[1])):
        a, b = was.get(key), now.get(key)
        if a and b:
            joined, left = sorted(set(b.participants) - set(a.participants)), sorted(set(a.participants) - set(b.participants))
            if joined or left or a.trainer != b.trainer:
                out.append(SessionChange(*key, "changed", tuple(joined), tuple(left), a.trainer, b.trainer))
        elif a:
            out.append(SessionChange(*key, "dropped", (), tuple(a.participants), a.trainer, None))
        else:
            out.append(SessionChange(*key, "added", tuple(b.participants), (), None, b.trainer))
    return out
