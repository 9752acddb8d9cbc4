"""Why each open gap stays open: the limits that really bind, found by trying it.

For an open gap the next step's modules are tried into the finished plan, every week,
keeping every other booking: each try fails on a set of limits (weekly hours, personal or
cohort budget, a share rule, class size, trainer, staffing caps, mentor, entry levels,
horizon). The try with the fewest limits names them, with their numbers: lifting exactly
those lets that module in at that week (``GapLimit.module_id``, ``week``). Where no module
could ever be tried, the catalog is the limit: none trains the step, none is meant for the
agent, or the agent completed them all.
"""

from __future__ import annotations

from collections import Counter

from ...model.catalog import ONLINE, Mode, Module
from ...model.graph import apply, entry_levels
from ...model.tiers import Tier
from ..problem.candidates import experts, start_levels
from ..problem.instance import Instance, Learner
from .schema import AgentPlan, GapLimit, Plan
from ..problem.staffing import Staffing, venue
from .why import booking_reasons

ORDER = ("entry", "horizon", "hours", "personal_budget", "cohort_budget", "share", "class_min", "class_max",
         "trainer", "sessions_cap", "team_cap", "mentor")


PARALLEL_FROM = 200  # agents: below this, starting processes costs more than it saves
CHUNKS_PER_WORKER = 4


def annotate_limits(instance: Instance, plan: Plan, workers: int = 1) -> None:
    """Fill ``limits`` (and the English ``reason``) of every open, weighted gap line.
    Agents are independent here (each try keeps everyone else's bookings), so big plans are
    spread over ``workers`` local processes: at 1,000 agents this is ~25 CPU-s, and it runs
    after the search, inside ``--time-limit``. The result does not depend on ``workers``."""
    state = _Cohort(instance, plan)
    agents = [k for k, agent in enumerate(plan.agents) if any(line.planned < line.target for line in agent.gaps)]
    if workers > 1 and len(agents) >= PARALLEL_FROM:
        from ...exec import PoolExecutor

        size = -(-len(agents) // (workers * CHUNKS_PER_WORKER))
        chunks = [(state, agents[start:start + size]) for start in range(0, len(agents), size)]
        found = [pair for part in PoolExecutor(workers).map(_chunk_limits, chunks) for pair in part]
    else:
        found = _chunk_limits((state, agents))
    for (k, g), limits in found:
        line = plan.agents[k].gaps[g]
        line.limits = limits
        line.reason = "; ".join(describe(limit) for limit in limits)


def _chunk_limits(job: tuple) -> list[tuple[tuple[int, int], list[GapLimit]]]:
    """((agent index, gap index), limits) of the open gaps of the agents at these indices."""
    state, indices = job
    out = []
    for k in indices:
        agent = state.plan.agents[k]
        learner = state.instance.learner(agent.agent_id)
        for g, line in enumerate(agent.gaps):
            if line.planned >= line.target:
                continue
            if learner.weight(line.competency) <= 0:
                out.append(((k, g), [GapLimit(kind="weight")]))
            else:
                out.append(((k, g), _limits(state, learner, agent, line.competency, Tier(line.planned + 1))))
    return out


class _Cohort:
    """What the plan already uses of everything agents share."""

    def __init__(self, instance: Instance, plan: Plan):
        self.instance, self.plan = instance, plan
        self.staffing = Staffing(instance)
        self.seats = {(s.module_id, ONLINE if s.online else (s.site or ""), s.week): len(s.participants)
                      for s in plan.sessions}
        self.per_week = Counter(s.week for s in plan.sessions)
        self.taught, self.taught_hours = Counter(), Counter()
        for s in plan.sessions:
            if s.trainer:
                self.taught[s.trainer, s.week] += 1
                self.taught_hours[s.trainer, s.week] += instance.catalog.modules[s.module_id].hours
        self.busy = Counter((a.team, w) for a in plan.agents for w in {m.week for m in a.modules})
        self.mentees = Counter((m.mentor, m.week) for a in plan.agents for m in a.modules if m.mentor)
        self.spent = plan.total_cost
        self.team_sizes = instance.team_sizes()
        self.practice: dict[tuple[str, str], tuple[list, list]] = {}  # limits._after_practice


def _limits(state: _Cohort, learner: Learner, agent: AgentPlan, cid: str, step: Tier) -> list[GapLimit]:
    catalog = state.instance.catalog
    providers = sorted(catalog.modules_raising(cid, step), key=lambda m: m.id)
    if not providers:
        return [GapLimit(kind="no_module")]
    mine = [m for m in providers if catalog.admits(m, learner.role, learner.industry)]
    if not mine:
        audiences = [catalog.audience(m) for m in providers]
        return [GapLimit(kind="audience", figures={
            "industries": ", ".join(sorted({i for a in audiences if a for i in a.industries})),
            "roles": ", ".join(sorted({r for a in audiences if a for r in a.roles}))})]
    open_ = [m for m in mine if m.id not in learner.completed and m.id not in {x.module_id for x in agent.modules}]
    if not open_:
        return [GapLimit(kind="completed", module_id=mine[0].id, figures={"module": mine[0].id})]
    tries = [(_try(state, learner, agent, m, w), m, w) for m in open_ for w in range(1, state.plan.weeks + 1)]
    (found, gone), module, week = min(tries, key=lambda t: (len(t[0][0]), [ORDER.index(k) for k in t[0][0]],
                                                            t[1].cost, t[2]))
    if not found:
        return [GapLimit(kind="unproven", module_id=module.id, week=week)]
    # ``replaces``: practice bookings the module would make unnecessary, which then go.
    extra = {"replaces": ", ".join(gone)} if gone else {}
    return [GapLimit(kind=kind, module_id=module.id, week=week, figures=figures | extra)
            for kind, figures in found.items()]


def _after_practice(state: _Cohort, learner: Learner, agent: AgentPlan, module: Module, start) -> tuple[list, list]:
    """The agent's bookings that keep their reason once ``module`` is added, and the practice
    ones that lose it. Week-free (see ``_try``), so worked out once per agent and module."""
    key = (learner.agent_id, module.id)
    if key not in state.practice:
        why = booking_reasons(state.instance.catalog, learner, start, [(m.module_id, m.week) for m in agent.modules]
                              + [(module.id, state.instance.options.weeks + 1)])
        lost = [m.reason is not None and m.reason.kind == "practice" and why.get(m.module_id) is None
                for m in agent.modules]
        state.practice[key] = ([m for m, x in zip(agent.modules, lost) if not x],
                               [m for m, x in zip(agent.modules, lost) if x])
    return state.practice[key]


def _try(state: _Cohort, learner: Learner, agent: AgentPlan, module: Module, week: int
         ) -> tuple[dict[str, dict], list[str]]:
    """The limits adding ``module`` in ``week`` to the agent's plan runs into, with figures,
    and the bookings it would leave without a reason."""
    inst, options, out = state.instance, state.instance.options, {}
    catalog = inst.catalog
    start = start_levels(inst, learner)
    entry = entry_levels(catalog, module)
    levels = dict(start)
    for m in sorted(agent.modules, key=lambda m: m.week):
        if m.week < week:
            levels = apply(catalog.modules[m.module_id], levels)
    # The module may take the point of a practice booking away (the share is met without it
    # now); that booking then goes, and its class may fall below its minimum. Practice is
    # week-free, so this holds wherever the module would go.
    rows, dropped_rows = _after_practice(state, learner, agent, module, start)
    gone = sorted(m.module_id for m in dropped_rows)
    for dropped in dropped_rows:
        where = ONLINE if dropped.online else (dropped.site or "")
        left = state.seats.get((dropped.module_id, where, dropped.week), 0) - 1
        size = catalog.modules[dropped.module_id].seats.min
        if 0 < left < size:
            out["class_min"] = {"min": size, "takers": left, "site": where, "drops": dropped.module_id}
    agent = agent.model_copy(update={"modules": rows, "total_cost": sum(m.cost for m in rows)})
    end = dict(start)
    for m in agent.modules:
        end = apply(catalog.modules[m.module_id], end)
    short = {c: t for c, t in entry.items() if levels.get(c, Tier.NONE) < t}
    if short:
        c, t = sorted(short.items())[0]
        if end.get(c, Tier.NONE) < t:
            out["entry"] = {"competency": c, "tier": int(t)}
        else:
            out["horizon"] = {"weeks": options.weeks, "ready_week": _ready(inst, learner, agent, entry)}
    limit = options.hours_for(learner)
    used = sum(m.hours for m in agent.modules if m.week == week)
    if used + module.hours > limit + 1e-9:
        figures = {"module_hours": module.hours, "weekly_hours": limit}
        if module.hours <= limit + 1e-9:
            figures["free_hours"] = round(limit - used, 2)
        out["hours"] = figures
    seat = options.seat(learner, module)
    if learner.budget is not None and agent.total_cost + seat > learner.budget + 1e-9:
        out["personal_budget"] = {"cost": seat, "left": round(learner.budget - agent.total_cost, 2),
                                  "budget": learner.budget}
    group = module.is_group and not options.personal
    where = venue(learner, module)
    seated = state.seats.get((module.id, where, week))
    new_session = group and seated is None
    extra = seat + (module.session_cost if new_session else 0.0)
    if options.budget is not None and state.spent + extra > options.budget + 1e-9:
        out["cohort_budget"] = {"cost": extra, "left": round(options.budget - state.spent, 2), "budget": options.budget}
    share = _share_after(catalog, learner, agent, module)
    if share:
        out["share"] = share
    if group and seated is not None and seated >= module.seats.max:
        out["class_max"] = {"max": module.seats.max}
    if new_session:
        if module.seats.min > 1:
            out.setdefault("class_min", {"min": module.seats.min, "takers": 1, "site": where})
        if options.sessions_per_week is not None and state.per_week[week] >= options.sessions_per_week:
            out["sessions_cap"] = {"cap": options.sessions_per_week}
        if state.staffing.active and not _trainer_free(state, module, where, week):
            out["trainer"] = {"site": where}
    cap = options.team_limit(state.team_sizes.get(learner.team, 0)) if not options.personal else None
    if cap is not None and not any(m.week == week for m in agent.modules) and state.busy[learner.team, week] >= cap:
        out["team_cap"] = {"team": learner.team, "cap": cap}
    if module.mode == Mode.MENTORING:
        pool = [b for b in experts(inst.mentor_pool(), module) if b != learner.agent_id]
        if not any(state.mentees[b, week] < options.mentor_max_mentees for b in pool):
            out["mentor"] = {}
    return out, gone


def _ready(inst: Instance, learner: Learner, agent: AgentPlan, entry: dict) -> int:
    levels = start_levels(inst, learner)
    for w in range(1, inst.options.weeks + 2):
        if all(levels.get(c, Tier.NONE) >= t for c, t in entry.items()):
            return w
        for m in agent.modules:
            if m.week == w:
                levels = apply(inst.catalog.modules[m.module_id], levels)
    return inst.options.weeks + 1


def _share_after(catalog, learner: Learner, agent: AgentPlan, module: Module) -> dict | None:
    mids = [m.module_id for m in agent.modules] + [module.id]
    total = sum(catalog.modules[m].hours for m in mids)
    for rule in learner.shares:
        tagged = sum(catalog.modules[m].hours for m in mids if rule.tag in catalog.modules[m].tags)
        if tagged < rule.min * total - 1e-9:
            return {"share": rule.tag, "min": rule.min, "after": round(tagged / total, 4)}
    return None


def _trainer_free(state: _Cohort, module: Module, where: str, week: int) -> bool:
    for t in state.staffing.available(module, where, week):
        if t.sessions_per_week is not None and state.taught[t.id, week] >= t.sessions_per_week:
            continue
        if t.hours_per_week is not None and state.taught_hours[t.id, week] + module.hours > t.hours_per_week + 1e-9:
            continue
        return True
    return False


def describe(limit: GapLimit) -> str:
    """The limit in one English sentence (reports render their own, in their language)."""
    f, kind = limit.figures, limit.kind
    if kind == "hours":
        text = f"the module takes {f['module_hours']:g} h; {f['weekly_hours']:g} h a week"
        return text + (f", {f['free_hours']:g} h left in the week" if "free_hours" in f else "")
    if kind in ("personal_budget", "cohort_budget"):
        which = "personal" if kind == "personal_budget" else "cohort"
        return f"costs {f['cost']:,.0f}, {f['left']:,.0f} left of the {which} budget"
    if kind == "class_min" and "drops" in f:
        return (f"it would make the practice in {f['drops']} unnecessary, and that class at {f['site']} would "
                f"fall to {f['takers']:g} of the {f['min']:g} it needs")
    if kind == "share":
        return f"would bring {f['share']} to {f['after']:.0%} of hours, below {f['min']:.0%}"
    texts = {
        "no_module": "no module in the catalog trains this step",
        "audience": "the modules for this step are meant for other industries or roles",
        "completed": "the module for this step is completed already",
        "entry": "needs {competency} at tier {tier} first, which this plan does not reach",
        "horizon": "its entry levels are held only from week {ready_week} of {weeks}",
        "class_min": "a class needs {min:g} at {site}; 1 agent would come",
        "class_max": "the class is full ({max})",
        "trainer": "no qualified trainer is free at {site} that week",
        "sessions_cap": "at most {cap} sessions a week",
        "team_cap": "team {team} has {cap} agents in training that week already",
        "mentor": "no expert mentor is free that week",
        "weight": "weight 0: not a priority for this role and industry",
        "unproven": "a module fits; the search stopped before proving the plan optimal",
    }
    return texts[kind].format(**{k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in f.items()})
