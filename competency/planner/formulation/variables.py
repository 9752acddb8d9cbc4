"""The CP-SAT model container: decision variables, shared by every rule module.

Variables (docs/planning.md):
  x[a, m, w]    agent a takes module m in week w (a module is done within one week)
  taken[a, m]   = sum_w x[a, m, w]; budgets, shares, gap closure and prerequisites use it
  session[m, v, w] a group session of m runs at venue v (a site, or online) in week w (cohort plans)
  teach[t, m, v, w] trainer t teaches that session (catalogs with trainers)
  reach[a, c, t] agent a holds tier t of competency c at the end of the horizon
  mentor[a, m, w, b] agent b mentors agent a on mentoring module m in week w

CP-SAT works on integers, so hours, money and weights are scaled once, here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from ...model.catalog import Module
from ...model.tiers import Tier
from ..problem.candidates import CatalogIndex
from ..problem.instance import WEIGHT_SCALE, Instance, Learner

HOURS_SCALE = 100  # hundredths of an hour
MONEY_SCALE = 100  # fen


def hours_int(hours: float) -> int:
    return round(hours * HOURS_SCALE)


def money_int(amount: float) -> int:
    return round(amount * MONEY_SCALE)


def weight_int(weight: float) -> int:
    return round(weight * WEIGHT_SCALE)


@dataclass(frozen=True)
class Guard:
    """A group of constraints that can be switched off to explain an infeasible plan."""

    kind: str  # hours, budget, cohort_budget, share, mandatory, team, sessions_cap, mentors, trainer
    agent_id: str = ""
    detail: tuple = ()


@dataclass
class CohortModel:
    instance: Instance
    index: CatalogIndex
    candidates: dict[str, list[Module]]
    levels: dict[str, dict[str, Tier]]
    explain: bool = False
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    x: dict[tuple[str, str, int], cp_model.IntVar] = field(default_factory=dict)
    taken: dict[tuple[str, str], cp_model.IntVar] = field(default_factory=dict)
    sessions: dict[tuple[str, str, int], cp_model.IntVar] = field(default_factory=dict)
    teach: dict[tuple[str, str, str, int], cp_model.IntVar] = field(default_factory=dict)
    reach: dict[tuple[str, str, int], cp_model.IntVar] = field(default_factory=dict)
    mentor: dict[tuple[str, str, int, str], cp_model.IntVar] = field(default_factory=dict)
    value_terms: list = field(default_factory=list)
    cost_terms: list = field(default_factory=list)
    finish_terms: list = field(default_factory=list)
    change_terms: list = field(default_factory=list)  # re-plans: bookings changed from the earlier plan
    freeze_terms: list = field(default_factory=list)  # re-plans: frozen bookings not kept as announced
    retrain_terms: list = field(default_factory=list)  # re-plans: mandatory retraining not booked in time
    guards: dict[Guard, cp_model.IntVar] = field(default_factory=dict)
    caps: dict = field(default_factory=dict)  # personal plans: agent -> rules.value_cap.Cap
    # The decomposition's master chooses one schedule (column) per agent instead of weeks.
    columns: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)
    column_slots: dict[tuple[str, int], frozenset[tuple[str, int]]] = field(default_factory=dict)

    @property
    def weeks(self) -> range:
        return range(1, self.instance.options.weeks + 1)

    def named_variables(self):
        """(name, variable) for what a plan is read from and hinted with: ("x", agent,
        module, week), ("taken", agent, module), ("session", ...), ("reach", ...),
        ("mentor", ...), ("column", ...)."""
        for family, variables in (("x", self.x), ("taken", self.taken), ("session", self.sessions),
                                  ("reach", self.reach), ("mentor", self.mentor), ("column", self.columns)):
            for key, var in variables.items():
                yield (family, *key), var

    @property
    def learners(self) -> tuple[Learner, ...]:
        return self.instance.learners

    def module(self, module_id: str) -> Module:
        return self.instance.catalog.modules[module_id]

    def takes(self, agent_id: str) -> list[Module]:
        return self.candidates[agent_id]

    def guard(self, guard: Guard) -> list[cp_model.IntVar]:
        """Enforcement literals for a constraint group: none unless explaining."""
        if not self.explain:
            return []
        if guard not in self.guards:
            self.guards[guard] = self.model.NewBoolVar(f"guard[{guard.kind},{guard.agent_id},{guard.detail}]")
        return [self.guards[guard]]

    def busy_week(self, a: str, w: int, exact: bool = False) -> cp_model.IntVar | None:
        """A flag that is on whenever agent ``a`` trains in week ``w`` (None: nothing to take
        that week). ``exact`` also holds it off in a week without training, for rules that
        count idle weeks rather than cap busy ones. Team caps (sessions.py), the week-free
        value cap (week_free.py) and the decomposition's team prices (pricing.py) share it."""
        week = [self.x[a, m.id, w] for m in self.takes(a)]
        if not week:
            return None
        flag = self.model.NewBoolVar(f"busy[{a},{w}]")
        for var in week:
            self.model.AddImplication(var, flag)
        if exact:
            self.model.Add(sum(week) >= flag)
        return flag

    def value_of(self, agent_id: str) -> list:
        """The agent's value terms (``value.py``): what their plan is worth."""
        return [t for (a, _, _), t in zip(self.reach, self.value_terms) if a == agent_id]

    def seat_cost(self, learner: Learner, module: Module) -> float:
        return self.instance.options.seat(learner, module)


def add_decisions(cm: CohortModel) -> None:
    model = cm.model
    options = cm.instance.options
    for learner in cm.learners:
        a = learner.agent_id
        for module in cm.takes(a):
            weeks = []
            shared = module.is_group and not options.personal
            for w in cm.weeks:
                cm.x[a, module.id, w] = model.NewBoolVar(f"x[{a},{module.id},{w}]")
                weeks.append(cm.x[a, module.id, w])
                if shared and not options.may_run(module.id, w):
                    # Fixed rather than left out: every rule may then assume all weeks exist.
                    model.Add(cm.x[a, module.id, w] == 0)
            cm.taken[a, module.id] = model.NewBoolVar(f"taken[{a},{module.id}]")
            model.Add(cm.taken[a, module.id] == sum(weeks))


def x_of(cm: CohortModel, agent_id: str, module_id: str) -> list[tuple[int, cp_model.IntVar]]:
    return [(w, cm.x[agent_id, module_id, w]) for w in cm.weeks if (agent_id, module_id, w) in cm.x]
