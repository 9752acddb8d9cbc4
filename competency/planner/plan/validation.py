"""The independent plan checker: re-verify a plan from the plan file, catalog and learners.

Solver-free and written apart from the model, so a bug in a rule module cannot hide
itself: every rule of docs/planning.md is recomputed here from first principles.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ...model.catalog import Catalog, Mode
from ...model.graph import apply, entry_levels
from ...model.tiers import Tier
from ..problem.instance import Learner
from .schema import Plan
from .validation_reasons import reported_reasons, valid_reasons
from .validation_staffing import reported_sessions, staffable, venue_of

EPS = 1e-6


@dataclass(frozen=True, order=True)
class Violation:
    rule: str
    agent_id: str
    message: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.agent_id + ': ' if self.agent_id else ''}{self.message}"


@dataclass(frozen=True)
class Rules:
    """The run settings a plan records (plan.weeks, plan.budget, plan.options)."""

    weeks: int
    budget: float | None = None
    personal: bool = False
    options: Mapping[str, object] = None
    start_date: dt.date = dt.date(2026, 1, 5)  # trainers' away days are dates

    def opt(self, key: str, default: object = None) -> object:
        value = (self.options or {}).get(key)
        return default if value is None else value

    def hours(self, learner: Learner) -> float:
        return float(self.opt("hours_per_week", learner.hours_per_week))

    def seat(self, catalog: Catalog, learner: Learner, mid: str) -> float:
        module = catalog.modules[mid]
        return module.cost + (learner.hourly_cost * module.hours if self.opt("off_phone_cost", False) else 0.0)


Schedule = Mapping[str, list[tuple[str, int, str | None]]]  # agent -> (module, week, mentor)


def check_plan(plan: Plan, catalog: Catalog, learners: Iterable[Learner]) -> list[Violation]:
    people = {a.agent_id: a for a in learners}
    rules = Rules(plan.weeks, plan.budget, plan.kind == "agent", plan.options, plan.start_date)
    schedule = {a.agent_id: [(m.module_id, m.week, m.mentor) for m in a.modules] for a in plan.agents}
    kept = {a.agent_id: list(a.kept) for a in plan.agents}
    missing = [a for a in schedule if a not in people]
    if missing:
        return [Violation("agents", a, "not among the learners") for a in missing]
    out = check_schedule(catalog, [people[a] for a in schedule], rules, schedule, kept, people)
    out += _reported(plan, catalog, people, rules, kept)
    out += _reported_people(plan, catalog, people, rules, kept)
    return sorted(out)


def start_levels(catalog: Catalog, learner: Learner, kept: Iterable[str]) -> dict[str, Tier]:
    levels = {c: Tier(t) for c, t in learner.levels.items()}
    for mid in kept:
        levels = apply(catalog.modules[mid], levels)
    return levels


def value(catalog: Catalog, learner: Learner, modules: Iterable[str], kept: Iterable[str] = ()) -> float:
    """Weighted tier steps toward the targets that ``modules`` close."""
    start = start_levels(catalog, learner, kept)
    end = dict(start)
    for mid in modules:
        end = apply(catalog.modules[mid], end)
    return sum(learner.weight(c) * max(0, min(int(end.get(c, 0)), int(t)) - int(start.get(c, 0)))
               for c, t in learner.targets.items() if learner.weight(c) > 0)


def check_schedule(catalog: Catalog, learners: list[Learner], rules: Rules, schedule: Schedule,
                   kept: Mapping[str, list[str]], pool: Mapping[str, Learner],
                   allowed: Mapping[str, set[str]] | None = None) -> list[Violation]:
    """Every rule on a schedule; ``allowed`` may pass precomputed useful modules per agent."""
    out: list[Violation] = []
    entries = {mid: entry_levels(catalog, m) for mid, m in catalog.modules.items()}
    for learner in learners:
        a, rows = learner.agent_id, sorted(schedule.get(learner.agent_id, []), key=lambda r: (r[1], r[0]))
        held = start_levels(catalog, learner, kept.get(a, []))
        ok = (allowed or {}).get(a)
        if ok is None:
            ok = allowed_modules(catalog, learner, rules, held, kept.get(a, []), pool, entries)
        week_hours: Counter = Counter()
        for mid, week, mentor in rows:
            if mid not in catalog.modules:
                out.append(Violation("modules", a, f"unknown module {mid}"))
                return out
            module = catalog.modules[mid]
            if not 1 <= week <= rules.weeks:
                out.append(Violation("weeks", a, f"{mid} in week {week}, outside 1-{rules.weeks}"))
            if mid not in ok:
                out.append(Violation("useful", a, f"{mid} is completed, kept, out of reach or of no use to the agent"))
            audience = catalog.audience(module)
            if audience is not None and not audience.admits(learner.role, learner.industry):
                out.append(Violation("audience", a, f"{mid} is not meant for {learner.role} agents in {learner.industry}"))
            week_hours[week] += module.hours
            if module.mode == Mode.MENTORING:
                mentor_ok = mentor in pool and mentor != a and all(
                    pool[mentor].level(r.competency) >= Tier.EXPERT for r in module.raises)
                if not mentor_ok:
                    out.append(Violation("mentoring", a, f"{mid} in week {week} has no expert mentor ({mentor})"))
        mids = [r[0] for r in rows]
        if len(set(mids)) != len(mids):
            out.append(Violation("modules", a, "a module is planned twice"))
        out += _order(catalog, a, rows, held, entries)
        reasons, clashes = valid_reasons(catalog, learner, held, rows, entries)
        out += [Violation("reasons", a, text) for text in clashes]
        out += [Violation("reasons", a, f"{mid} in week {w} has no reason: no gap step, mandatory retraining, "
                                        "entry level or needed share practice") for (mid, w), why in sorted(reasons.items())
                if not why]
        limit = rules.hours(learner)
        out += [Violation("hours", a, f"week {w}: {h:g} h planned, limit {limit:g} h")
                for w, h in sorted(week_hours.items()) if h > limit + EPS]
        cost = sum(rules.seat(catalog, learner, m) for m in mids)
        if learner.budget is not None and cost > learner.budget + EPS:
            out.append(Violation("budget", a, f"spends {cost:g}, personal budget {learner.budget:g}"))
        out += _shares(catalog, learner, mids)
        out += _mandatory(catalog, learner, rows, int(rules.opt("mandatory_within", rules.weeks)))
    return out + check_cohort(catalog, learners, rules, schedule)


def check_cohort(catalog: Catalog, learners: list[Learner], rules: Rules, schedule: Schedule) -> list[Violation]:
    """The rules that couple agents: sessions, cohort budget, caps, mentor load."""
    seats: dict[tuple[str, int], list[str]] = {}
    mentees: Counter = Counter()
    busy: dict[str, Counter] = {}
    spend = 0.0
    for learner in learners:
        rows = schedule.get(learner.agent_id, [])
        for mid, week, mentor in rows:
            module = catalog.modules[mid]
            spend += rules.seat(catalog, learner, mid)
            if module.is_group:
                seats.setdefault((mid, venue_of(catalog, learner.site, mid), week), []).append(learner.agent_id)
            if module.mode == Mode.MENTORING:
                mentees[mentor, week] += 1
        team_weeks = busy.setdefault(learner.team, Counter())
        for week in sorted({w for _, w, _ in rows}):
            team_weeks[week] += 1
    return _cohort(catalog, learners, rules, seats, mentees, busy, spend)


def allowed_modules(catalog: Catalog, learner: Learner, rules: Rules, held: dict[str, Tier], kept: list[str],
                    pool: Mapping[str, Learner], entries: Mapping[str, dict] | None = None) -> set[str]:
    """The useful-module rule: possible for the agent and moving them toward a target, a
    mandatory tier or a share."""
    entry = entries or {mid: entry_levels(catalog, m) for mid, m in catalog.modules.items()}

    def possible(mid: str) -> bool:
        m = catalog.modules[mid]
        seat = rules.seat(catalog, learner, mid)
        mentor = m.mode != Mode.MENTORING or any(
            b != learner.agent_id and all(p.level(r.competency) >= Tier.EXPERT for r in m.raises)
            for b, p in pool.items())
        return (mid not in learner.completed and mid not in kept and m.hours <= rules.hours(learner) + EPS
                and all(lim is None or seat <= lim + EPS for lim in (learner.budget, rules.budget)) and mentor)

    fits = [mid for mid in sorted(catalog.modules) if possible(mid)]
    reach, grown = dict(held), True
    while grown:
        grown = False
        for mid in fits:
            if all(reach.get(c, 0) >= t for c, t in entry[mid].items()):
                after = apply(catalog.modules[mid], reach)
                grown, reach = grown or after != reach, after
    fits = [m for m in fits if all(reach.get(c, 0) >= t for c, t in entry[m].items())]
    tags = {r.tag for r in learner.shares}
    must = {(c, int(t)) for c, t in learner.mandatory.items() if t > 0}
    trains_must = {m for m in fits if any((r.competency, int(r.tier)) in must for r in catalog.modules[m].raises)}
    seeds = {m for m in fits if tags & set(catalog.modules[m].tags)} | trains_must
    need = {(c, t) for c, t in learner.open_steps()} | must
    need |= {(c, int(t)) for m in seeds for c, t in entry[m].items()}
    while True:
        more = {(c, int(t)) for m in fits for r in catalog.modules[m].raises if (r.competency, int(r.tier)) in need
                for c, t in entry[m].items()} - need
        if not more:
            break
        need |= more
    return seeds | {m for m in fits for r in catalog.modules[m].raises
                    if (r.competency, int(r.tier)) in need and held.get(r.competency, 0) < r.tier}


def _order(catalog: Catalog, a: str, rows: list, held: dict[str, Tier], entries: Mapping[str, dict]) -> list[Violation]:
    out, levels = [], dict(held)
    for week in sorted({w for _, w, _ in rows}):
        this = [mid for mid, w, _ in rows if w == week]
        for mid in this:
            short = {c: t for c, t in entries[mid].items() if levels.get(c, 0) < t}
            if short:
                need = ", ".join(f"{c}@{Tier(t).key}" for c, t in sorted(short.items()))
                out.append(Violation("prerequisites", a, f"{mid} in week {week} before {need} is held"))
        for mid in this:
            levels = apply(catalog.modules[mid], levels)
    return out


def _shares(catalog: Catalog, learner: Learner, mids: list[str]) -> list[Violation]:
    total = sum(catalog.modules[m].hours for m in mids)
    out = []
    for rule in learner.shares if total > 0 else ():
        tagged = sum(catalog.modules[m].hours for m in mids if rule.tag in catalog.modules[m].tags)
        if tagged < rule.min * total - EPS:
            out.append(Violation("shares", learner.agent_id,
                                 f"{tagged / total:.0%} of hours on {rule.tag}, needs {rule.min:.0%}"))
    return out


def _mandatory(catalog: Catalog, learner: Learner, rows: list, deadline: int) -> list[Violation]:
    out = []
    for cid, tier in sorted(learner.mandatory.items()):
        done = any(w <= deadline and any(r.competency == cid and r.tier == tier for r in catalog.modules[m].raises)
                   for m, w, _ in rows)
        if tier > 0 and not done:
            out.append(Violation("mandatory", learner.agent_id,
                                 f"no {cid} retraining at {Tier(tier).key} in weeks 1-{deadline}"))
    return out


def _cohort(catalog: Catalog, learners: list[Learner], rules: Rules, seats: dict, mentees: Counter,
            busy: dict[str, Counter], spend: float) -> list[Violation]:
    out = []
    cap = int(rules.opt("mentor_max_mentees", 2))
    out += [Violation("mentoring", str(b), f"{n} mentees in week {w}, at most {cap}")
            for (b, w), n in sorted(mentees.items(), key=str) if n > cap]
    if rules.personal:
        if rules.budget is not None and spend > rules.budget + EPS:
            out.append(Violation("budget", "", f"spends {spend:g}, budget {rules.budget:g}"))
        return out
    for (mid, where, w), agents in sorted(seats.items()):
        size = catalog.modules[mid].seats
        if not size.min <= len(agents) <= size.max:
            # Kept apart: only a too-small class can still be fixed by adding agents.
            rule = "class_min" if len(agents) < size.min else "class_max"
            out.append(Violation(rule, "", f"{mid} week {w}: {len(agents)} participants, "
                                 f"class size {size.min}-{size.max}"))
    spend += sum(catalog.modules[mid].session_cost for mid, _, _ in seats)
    if catalog.trainers:
        out += [Violation("trainer", "", text) for text in staffable(catalog, sorted(seats), rules.start_date)]
    if rules.budget is not None and spend > rules.budget + EPS:
        out.append(Violation("budget", "", f"cohort spends {spend:g}, budget {rules.budget:g}"))
    per_week = Counter(w for _, _, w in seats)
    limit = rules.opt("sessions_per_week")
    out += [Violation("sessions_cap", "", f"week {w}: {n} sessions, at most {limit}")
            for w, n in sorted(per_week.items()) if limit is not None and n > int(limit)]
    sizes = Counter(a.team for a in learners)
    for team, weeks in sorted(busy.items()):
        limits = [int(v) for v in [rules.opt("team_cap")] if v is not None]
        if rules.opt("team_cap_share") is not None:
            limits.append(int(float(rules.opt("team_cap_share")) * sizes[team] + 1e-9))
        if limits and min(limits) < sizes[team]:
            out += [Violation("team_cap", "", f"team {team} week {w}: {n} agents training, at most {min(limits)}")
                    for w, n in sorted(weeks.items()) if n > min(limits)]
    return out


def _reported(plan: Plan, catalog: Catalog, people: Mapping[str, Learner], rules: Rules,
              kept: Mapping[str, list[str]]) -> list[Violation]:
    out, total = [], 0.0
    for agent in plan.agents:
        learner = people[agent.agent_id]
        mids = [m.module_id for m in agent.modules]
        closed = value(catalog, learner, mids, kept[agent.agent_id])
        cost = sum(rules.seat(catalog, learner, m) for m in mids)
        total += cost
        hours = sum(catalog.modules[m].hours for m in mids)
        for name, said, real in (("gaps_closed", agent.gaps_closed, closed), ("total_cost", agent.total_cost, cost),
                                 ("total_hours", agent.total_hours, hours)):
            if abs(said - real) > 0.01:
                out.append(Violation("reported", agent.agent_id, f"{name} says {said:g}, recomputed {real:g}"))
    real_sessions = sorted((mid, venue_of(catalog, people[a.agent_id].site, mid), w, a.agent_id) for a in plan.agents
                           for mid, w in {(m.module_id, m.week) for m in a.modules
                                          if catalog.modules[m.module_id].is_group})
    if not rules.personal:
        listed = sorted((s.module_id, "online" if s.online else (s.site or ""), s.week, p)
                        for s in plan.sessions for p in s.participants)
        if listed != real_sessions:
            out.append(Violation("reported", "", "sessions do not match the agents' group modules"))
        total += sum(s.cost for s in plan.sessions)
    if abs(plan.total_cost - total) > 0.01:
        out.append(Violation("reported", "", f"total_cost says {plan.total_cost:g}, recomputed {total:g}"))
    objective = sum(value(catalog, people[a.agent_id], [m.module_id for m in a.modules], kept[a.agent_id])
                    for a in plan.agents)
    if abs(plan.objective - objective) > 0.001:
        out.append(Violation("reported", "", f"objective says {plan.objective:g}, recomputed {objective:g}"))
    return out



def _reported_people(plan: Plan, catalog: Catalog, people: Mapping[str, Learner], rules: Rules,
                     kept: Mapping[str, list[str]]) -> list[Violation]:
    """What the plan says of reasons, sites and trainers is true."""
    entries = {mid: entry_levels(catalog, m) for mid, m in catalog.modules.items()}
    held = {a.agent_id: start_levels(catalog, people[a.agent_id], kept[a.agent_id]) for a in plan.agents}
    out = [Violation("reasons", a, text) for a, text in reported_reasons(plan, catalog, people, held, entries)]
    if not rules.personal:
        out += [Violation(rule, "", text) for rule, text in reported_sessions(plan, catalog, people, rules.start_date)]
    return out
