"""Why a plan cannot meet its targets, as data (plan.Conflict) and as the English sentence the
plan file and the command line carry. Reports word the same data in their own language
(reports/conflicts.py); the figures here are the only facts either of them uses."""

from __future__ import annotations

from ...model.tiers import Tier
from .schema import Conflict, ConflictModule, ConflictRule


def _n(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _tier(value: object) -> str:
    try:
        return Tier(int(value)).key  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)


def _head(agents: list[str]) -> str:
    if len(agents) == 1:
        return f"agent {agents[0]}: "
    return "agents " + ", ".join(agents) + ": " if agents else ""


def _module(m: ConflictModule) -> str:
    f = m.figures
    if m.why == "completed":
        return f"{m.module_id} is already completed"
    if m.why == "hours":
        return f"{m.module_id} takes {_n(f['module_hours'])} h but only {_n(f['weekly_hours'])} h/week are available"
    if m.why == "budget":
        return (f"{m.module_id} costs {_n(f['cost'])} {f['currency']}, over the personal budget "
                f"{_n(f['budget'])}")
    if m.why == "audience":
        return f"{m.module_id} is meant for other industries or roles"
    if m.why == "trainer":
        return f"{m.module_id} has no trainer who teaches it at {f.get('site') or 'their site'}"
    return f"{m.module_id} needs entry levels, a mentor or a class the plan cannot provide"


def _rule(r: ConflictRule) -> str:
    f = r.figures
    if r.kind == "hours":
        return f"the weekly limit of {_n(f['weekly_hours'])} h"
    if r.kind == "budget":
        return f"the personal budget of {_n(f['budget'])} {f['currency']}"
    if r.kind == "cohort_budget":
        return f"the cohort budget of {_n(f['budget'])} {f['currency']}"
    if r.kind == "share":
        return f"at least {float(f['min']):.0%} of hours on {f['tag']}"
    if r.kind == "mandatory":
        return f"mandatory {f['competency']} retraining ({_tier(f['tier'])}) by week {_n(f['deadline'])}"
    if r.kind == "team":
        return f"team {f['team']} having at most {_n(f['cap'])} agents in training each week"
    if r.kind == "sessions_cap":
        return f"at most {_n(f['sessions'])} sessions a week"
    if r.kind == "trainer":
        caps = [f"{_n(f['sessions'])} sessions" if "sessions" in f else "",
                f"{_n(f['hours'])} h" if "hours" in f else ""]
        return f"trainer {r.agent} ({f['name']}) teaching at most {' and '.join(c for c in caps if c)} a week"
    return f"mentor {r.agent} taking at most {_n(f['mentees'])} mentees a week"


def sentence(c: Conflict) -> str:
    """The English sentence of a conflict, with ids (the command line's and plan file's wording)."""
    f = c.figures
    what = f"mandatory {f.get('competency')} retraining ({_tier(f.get('tier'))})"
    if c.kind == "rules":
        return _head(c.agents) + " and ".join(_rule(r) for r in c.rules) + " cannot all hold"
    if c.kind == "mandatory_unplannable":
        why = "; ".join(_module(m) for m in c.modules) or "no module in the catalog trains that tier"
        return _head(c.agents) + f"{what} cannot be planned: {why}"
    if c.kind == "mandatory_hours":
        return _head(c.agents) + (f"{what} needs {_n(f['need'])} h in weeks 1-{_n(f['deadline'])} but only "
                                  f"{_n(f['available'])} h are available ({_n(f['weekly_hours'])} h/week)")
    if c.kind == "mandatory_chain":
        return _head(c.agents) + (f"{what} needs {_n(f['steps'])} tiers learned one week after another but is due "
                                  f"by week {_n(f['deadline'])}")
    if c.kind == "mandatory_room":
        return _head(c.agents) + (f"{what} needs {_n(f['need'])} h in weeks 1-{_n(f['deadline'])}, which the rest "
                                  "of the plan leaves no room for")
    if c.kind == "mandatory_unplaced":
        return _head(c.agents) + f"greedy could not place {what}"
    if c.kind == "no_single_rule":
        return "the plan cannot be made feasible by relaxing any single rule"
    return "the solver found no plan within the time limit"
