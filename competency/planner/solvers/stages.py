"""The lexicographic objective's stages, shared by every back-end (compact CP-SAT, MIP, the
decomposition's master): what each stage optimises and what is held once it is done.

Re-plans only: "freeze" (keep the bookings people were told about: a promise that gives way
only where the rules leave no other way), "retraining" (failed assessments retrained within
the cycle) and "changes" (fewest bookings changed from the earlier plan).

A re-plan may trade a little value for a calmer calendar (``PlanningOptions.value_tolerance``,
the CLI's ``--value-tolerance``): the value stage then holds its best less that share, and
the changes stage minimises changes first and, among plans with as few, gives up as little
value as it can. One objective does both: ``K x changes + (best - value)`` with K one more
than the value that may be given up, so one change always outweighs all of it, and the
quotient of a division by K reads the changes (``figure``).
"""

from __future__ import annotations

import math

from ..formulation.variables import MONEY_SCALE, CohortModel
from ..problem.instance import WEIGHT_SCALE

# (name, the model's field of terms, maximise, scale of the stage's figures)
STAGES = (("freeze", "freeze_terms", False, 1), ("retraining", "retrain_terms", False, 1),
          ("value", "value_terms", True, WEIGHT_SCALE),
          ("changes", "change_terms", False, 1),
          ("cost", "cost_terms", False, MONEY_SCALE), ("finish", "finish_terms", False, 1))
REPLAN_ONLY = ("freeze", "retraining", "changes")


def may_give(cm: CohortModel, best_value: int) -> int:
    """The value (model units) a re-plan may give up to change fewer bookings."""
    share = cm.instance.options.value_tolerance
    if not cm.change_terms or share <= 0:
        return 0
    return math.floor(share * max(0, best_value))


class Objective:
    """Each stage's expression and what is held after it, for one model and one solve."""

    def __init__(self, cm: CohortModel):
        self.cm, self.best_value, self.give = cm, 0, 0

    def runs(self, stage: str) -> bool:
        return stage not in REPLAN_ONLY or bool(getattr(self.cm, _field(stage)))

    def expression(self, stage: str):
        terms = getattr(self.cm, _field(stage))
        if stage == "changes" and self.give:
            return (self.give + 1) * sum(terms) + self.best_value - sum(self.cm.value_terms)
        return sum(terms) if terms else 0

    def held(self, stage: str, objective: int) -> int:
        """The bound (>= for value, <= otherwise) that holds this stage's result."""
        if stage != "value":
            return objective
        self.best_value, self.give = objective, may_give(self.cm, objective)
        return objective - self.give

    def figure(self, stage: str, objective: float) -> float:
        """The stage's own figure: the changes stage's number of changes, whatever it weighed."""
        if stage == "changes" and self.give:
            return float(math.floor(objective / (self.give + 1) + 1e-9))
        return objective

    def reported(self, stage: str, progress):
        """``progress`` as the stage's own figures (changes, not the weighed objective)."""
        if progress is None or stage != "changes" or not self.give:
            return progress
        return lambda name, value, bound, seconds: progress(name, self.figure(stage, value),
                                                            self.figure(stage, bound), seconds)


def _field(stage: str) -> str:
    return next(field for name, field, _, _ in STAGES if name == stage)
