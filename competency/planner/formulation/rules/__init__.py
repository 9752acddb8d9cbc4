"""One module per business rule; each adds its constraints to a ``CohortModel``.

Rules are per agent (they read one agent's bookings: they price the columns of the
decomposition solver) or linking (they tie agents together: sessions and their class sizes,
trainers, mentors, the cohort budget, weekly caps: the rows of its master problem). The
compact model applies them all, in ``RULES`` order; every rule only reads the decision
variables made by ``variables.add_decisions`` and the objective terms.
"""

from . import (budget, cohort_budget, mandatory, mentoring, prerequisites, reasons, sessions, shares, spend,
               stability, trainers, value, week_free, weekly_hours)

PER_AGENT = (value, prerequisites, weekly_hours, budget, shares, mandatory, reasons)
# spend and sessions first: they create the cost terms the cohort budget limits; trainers
# after sessions, whose session variables they staff.
LINKING = (spend, sessions, trainers, cohort_budget, mentoring)
# week_free after the rules it reasons about (personal plans only, rules/week_free.py);
# stability last: a re-plan's rule (issue "evaluation cycles"), it pins the session and
# trainer variables the rules before it made.
RULES = (value, spend, sessions, trainers, prerequisites, weekly_hours, budget, cohort_budget, shares, mandatory,
         mentoring, reasons, week_free, stability)

__all__ = ["LINKING", "PER_AGENT", "RULES"]
