"""A plan's bookings made whole: every variable of the model set, for a search to start from.

Why: a hint of bookings alone (``x``, ``taken``) leaves the sessions, booking reasons,
trainers and stability rows open, and CP-SAT's local search must repair those before it
holds any plan. In a re-plan's stages before value (kept promises, retraining) that can take
more than the stage's work: on the cycles benchmark's ``--seed 1`` the retraining stage
found no plan, and the floor came back unsearched (22 promises broken, 76 % of the value
from scratch). Such a stage now searches again from a whole plan (``search_from_whole``).

The bookings are fixed on a copy of the model and the rest solved, stopped by deterministic
work, with value counted (left free, the credit for a closed step would come back 0).

A fresh plan of a big cohort starts from its floor made whole, and each phase and stage from
the whole plan the one before found (``start_from``; compact.py): from the greedy plan hinted
by its bookings alone, the sample's local search took 2 s to reach 446 and stalled at 645;
hinted whole, it starts at 446. A stage after value that finds no plan in its work (presolve
can take all of a small share) ends on the plan the stage before left (``held_plan``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from ortools.sat.python import cp_model

from ..formulation.variables import CohortModel
from ..plan.result import Booking
from .search import StageResult, one_thread

COMPLETE_WORK = 1.0  # deterministic seconds; the sample cohort's greedy plan needs 0.003


def complete(cm: CohortModel, chosen: set[tuple[str, str, int]], config, deadline: float) -> list[int] | None:
    """Every variable's value in a plan of exactly the bookings ``chosen`` (agent, module,
    week), or None where those bookings break a rule or the work runs out."""
    trial = cm.model.clone()
    for key, var in cm.x.items():
        trial.Add(trial.GetBoolVarFromProtoIndex(var.Index()) == int(key in chosen))
    trial.Maximize(sum(cm.value_terms))
    trial.ClearHints()
    solver = one_thread(config, COMPLETE_WORK, deadline)
    if solver.Solve(trial) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return list(solver.ResponseProto().solution)


def hint_solution(model: cp_model.CpModel, solution: Sequence[int]) -> None:
    """Hint every variable of ``model`` with ``solution`` (one value per variable, in order)."""
    model.ClearHints()
    hint = model.Proto().solution_hint
    hint.vars.extend(range(len(solution)))
    hint.values.extend(solution)


def worth(model: cp_model.CpModel, solution: Sequence[int], config, deadline: float) -> float | None:
    """The model's current objective at ``solution`` (None: not a plan of the model as it is,
    or not told within the work). Leaves the model hinted with ``solution``."""
    hint_solution(model, solution)
    solver = one_thread(config, COMPLETE_WORK, deadline)
    solver.parameters.fix_variables_to_their_hinted_value = True
    if solver.Solve(model) != cp_model.OPTIMAL:
        return None
    return solver.ObjectiveValue()


def objective_at(model: cp_model.CpModel, solution: Sequence[int]) -> tuple[float, float]:
    """The model's current objective at ``solution``, and the best any plan could reach on its
    variables' domains alone (a bound that needs no search)."""
    proto = model.Proto()
    objective, scale = proto.objective, proto.objective.scaling_factor or 1.0
    at, best = objective.offset, objective.offset
    for ref, coeff in zip(objective.vars, objective.coeffs):
        var = ref if ref >= 0 else -ref - 1
        value = solution[var] if ref >= 0 else 1 - solution[var]
        domain = list(proto.variables[var].domain)  # the proto's fields take no negative index
        low, high = domain[0], domain[-1]
        if ref < 0:
            low, high = 1 - high, 1 - low
        at += coeff * value
        best += min(coeff * low, coeff * high)  # CP-SAT minimises the unscaled objective
    return scale * at, scale * best


def held_plan(model: cp_model.CpModel, held: StageResult, searched: StageResult) -> StageResult:
    """A stage that found no plan in its work (CP-SAT's presolve alone can take a small share)
    ends on the plan the stage before left, which keeps every rule and what that stage held:
    it is recorded, and the later stages still run, rather than the stage vanishing."""
    objective, bound = objective_at(model, held.solution)
    return StageResult("FEASIBLE", held.values, objective, bound, searched.ended, searched.seconds,
                       searched.work, held.solution)


def hint_values(cm: CohortModel, values: dict) -> None:
    """Hint the named variables found in ``values`` (``CohortModel.named_variables``); the rest stay open."""
    cm.model.ClearHints()
    for key, var in cm.named_variables():
        if key in values:
            cm.model.AddHint(var, values[key])


# Times the stage's work, for a stage searched again from a whole plan. The stage's own work
# (1.2 det. s at the default) can be less than CP-SAT's presolve of a sample re-plan: from the
# promises stage's whole plan, the seed-1 retraining stage found nothing in 1.2 and its
# optimum (one retraining missing) in 3.0, where carrying that plan over left 16 missing.
RETRY_WORK = 3.0


def search_from_whole(cm: CohortModel, hint: list[Booking] | None, held: StageResult | None, searched: StageResult,
                      search: Callable[[float], StageResult], config, deadline: float) -> StageResult:
    """A re-plan's stage before value (kept promises, retraining) that found no plan in its
    work (``searched``) searches again, with ``RETRY_WORK`` times the work, from a whole
    plan: the stage before's (``held``), or the re-plan's floor (``hint``, a valid plan) made
    whole; failing that, it ends on that plan."""
    if held is not None:
        solution = held.solution
    else:
        solution = complete(cm, {(b.agent_id, b.module_id, b.week) for b in hint}, config, deadline) if hint else None
    objective = worth(cm.model, solution, config, deadline) if solution is not None else None
    if objective is None:
        return searched
    again = search(RETRY_WORK)  # worth() left the model hinted with the whole plan
    if again.values is not None:
        return replace(again, seconds=searched.seconds + again.seconds, work=searched.work + again.work)
    values = {key: solution[var.Index()] for key, var in cm.named_variables()}
    # These stages count what was not kept, so 0 bounds them.
    return StageResult("OPTIMAL" if objective == 0 else "FEASIBLE", values, objective, 0.0, searched.ended,
                       searched.seconds + again.seconds, searched.work + again.work, tuple(solution))


def start_from(cm: CohortModel, hint: list[Booking], whole: bool, config, deadline: float) -> None:
    """Hint the model with a plan's bookings: made whole where ``whole`` (a fresh plan of a big
    cohort), else its bookings alone (a re-plan's local search stays near them; the tree search
    completes a hint itself)."""
    chosen = {(b.agent_id, b.module_id, b.week) for b in hint}
    solution = complete(cm, chosen, config, deadline) if whole else None
    if solution is not None:
        hint_solution(cm.model, solution)
        return
    schedule = {}
    for b in hint:
        schedule.setdefault(b.agent_id, set()).add((b.module_id, b.week))
    hint_values(cm, {("x", *k): int(k in chosen) for k in cm.x}
                | {("taken", a, m): int(any((a, m, w) in chosen for w in cm.weeks)) for a, m in cm.taken}
                | {("column", *k): int(slots == schedule.get(k[0], set())) for k, slots in cm.column_slots.items()})
