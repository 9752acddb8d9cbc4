"""Greedy baseline: book the module with the best value per hour, again and again.

A baseline for benchmarks and tests, fast enough (a 1,000-agent cohort in seconds) to
serve as the optimiser's warm start and "never worse than greedy" guard. It respects the
same rules as the optimiser: candidates come from the same useful-module rule, entry
levels must be held from earlier weeks, weekly hours, budgets, shares, class sizes, caps
and mentors hold; sessions left below their minimum class size are dropped at the end.

Each step books the (agent, module) with the highest gain per hour that still fits
somewhere, ties to the lowest agent id, then module id. A priority queue keeps that cheap:
an agent's gains change only when that agent books, so only their entries are queued
again. A pair that fits nowhere is set aside until the agent books again or a session of
that module opens (no session cost to pay, no new session to count); whatever else other
agents book only takes room away, so it could not fit any sooner.
"""

from __future__ import annotations

import heapq
import time

from ...model.catalog import Module
from ...model.tiers import Tier
from .greedy_state import Agent, State
from ..problem.instance import Instance
from ..plan.conflicts import sentence
from ..plan.schema import Conflict, Plan
from ..plan.result import Booking, Outcome, to_plan
from ..plan.why import booking_reasons

PRACTICE_STEPS = 8  # practice bookings tried for one module: shares are reached in a few
Entry = tuple[float, str, str, int]  # (-gain per hour, agent id, module id, agent version)


def greedy_plan(instance: Instance, catalog_id: str = "", start: list[Booking] | None = None,
                limits: bool = True) -> Plan:
    """``start``: bookings already made (a re-plan's floor, replan/floor.py), valid for the
    instance; greedy adds to them (the clean-up may still cancel one that lost its reason).
    ``limits``: name what keeps each open gap open (``to_plan``)."""
    started = time.perf_counter()
    state = State(instance)
    modules = instance.catalog.modules
    for b in sorted(start or [], key=lambda b: (b.week, b.agent_id, b.module_id)):
        state.book(state.agents[b.agent_id], modules[b.module_id], b.week, b.mentor)
    _fill(state)
    _drop_small_sessions(state)
    bookings = [Booking(agent_id=a, week=w, module_id=m, mentor=b)
                for a, agent in state.agents.items() for m, (w, b) in agent.rows.items()]
    missing = _missing_mandatory(state)
    outcome = Outcome(status="PARTIAL" if missing else "FEASIBLE", solver="greedy",
                      seconds=time.perf_counter() - started, infeasibility=tuple(sentence(c) for c in missing),
                      conflicts=tuple(missing))
    return to_plan(instance, bookings, outcome, catalog_id, limits)


def _fill(state: State) -> None:
    queue: list[Entry] = []
    parked: dict[str, list[Entry]] = {}  # module -> entries that fitted nowhere when last tried
    tried: set[tuple[str, str]] = set()  # (agent, module) that share practice was booked for
    for agent in state.agents.values():
        _enqueue(queue, agent)
    modules = state.instance.catalog.modules
    while queue:
        entry = heapq.heappop(queue)
        _, agent_id, mid, version = entry
        agent = state.agents[agent_id]
        if version != agent.version:  # the agent booked since; a fresh entry is queued
            continue
        slot = state.slot(agent, modules[mid])
        if slot is None and not agent.shares_hold(modules[mid]) and (agent_id, mid) not in tried:
            tried.add((agent_id, mid))  # once: practice that did not make room stays booked
            slot = _make_room(state, agent, modules[mid])
        if slot is None:
            parked.setdefault(mid, []).append(entry)
            if agent.version != version:  # practice was booked: the agent's gains are new
                _enqueue(queue, agent)
            continue
        if state.book(agent, modules[mid], *slot):
            for again in parked.pop(mid, []):
                if again[3] == state.agents[again[1]].version:
                    heapq.heappush(queue, again)
        _enqueue(queue, agent)


def _make_room(state: State, agent: Agent, module: Module) -> tuple[int, str | None] | None:
    """Book practice for the share rules ``module`` would break (a retail agent's 35 % on
    omni-channel content, when nothing tagged closes a gap of theirs): the fewest-hours
    tagged module that fits, then again, until the rules hold with ``module`` or nothing
    tagged fits. Without it an agent with no tagged gap gets nothing at all, not even
    mandatory retraining. Practice that ends up unused has no reason and the clean-up drops it."""
    for _ in range(PRACTICE_STEPS):
        short = agent.short_of(module)
        if not short:
            return state.slot(agent, module)
        tagged = sorted((m for m in agent.candidates
                         if m.id not in agent.rows and m.id != module.id and short & set(m.tags)),
                        key=lambda m: _practice_order(state, agent, module, m))
        for practice in tagged:
            slot = state.slot(agent, practice)
            if slot is not None:
                state.book(agent, practice, *slot)
                break
        else:
            return None
    return None


def _practice_order(state: State, agent: Agent, module: Module, practice: Module) -> tuple:
    """Practice that stands alone first (no class, or a class of one: a class nobody else
    joins is cancelled at the end, and the share with it); then one that makes room by
    itself; the fewest hours."""
    alone = not (practice.is_group and state.grouped) or practice.seats.min <= 1
    enough = not agent.short_of(module, practice)
    return (not alone, practice.hours, not enough, agent.seat(practice), practice.id)


def _enqueue(queue: list[Entry], agent: Agent) -> None:
    """Queue every useful module the agent has not booked, at its current gain."""
    for module in agent.candidates:
        if module.id not in agent.rows:
            gain = agent.gain(module)
            if gain > 0:
                heapq.heappush(queue, (-gain / module.hours, agent.learner.agent_id, module.id, agent.version))


def _missing_mandatory(state: State) -> list[Conflict]:
    deadline = state.options.mandatory_deadline()
    out = []
    for agent in state.agents.values():
        for (cid, tier), mids in agent.mandatory.items():
            if not any(m in agent.rows and agent.rows[m][0] <= deadline for m in mids):
                out.append(Conflict(kind="mandatory_unplaced", agents=[agent.learner.agent_id],
                                    figures={"competency": cid, "tier": int(tier), "deadline": deadline}))
    return out


def _drop_small_sessions(state: State) -> None:
    """Cancel classes below their minimum, then whatever no longer has its entry levels or
    breaks a share; repeat until nothing changes."""
    modules = state.instance.catalog.modules
    changed = True
    while changed:
        changed = False
        for (mid, _, week), agents in sorted(state.seats.items()):
            if agents and len(agents) < modules[mid].seats.min:
                for a in list(agents):
                    state.cancel(state.agents[a], mid)
                changed = True
        for agent in state.agents.values():
            # Latest first: a booking only needs tiers from earlier weeks, so removing it
            # never changes what the ones still to check hold.
            for mid, (week, _) in sorted(agent.rows.items(), key=lambda kv: -kv[1][0]):
                if not state.index.startable(mid, agent.levels[week]):
                    state.cancel(agent, mid)
                    changed = True
            shares = agent.learner.shares
            while agent.rows and not agent.shares_hold():
                untagged = [m for m in sorted(agent.rows) if not any(r.tag in modules[m].tags for r in shares)]
                if not untagged:
                    break
                state.cancel(agent, untagged[-1])
                changed = True
            # Nobody keeps a booking without a reason (a class that lost others, an entry
            # level whose later module went): latest first, as above.
            why = booking_reasons(state.instance.catalog, agent.learner, agent.start,
                                  [(m, w) for m, (w, _) in agent.rows.items()], state.index.entry)
            for mid, (week, _) in sorted(agent.rows.items(), key=lambda kv: (-kv[1][0], kv[0])):
                if why[mid] is None:
                    state.cancel(agent, mid)
                    changed = True
                    break
