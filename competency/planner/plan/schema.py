"""The plan file contract (docs/plan-format.md, schemas/plan.schema.json).

A plan is plain data: the optimiser writes it, the checker, reports and calendar export
read it. Bump ``PLAN_FORMAT_VERSION`` on any incompatible change.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ...model.catalog import Id
from ...model.profile import FIRST_DATE, LAST_DATE

PLAN_FORMAT_VERSION = "1.3"
# Plan files are user input (docs/security.md): every number has a range, every id the
# catalog's id pattern, every text a length, so a crafted file fails here with the field
# named instead of deep in a report.
Week = Field(ge=1, le=52, description="1-based week of the horizon")
Hours = Field(ge=0, le=10_000)
Tier = Field(ge=0, le=3)

Status = Literal["OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN", "MODEL_INVALID", "PARTIAL"]


class PlanModel(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


ReasonKind = Literal["gap", "mandatory", "entry", "practice"]


class BookingReason(PlanModel):
    """Why a booking is in the plan (docs/planning.md, "Every booking has a reason").

    - ``gap``: closes the open step ``competency`` -> ``tier`` of the agent's target;
    - ``mandatory``: retrains ``competency`` at ``tier`` after a failed assessment;
    - ``entry``: gives ``competency`` at ``tier``, an entry level of the later booking ``for_module``;
    - ``practice``: no new tier; hours on content tagged ``share``, needed for that share rule.
    """

    kind: ReasonKind
    competency: Id | None = None
    tier: int | None = Field(None, ge=0, le=3)
    for_module: Id | None = None
    share: Id | None = None


class PlannedModule(PlanModel):
    module_id: Id
    week: int = Week
    hours: float = Hours
    cost: float = Field(ge=0, le=1e15, description="what this agent's seat costs (per-participant price)")
    mandatory: bool = False
    raises: dict[Id, int] = Field(default_factory=dict, description="competency -> tier reached")
    mentor: str | None = Field(None, max_length=200)
    reason: BookingReason | None = Field(None, description="why the booking is there; absent only in plan files before 1.2")
    site: str | None = Field(None, max_length=200, description="group sessions: the site it runs at (None: online)")
    online: bool = Field(False, description="a live online session (virtual classroom), open to every site")
    trainer: Id | None = Field(None, description="group sessions: the trainer who teaches it")


LimitKind = Literal[
    "no_module", "audience", "completed", "entry", "hours", "horizon", "personal_budget", "cohort_budget",
    "share", "class_min", "class_max", "trainer", "sessions_cap", "team_cap", "mentor", "weight", "unproven",
]


class GapLimit(PlanModel):
    """A limit that keeps a gap open, found by trying the module into the plan (planner/limits.py).

    ``module_id`` and ``week`` say where the step's best module would go once the limit is
    lifted; ``figures`` hold the numbers that clash, by kind (docs/plan-format.md).
    """

    kind: LimitKind
    module_id: Id | None = None
    week: int | None = Field(None, ge=1, le=52)
    figures: dict[str, float | str] = Field(default_factory=dict, max_length=50)


ConflictKind = Literal["rules", "mandatory_unplannable", "mandatory_hours", "mandatory_chain", "mandatory_room",
                       "mandatory_unplaced", "no_single_rule", "no_plan"]
RuleKind = Literal["hours", "budget", "cohort_budget", "share", "mandatory", "team", "sessions_cap", "trainer",
                   "mentors"]


class ConflictRule(PlanModel):
    """One rule of a set that cannot all hold, with its figures (docs/plan-format.md)."""

    kind: RuleKind
    agent: str | None = Field(None, description="the agent (or trainer, mentor) the rule is about")
    figures: dict[str, float | str] = Field(default_factory=dict)


class ConflictModule(PlanModel):
    """Why one module that would retrain a mandatory tier is out of reach."""

    module_id: str
    why: Literal["completed", "hours", "budget", "audience", "trainer", "other"]
    figures: dict[str, float | str] = Field(default_factory=dict)


class Conflict(PlanModel):
    """Why targets cannot be met, as data: one per ``Plan.infeasibility`` sentence, in the same
    order, so reports word it in their language (format 1.3)."""

    kind: ConflictKind
    agents: list[str] = Field(default_factory=list)
    figures: dict[str, float | str] = Field(default_factory=dict)
    rules: list[ConflictRule] = Field(default_factory=list, description="kind rules: the rules that clash")
    modules: list[ConflictModule] = Field(default_factory=list,
                                          description="kind mandatory_unplannable: each module and why it is out")


class GapLine(PlanModel):
    competency: Id
    current: int = Tier
    target: int = Tier
    planned: int = Field(ge=0, le=3, description="tier held at the end of the plan")
    weight: float = Field(ge=0, le=1e9)
    mandatory: bool = False
    reason: str | None = Field(None, max_length=2000,
                               description="why the target is not reached, in English (reports use limits)")
    limits: list[GapLimit] = Field(default_factory=list, description="the limits that bind, lifted together "
                                                                        "they let a module for the next step in")


class ShareLine(PlanModel):
    tag: Id
    min: float = Field(ge=0, le=1)
    achieved: float = Field(ge=0, le=1)
    hours: float = Hours


class AgentPlan(PlanModel):
    agent_id: Id
    name: str = Field("", max_length=200)
    team: str = Field("", max_length=200)
    role: Id | Literal[""] = ""
    industry: Id | Literal[""] = ""
    site: str = Field("", max_length=200)
    hours_per_week: float = Field(0, ge=0, le=168)
    budget: float | None = Field(None, ge=0, le=1e15)
    modules: list[PlannedModule] = []
    total_hours: float = Field(0, ge=0, le=1e6)
    total_cost: float = Field(0, ge=0, le=1e15)
    off_phone_cost: float = Field(0, ge=0, le=1e15)
    gaps_closed: float = Field(0, ge=0, le=1e12, description="weighted tier steps closed by the plan")
    gaps_remaining: float = Field(0, ge=0, le=1e12, description="weighted tier steps still open after the plan")
    gaps: list[GapLine] = []
    shares: list[ShareLine] = []
    kept: list[Id] = Field(default_factory=list, description="modules kept from an earlier plan (--fix)")


class Session(PlanModel):
    module_id: Id
    week: int = Week
    participants: list[Id]
    cost: float = Field(ge=0, le=1e15, description="session_cost, paid once per session")
    site: str | None = Field(None, max_length=200, description="site the session runs at; None for a live online session")
    online: bool = False
    trainer: Id | None = Field(None, description="trainer id (catalog trainers); None when the catalog has none")


Ended = Literal["optimal", "bound", "work", "clock"]


class SweepPoint(PlanModel):
    budget: float
    value: float
    cost: float
    status: Status
    marginal: float | None = Field(None, description="value gained per extra 1,000 of the catalog's currency")
    bound: float | None = Field(None, description="proven upper bound on the value at this budget")
    gap: float | None = Field(None, description="relative optimality gap (bound - value) / bound, 0 when proven")
    ended: Ended | None = Field(
        None, description="how the search of this budget stopped: its value stage's ending, or clock when "
                          "the time limit cut any stage (another run may then differ)")


class Stage(PlanModel):
    """One step of the lexicographic solve: value, then cost, then finish."""

    name: Literal["freeze", "retraining", "value", "changes", "cost", "finish"]
    status: Status
    value: float
    bound: float
    seconds: float = 0
    ended: Ended | None = Field(
        None, description="why the stage stopped: proven optimal, reached the proven bound, used its "
                          "deterministic work (all reproducible), or cut by the time limit (another run may differ)")


class Plan(PlanModel):
    format_version: str = Field(PLAN_FORMAT_VERSION, pattern=r"^1\.[0-9]{1,3}$",
                                description="1.x; a 2.x file comes from a newer competency")
    kind: Literal["cohort", "agent"] = "cohort"
    status: Status
    objective: float = Field(ge=0, le=1e15, description="weighted gap closure of the plan")
    bound: float = Field(ge=0, le=1e15, description="proven upper bound on the weighted gap closure")
    gap: float = Field(ge=0, le=1, description="relative optimality gap (bound - objective) / bound, 0 when proven")
    solver: str = Field("", max_length=200)
    solve_seconds: float = Field(0, ge=0, le=1e7)
    budget: float | None = Field(None, ge=0, le=1e15)
    total_cost: float = Field(0, ge=0, le=1e15)
    weeks: int = Field(ge=1, le=52)
    start_date: dt.date = Field(ge=FIRST_DATE, le=LAST_DATE)
    catalog: Id | Literal[""] = ""
    options: dict[str, object] = {}
    agents: list[AgentPlan] = []
    sessions: list[Session] = []
    infeasibility: list[str] = Field(default_factory=list, description="why targets cannot be met, in English")
    conflicts: list[Conflict] = Field(default_factory=list, description="the same reasons as data, for reports "
                                                                        "in any language (1.3)")
    sweep: list[SweepPoint] | None = None
    stages: list[Stage] = []

    @model_validator(mode="after")
    def _consistent(self) -> Plan:
        """Ids unique (a second IDP would silently replace the first) and weeks inside the horizon."""
        seen: dict[str, int] = {}
        for i, agent in enumerate(self.agents):
            if agent.agent_id in seen:
                raise ValueError(f"agent id {agent.agent_id!r} appears twice (agents[{seen[agent.agent_id]}] and "
                                 f"agents[{i}]); each agent has one entry")
            seen[agent.agent_id] = i
            for m in agent.modules:
                if m.week > self.weeks:
                    raise ValueError(f"agents[{i}] ({agent.agent_id}) books {m.module_id} in week {m.week}, "
                                     f"after the plan's {self.weeks} weeks")
        for j, session in enumerate(self.sessions):
            if session.week > self.weeks:
                raise ValueError(f"sessions[{j}] ({session.module_id}) is in week {session.week}, after the "
                                 f"plan's {self.weeks} weeks")
        return self

    def agent(self, agent_id: str) -> AgentPlan:
        for agent in self.agents:
            if agent.agent_id == agent_id:
                return agent
        raise KeyError(agent_id)

    def week_start(self, week: int) -> dt.date:
        return self.start_date + dt.timedelta(weeks=week - 1)


def plan_schema_json() -> str:
    """The JSON Schema of plan files, as committed in competency/schemas/plan.schema.json.

    Regenerate after changing the models:
    ``python -c "from competency.planner.plan.schema import write_schema; write_schema()"``
    """
    schema = Plan.model_json_schema()
    schema["$id"] = f"https://competency.example/schemas/plan-{PLAN_FORMAT_VERSION}.json"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schema() -> None:
    from pathlib import Path

    from ...io.atomic import write_text_atomic

    write_text_atomic(Path(__file__).resolve().parents[2] / "schemas" / "plan.schema.json", plan_schema_json())
