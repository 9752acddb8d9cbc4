"""Rule (linking): the cohort's spend, every seat plus each group session's price once
(``spend.py``, ``sessions.py``), stays within the run's budget."""

from __future__ import annotations

from ..variables import CohortModel, Guard, money_int


def add(cm: CohortModel) -> None:
    budget = cm.instance.options.budget
    if budget is not None and cm.cost_terms:
        enforce = cm.guard(Guard("cohort_budget"))
        cm.model.Add(sum(cm.cost_terms) <= money_int(budget)).OnlyEnforceIf(enforce)
