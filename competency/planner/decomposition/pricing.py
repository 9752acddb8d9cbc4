"""Pricing: each agent's best schedule at the linking rows' prices, by CP-SAT.

An agent's model holds every per-agent rule (``formulation.rules.PER_AGENT``: value,
prerequisites, weekly hours, personal budget, shares, mandatory retraining, booking
reasons) and is built once; each round only replaces its objective, value minus what the
schedule pays at the current prices: seats and the cohort budget, places in sessions, busy
weeks under a team cap. Weeks without a trainer for a group module are closed here, since
no cohort plan can use them.

The objective is integer: value and prices are scaled by ``PRICE_SCALE`` per weight unit
and rounded. The rounding can move the optimum by at most half a unit per variable, which
``bound`` adds back, so the bound reported stays a valid upper bound at the exact prices.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from ...model.catalog import Module
from ..formulation.build import build_model
from ..formulation.rules import PER_AGENT
from ..formulation.variables import money_int, weight_int
from ..problem.candidates import mandatory_modules
from ..problem.instance import WEIGHT_SCALE, Instance, Learner
from ..problem.staffing import Staffing
from .columns import Column, Prices, session_key

PRICE_SCALE = 1_000_000  # objective units per weight unit: prices to a millionth of a unit
CLOSED = 1000 * PRICE_SCALE  # a dive's price on bookings in sessions it keeps closed: never worth it


@dataclass(frozen=True)
class Priced:
    bound: float  # proven upper bound on the schedule's value at the exact prices (weight units)
    found: tuple[Column, ...]  # every improving schedule the search met, best last
    work: float  # deterministic seconds the search used


class AgentPricer:
    def __init__(self, instance: Instance, learner: Learner, offered: list[Module],
                 staffing: Staffing, team_capped: bool):
        self._made_of = (instance, learner, offered, staffing, team_capped)
        a = learner.agent_id
        alone = Instance(catalog=instance.catalog, learners=(learner,), mentors={},
                         options=replace(instance.options, personal=True, budget=None, team_cap=None,
                                         team_cap_share=None, sessions_per_week=None,
                                         # Each (module, week) has its own price here: weeks are
                                         # not interchangeable, so no idle-weeks-last symmetry.
                                         week_symmetry=False))
        self.learner, self.instance = learner, instance
        self.cm = cm = build_model(alone, candidates={a: offered}, rules=PER_AGENT)
        self.held = cm.levels[a]
        self.slots = {(m, w): var for (_, m, w), var in cm.x.items()}
        self.seat = {m.id: money_int(instance.options.seat(learner, m)) for m in offered}
        self.keys = {(m.id, w): session_key(learner, m, w) for m in offered if m.is_group for w in cm.weeks}
        for (mid, w), key in self.keys.items():
            if staffing.active and not staffing.available(instance.catalog.modules[mid], key[1], w):
                cm.model.Add(self.slots[mid, w] == 0)
        self.busy = {}
        if team_capped:
            for w in cm.weeks:
                if (flag := cm.busy_week(a, w)) is not None:
                    self.busy[w] = flag
        self.value = sum(self.cm.value_terms) if self.cm.value_terms else 0
        self.last: dict | None = None

    def __reduce__(self):
        # A CP-SAT model does not pickle: a pricer sent to another machine (a Ray actor) is
        # rebuilt there from what it was built of. Only ever sent before its first round, so
        # its last schedule (the next round's hint) is not lost.
        return AgentPricer, self._made_of

    def slot_price(self, prices: Prices, mid: str, week: int) -> float:
        """What one booking of ``mid`` in ``week`` costs at the prices, in weight units."""
        price = prices.budget * self.seat[mid]
        key = self.keys.get((mid, week))
        return price + prices.booking(key) if key is not None else price

    def price(self, prices: Prices, work: float, seconds: float, open_sessions: set | None = None) -> Priced | None:
        """``open_sessions``: a dive's sessions; group bookings elsewhere are then priced out."""
        cm, team = self.cm, self.learner.team
        terms, rounding = [], 0
        for (mid, w), var in self.slots.items():
            key = self.keys.get((mid, w))
            if open_sessions is not None and key is not None and key not in open_sessions:
                terms.append(-CLOSED * var)
                continue
            # One unit per week (a millionth of a weight unit) breaks ties towards early weeks,
            # so agents priced apart still meet in the same sessions.
            coeff = round(self.slot_price(prices, mid, w) * PRICE_SCALE) + w
            terms.append(-coeff * var)
            rounding += 1
        rounding += 2 * len(self.seat) * len(cm.weeks)  # the week tie-break: one week per module
        for w, var in self.busy.items():
            coeff = round(prices.team.get((team, w), 0.0) * PRICE_SCALE)
            if coeff:
                terms.append(-coeff * var)
                rounding += 1
        scale = PRICE_SCALE // WEIGHT_SCALE
        cm.model.Maximize(scale * self.value + sum(terms))
        cm.model.ClearHints()

        if self.last:
            for key, var in self.slots.items():
                cm.model.AddHint(var, self.last.get(key, 0))
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        # Presolve costs more than these small models gain from it: 14 ms a solve without it,
        # 33 ms with it (20 agents of the 100x120 benchmark, all proven optimal either way).
        solver.parameters.cp_model_presolve = False
        solver.parameters.max_deterministic_time = work
        solver.parameters.max_time_in_seconds = max(0.05, seconds)
        keep = _Keep(self)
        code = solver.Solve(cm.model, keep)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None  # nothing within the work: no column, and no bound this round
        best = keep.found[-1]
        self.last = {slot: 1 for slot in best.bookings}
        reduced = best.value / WEIGHT_SCALE - sum(self.slot_price(prices, m, w) for m, w in best.bookings) \
            - sum(prices.team.get((team, w), 0.0) for w in best.weeks() if w in self.busy)
        bound = (solver.BestObjectiveBound() + 0.5 * rounding) / PRICE_SCALE
        return Priced(max(bound, reduced), tuple(keep.found),
                      solver.ResponseProto().deterministic_time)

    def stable(self, work: float, seconds: float) -> Column | None:
        """A re-plan's column that keeps the agent's earlier calendar: most frozen bookings
        kept, then most value, then most of the other earlier bookings kept, within this
        agent's own rules. The pool's floor column has the earlier plan as mended for the
        whole cohort; this one is what the agent alone could keep. Not priced: it adds a
        column, never a bound."""
        mine = [p for p in self.instance.options.previous if p.agent_id == self.learner.agent_id]
        kept = [(p, self.slots[p.module_id, p.week]) for p in mine if (p.module_id, p.week) in self.slots]
        if not kept:
            return None
        scale = len(mine) + 1  # one value unit outweighs every other booking kept
        # ... and a kept frozen booking outweighs all value (every open step closed).
        frozen = scale * (sum(weight_int(self.learner.weight(c)) for c, _ in self.learner.open_steps()) + 1)
        # A class the earlier plan did not have needs others to join it, which this agent's
        # column cannot know: group bookings stay where the earlier plan had them.
        # Retraining is the exception: it comes before value in a re-plan's order.
        earlier = {(p.module_id, p.week) for p in mine}
        retrain = {mid for mids in mandatory_modules(self.instance.catalog, self.learner).values() for mid in mids}
        alone = [var for (mid, w), var in self.slots.items()
                 if (mid, w) in self.keys and (mid, w) not in earlier and mid not in retrain]
        model = self.cm.model
        model.Maximize(sum(frozen * var for p, var in kept if p.frozen) - frozen * sum(self.cm.retrain_terms)
                       + scale * self.value + sum(var for p, var in kept if not p.frozen)
                       - frozen * (len(mine) + 2) * sum(alone))
        model.ClearHints()
        for p, var in kept:
            model.AddHint(var, 1)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.cp_model_presolve = False
        solver.parameters.max_deterministic_time = work
        solver.parameters.max_time_in_seconds = max(0.05, seconds)
        if solver.Solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return self.column({slot: solver.Value(var) for slot, var in self.slots.items()})

    def forget_model(self) -> None:
        """Drop the CP-SAT model once shards price this agent: ``column`` needs only the slots."""
        self.cm, self.busy, self.value, self.last = None, {}, 0, None
        self.slots = dict.fromkeys(self.slots)

    def column(self, chosen: dict) -> Column:
        bookings = tuple(sorted(slot for slot in self.slots if chosen.get(slot)))
        from .columns import column_value

        return Column(self.learner.agent_id, bookings, column_value(self.instance, self.learner, bookings, self.held),
                      sum(self.seat[m] for m, _ in bookings))


class _Keep(cp_model.CpSolverSolutionCallback):
    """Every improving schedule is a column worth keeping: the master may need a second best."""

    def __init__(self, pricer: AgentPricer):
        super().__init__()
        self.pricer, self.found = pricer, []

    def on_solution_callback(self) -> None:
        self.found.append(self.pricer.column({slot: self.Value(var) for slot, var in self.pricer.slots.items()}))
