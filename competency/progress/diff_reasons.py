"""Why a booking changed between two plans: the reason and a short detail (diff.py)."""

from __future__ import annotations

from ..model.profile import AgentProfile
from ..planner.plan.schema import AgentPlan, Plan, PlannedModule


def _budget_changed(old: Plan, new: Plan, before: AgentPlan | None, after: AgentPlan | None) -> str:
    if old.budget != new.budget:
        return f"cohort budget {old.budget} -> {new.budget}"
    if before and after and before.budget != after.budget:
        return f"personal budget {before.budget} -> {after.budget}"
    return ""


def why_moved(old: Plan, new: Plan, before, after) -> tuple[str, str]:
    budget = _budget_changed(old, new, before, after)
    return ("budget_change", budget) if budget else ("rescheduled", "moved to make room for other changes")


def why_dropped(old: Plan, new: Plan, booking: PlannedModule, before: AgentPlan, after: AgentPlan | None,
                 profile: AgentProfile | None) -> tuple[str, str]:
    if profile is not None and not profile.active:
        return "left", f"left on {profile.left}" if profile.left else "left"
    if after is None:
        return "left", "not in the new plan"
    if booking.module_id in after.kept or (profile is not None and booking.module_id in profile.completed_ids):
        return "completed_early", "the LMS reports it completed"
    held = {g.competency: g.current for g in after.gaps}
    had = {g.competency: g.current for g in before.gaps}
    # Only a tier the agent did not hold when the old plan was made is news (practice
    # bookings train tiers already held).
    if booking.raises and any(had.get(c, 0) < t <= held.get(c, 0) for c, t in booking.raises.items()):
        return "completed_early", "an assessment already shows the tier it trains"
    if booking.reason is not None and booking.reason.kind == "practice":
        return "rescheduled", f"practice hours for the {booking.reason.share} share are found elsewhere"
    budget = _budget_changed(old, new, None, after)
    if budget:
        return "budget_change", budget
    return "rescheduled", "replaced by other bookings"


def why_added(old: Plan, new: Plan, booking: PlannedModule, before: AgentPlan | None,
               after: AgentPlan) -> tuple[str, str]:
    if before is None:
        return "joined", "new in this plan"
    reason = booking.reason
    old_mandatory = {g.competency for g in before.gaps if g.mandatory}
    if reason is not None and reason.kind == "mandatory" and reason.competency not in old_mandatory:
        return "failed_assessment", f"mandatory retraining of {reason.competency}"
    gaps_before = {g.competency: (g.current, g.target) for g in before.gaps}
    for cid in booking.raises:
        now = next(((g.current, g.target) for g in after.gaps if g.competency == cid), None)
        if now is not None and gaps_before.get(cid) != now:
            return "new_gap", f"{cid}: tier {now[0]} of target {now[1]}"
    budget = _budget_changed(old, new, before, after)
    if budget:
        return "budget_change", budget
    return "rescheduled", "added in place of other bookings"
