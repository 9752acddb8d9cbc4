"""Greedy baseline: book the module with the best value per hour, again and again.

For benchmarks and tests only (the product plans with ``solve.py``). It respects the same
rules as the optimiser: candidates come from the same useful-module rule, entry levels
must be held from earlier weeks, weekly hours, budgets, shares, class sizes, caps and
mentors hold; sessions left below their minimum class size are dropped at the end.
"""

from __future__ import annotations

import time
from collections import Counter

from ..model.catalog import Mode, Module
from ..model.graph import apply
from ..model.tiers import Tier
from .candidates import CatalogIndex, candidate_table, mandatory_modules, mentors_for, start_levels
from .instance import Instance, Learner
from .plan import Plan
from .result import Booking, Outcome, to_plan

MANDATORY_BONUS = 1e6  # mandatory retraining goes first, whatever its value


class _State:
    def __init__(self, instance: Instance):
        self.instance = instance
        self.index = CatalogIndex(instance.catalog)
        self.table = candidate_table(instance, self.index)
        self.bookings: dict[str, dict[str, tuple[int, str | None]]] = {a.agent_id: {} for a in instance.learners}
        self.seats: dict[tuple[str, int], list[str]] = {}
        self.mentees: Counter = Counter()
        self.spent = 0.0

    def levels_before(self, learner: Learner, week: int) -> dict[str, Tier]:
        levels = start_levels(self.instance, learner)
        for mid, (w, _) in sorted(self.bookings[learner.agent_id].items(), key=lambda kv: kv[1][0]):
            if w < week:
                levels = apply(self.instance.catalog.modules[mid], levels)
        return levels

    def seat(self, learner: Learner, module: Module) -> float:
        extra = learner.hourly_cost * module.hours if self.instance.options.off_phone_cost else 0.0
        return module.cost + extra


def greedy_plan(instance: Instance, catalog_id: str = "") -> Plan:
    started = time.perf_counter()
    state = _State(instance)
    while (choice := _best(state)) is not None:
        learner, module, week, mentor = choice
        _book(state, learner, module, week, mentor)
    _drop_small_sessions(state)
    bookings = [Booking(agent_id=a, week=w, module_id=m, mentor=b)
                for a, rows in state.bookings.items() for m, (w, b) in rows.items()]
    missing = _missing_mandatory(state)
    outcome = Outcome(status="PARTIAL" if missing else "FEASIBLE", solver="greedy",
                      seconds=time.perf_counter() - started, infeasibility=tuple(missing))
    return to_plan(instance, bookings, outcome, catalog_id)


def _missing_mandatory(state: _State) -> list[str]:
    deadline = state.instance.options.mandatory_deadline()
    out = []
    for learner in state.instance.learners:
        rows = state.bookings[learner.agent_id]
        for (cid, tier), mids in mandatory_modules(state.instance.catalog, learner).items():
            if not any(m in rows and rows[m][0] <= deadline for m in mids):
                out.append(f"agent {learner.agent_id}: greedy could not place mandatory {cid} "
                           f"retraining ({Tier(tier).key})")
    return out


def _gain(state: _State, learner: Learner, module: Module) -> float:
    end = state.levels_before(learner, state.instance.options.weeks + 1)
    after = apply(module, end)
    gain = sum(learner.weight(c) * (min(int(after.get(c, 0)), int(t)) - min(int(end.get(c, 0)), int(t)))
               for c, t in learner.targets.items())
    must = {m for mids in mandatory_modules(state.instance.catalog, learner).values() for m in mids}
    done_must = {(c, t) for (c, t), mids in mandatory_modules(state.instance.catalog, learner).items()
                 if any(m in state.bookings[learner.agent_id] for m in mids)}
    if module.id in must and not any((r.competency, int(r.tier)) in done_must for r in module.raises):
        gain += MANDATORY_BONUS
    return gain


def _best(state: _State):
    best, best_key = None, None
    for learner in state.instance.learners:
        taken = state.bookings[learner.agent_id]
        for module in state.table[learner.agent_id]:
            if module.id in taken:
                continue
            gain = _gain(state, learner, module)
            if gain <= 0:
                continue
            key = (-gain / module.hours, learner.agent_id, module.id)
            if best_key is not None and key >= best_key:
                continue
            slot = _slot(state, learner, module)
            if slot is not None:
                best, best_key = (learner, module, *slot), key
    return best


def _slot(state: _State, learner: Learner, module: Module) -> tuple[int, str | None] | None:
    """Earliest week the module fits; a week with a session of it already running wins."""
    options, a = state.instance.options, learner.agent_id
    rows = state.bookings[a]
    if not _share_ok(state, learner, module):
        return None
    spend = sum(state.seat(learner, state.instance.catalog.modules[m]) for m in rows) + state.seat(learner, module)
    if learner.budget is not None and spend > learner.budget + 1e-9:
        return None
    weeks = sorted(range(1, options.weeks + 1), key=lambda w: ((module.id, w) not in state.seats, w))
    for week in weeks:
        if not state.index.startable(module.id, state.levels_before(learner, week)):
            continue
        hours = sum(state.instance.catalog.modules[m].hours for m, (w, _) in rows.items() if w == week)
        if hours + module.hours > options.hours_for(learner) + 1e-9:
            continue
        extra = state.seat(learner, module)
        if module.is_group and not options.personal and (module.id, week) not in state.seats:
            extra += module.session_cost
            running = sum(1 for (_, w) in state.seats if w == week)
            if options.sessions_per_week is not None and running >= options.sessions_per_week:
                continue
        if module.is_group and not options.personal and len(state.seats.get((module.id, week), [])) >= module.seats.max:
            continue
        if options.budget is not None and state.spent + extra > options.budget + 1e-9:
            continue
        if not _team_ok(state, learner, week):
            continue
        mentor = _mentor(state, learner, module, week)
        if module.mode == Mode.MENTORING and mentor is None:
            continue
        return week, mentor
    return None


def _share_ok(state: _State, learner: Learner, module: Module | None) -> bool:
    """Shares hold for the agent's bookings plus ``module``; shares are kept at every step
    so the plan is valid whenever the loop stops."""
    rows = [state.instance.catalog.modules[m] for m in state.bookings[learner.agent_id]] + ([module] if module else [])
    total = sum(m.hours for m in rows)
    return all(sum(m.hours for m in rows if rule.tag in m.tags) >= rule.min * total - 1e-9 for rule in learner.shares)


def _team_ok(state: _State, learner: Learner, week: int) -> bool:
    options = state.instance.options
    if options.personal:
        return True
    members = [a for a in state.instance.learners if a.team == learner.team]
    limit = options.team_limit(len(members))
    if limit is None or any(w == week for w, _ in state.bookings[learner.agent_id].values()):
        return True
    busy = sum(1 for a in members if any(w == week for w, _ in state.bookings[a.agent_id].values()))
    return busy < limit


def _mentor(state: _State, learner: Learner, module: Module, week: int) -> str | None:
    cap = state.instance.options.mentor_max_mentees
    return next((b for b in mentors_for(state.instance, learner, module) if state.mentees[b, week] < cap), None)


def _book(state: _State, learner: Learner, module: Module, week: int, mentor: str | None) -> None:
    state.bookings[learner.agent_id][module.id] = (week, mentor)
    state.spent += state.seat(learner, module)
    if module.is_group and not state.instance.options.personal:
        if (module.id, week) not in state.seats:
            state.spent += module.session_cost
        state.seats.setdefault((module.id, week), []).append(learner.agent_id)
    if mentor is not None:
        state.mentees[mentor, week] += 1


def _drop_small_sessions(state: _State) -> None:
    """Cancel classes below their minimum, then whatever no longer has its entry levels or
    breaks a share; repeat until nothing changes."""
    changed = True
    while changed:
        changed = False
        for (mid, week), agents in sorted(state.seats.items()):
            if agents and len(agents) < state.instance.catalog.modules[mid].seats.min:
                for a in agents:
                    state.bookings[a].pop(mid, None)
                state.seats[mid, week] = []
                changed = True
        for learner in state.instance.learners:
            rows = state.bookings[learner.agent_id]
            for mid, (week, _) in sorted(rows.items(), key=lambda kv: -kv[1][0]):
                if not state.index.startable(mid, state.levels_before(learner, week)):
                    rows.pop(mid)
                    _unseat(state, learner.agent_id, mid, week)
                    changed = True
            while rows and not _share_ok(state, learner, None):
                untagged = [m for m in sorted(rows) if not any(
                    r.tag in state.instance.catalog.modules[m].tags for r in learner.shares)]
                if not untagged:
                    break
                week = rows.pop(untagged[-1])[0]
                _unseat(state, learner.agent_id, untagged[-1], week)
                changed = True


def _unseat(state: _State, agent_id: str, mid: str, week: int) -> None:
    if agent_id in state.seats.get((mid, week), []):
        state.seats[mid, week].remove(agent_id)
