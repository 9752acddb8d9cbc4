"""What a re-plan tells the planner after the solve: frozen bookings it could not keep as
announced, value given up for a calmer calendar, and failed assessments without retraining
booked in time, each with the reason."""

from __future__ import annotations

from ..plan.schema import Plan
from .setup import Replan


def kept_notes(setup: Replan, plan: Plan) -> list[str]:
    """One sentence per frozen booking of the earlier plan the new plan does not hold as it was."""
    held = {(a.agent_id, m.module_id): m for a in plan.agents for m in a.modules}
    planned = {a.agent_id: a for a in plan.agents}
    notes = list(setup.excused) + list(setup.thawed)
    for p in setup.previous:
        if not p.frozen:
            continue
        now = held.get((p.agent_id, p.module_id))
        if now is not None and now.week == p.week and (p.trainer is None or now.trainer == p.trainer):
            continue
        what = f"frozen booking {p.agent_id} {p.module_id} in week {p.week}"
        if now is not None and now.week == p.week:
            notes.append(f"{what}: trainer {p.trainer} cannot teach it any more; now {now.trainer}")
        elif p.agent_id not in planned:
            notes.append(f"{what}: dropped, the agent is not planned (left or filtered out)")
        elif now is not None:
            notes.append(f"{what}: moved to week {now.week}, the freeze window could not hold it (see infeasibility)")
        else:
            gap = next((g for g in planned[p.agent_id].gaps if g.competency in _raised(setup, p.module_id)), None)
            why = ("the tier it trains is already held" if gap is not None and gap.current >= gap.target
                   else "the module can no longer be taken (completed, no longer needed, or no longer offered)")
            notes.append(f"{what}: dropped, {why}")
    return notes


def _raised(setup: Replan, module_id: str) -> set[str]:
    module = setup.instance.catalog.modules.get(module_id)
    return {r.competency for r in module.raises} if module else set()


def value_traded(plan: Plan) -> float | None:
    """The value stage's best, where the plan is worth less because the changes stage gave
    some up (``--value-tolerance``); None otherwise, or where a floor was kept instead."""
    best = next((s.value for s in plan.stages if s.name == "value"), None)
    if best is None or best <= 0 or plan.objective >= best - 1e-6 or "kept: better" in plan.solver:
        return None
    return best


def traded_notes(plan: Plan, tolerance: float) -> list[str]:
    """The value the changes stage gave up to keep more of the earlier calendar, if any."""
    best = value_traded(plan)
    if best is None:
        return []
    given = best - plan.objective
    return [f"the plan is worth {plan.objective:g}, {given:g} ({given / best:.1%}) less than the best found "
            f"({best:g}), to change fewer bookings people were told about (--value-tolerance {tolerance:.1%}; "
            "0 keeps value first)"]


def mandatory_notes(plan: Plan) -> list[str]:
    """Every mandatory retraining must be booked within the deadline; name those that are not."""
    deadline = plan.options.get("mandatory_within") or plan.weeks
    notes = []
    for agent in plan.agents:
        for gap in agent.gaps:
            if not gap.mandatory:
                continue
            booked = [m for m in agent.modules if m.mandatory and gap.competency in m.raises and m.week <= deadline]
            if not booked:
                why = gap.reason or "; ".join(limit.kind for limit in gap.limits) or "see the plan's infeasibility"
                notes.append(f"{agent.agent_id}: mandatory {gap.competency} retraining is not booked by week "
                             f"{deadline}: {why}")
    return notes
