"""The plan file contract (docs/plan-format.md, schemas/plan.schema.json).

A plan is plain data: the optimiser writes it, the checker, reports and calendar export
read it. Bump ``PLAN_FORMAT_VERSION`` on any incompatible change.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

PLAN_FORMAT_VERSION = "1.3"

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
    competency: str | None = None
    tier: int | None = Field(None, ge=0, le=3)
    for_module: str | None = None
    share: str | None = None


class PlannedModule(PlanModel):
    module_id: str
    week: int = Field(ge=1, description="1-based week of the horizon")
    hours: float
    cost: float = Field(description="what this agent's seat costs (per-participant price)")
    mandatory: bool = False
    raises: dict[str, int] = Field(default_factory=dict, description="competency -> tier reached")
    mentor: str | None = None
    reason: BookingReason | None = Field(None, description="why the booking is there; absent only in plan files before 1.2")
    site: str | None = Field(None, description="group sessions: the site it runs at (None: online)")
    online: bool = Field(False, description="a live online session (virtual classroom), open to every site")
    trainer: str | None = Field(None, description="group sessions: the trainer who teaches it")


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
    module_id: str | None = None
    week: int | None = None
    figures: dict[str, float | str] = Field(default_factory=dict)


class GapLine(PlanModel):
    competency: str
    current: int
    target: int
    planned: int = Field(description="tier held at the end of the plan")
    weight: float
    mandatory: bool = False
    reason: str | None = Field(None, description="why the target is not reached, in English (reports use limits)")
    limits: list[GapLimit] = Field(default_factory=list, description="the limits that bind, lifted together "
                                                                        "they let a module for the next step in")


class ShareLine(PlanModel):
    tag: str
    min: float
    achieved: float
    hours: float


class AgentPlan(PlanModel):
    agent_id: str
    name: str = ""
    team: str = ""
    role: str = ""
    industry: str = ""
    site: str = ""
    hours_per_week: float = 0
    budget: float | None = None
    modules: list[PlannedModule] = []
    total_hours: float = 0
    total_cost: float = 0
    off_phone_cost: float = 0
    gaps_closed: float = Field(0, description="weighted tier steps closed by the plan")
    gaps_remaining: float = Field(0, description="weighted tier steps still open after the plan")
    gaps: list[GapLine] = []
    shares: list[ShareLine] = []
    kept: list[str] = Field(default_factory=list, description="modules kept from an earlier plan (--fix)")


class Session(PlanModel):
    module_id: str
    week: int
    participants: list[str]
    cost: float = Field(description="session_cost, paid once per session")
    site: str | None = Field(None, description="site the session runs at; None for a live online session")
    online: bool = False
    trainer: str | None = Field(None, description="trainer id (catalog trainers); None when the catalog has none")


Ended = Literal["optimal", "bound", "work", "clock"]


class SweepPoint(PlanModel):
    budget: float
    value: float
    cost: float
    status: Status
    marginal: float | None = Field(None, description="value gained per extra 1,000 CNY")
    bound: float | None = Field(None, description="proven upper bound on the value at this budget")
    gap: float | None = Field(None, description="relative optimality gap (bound - value) / bound, 0 when proven")
    ended: Ended | None = Field(
        None, description="how the search of this budget stopped: its value stage's ending, or clock when "
                          "the time limit cut any stage (another run may then differ)")


class Stage(PlanModel):
    """One step of the lexicographic solve: value, then cost, then finish."""

    name: Literal["value", "cost", "finish"]
    status: Status
    value: float
    bound: float
    seconds: float = 0
    ended: Ended | None = Field(
        None, description="why the stage stopped: proven optimal, reached the proven bound, used its "
                          "deterministic work (all reproducible), or cut by the time limit (another run may differ)")


class Plan(PlanModel):
    format_version: str = PLAN_FORMAT_VERSION
    kind: Literal["cohort", "agent"] = "cohort"
    status: Status
    objective: float = Field(description="weighted gap closure of the plan")
    bound: float = Field(description="proven upper bound on the weighted gap closure")
    gap: float = Field(description="relative optimality gap (bound - objective) / bound, 0 when proven")
    solver: str = ""
    solve_seconds: float = 0
    budget: float | None = None
    total_cost: float = 0
    weeks: int
    start_date: dt.date
    catalog: str = ""
    options: dict[str, object] = {}
    agents: list[AgentPlan] = []
    sessions: list[Session] = []
    infeasibility: list[str] = Field(default_factory=list, description="why targets cannot be met")
    sweep: list[SweepPoint] | None = None
    stages: list[Stage] = []

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
