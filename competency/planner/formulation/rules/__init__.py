"""One module per business rule; each adds its constraints to a ``CohortModel``.

The order in ``RULES`` is the order the builder applies them; every rule only reads the
decision variables made by ``variables.add_decisions`` and the objective terms.
"""

from . import (budget, mandatory, mentoring, objective, prerequisites, reasons, sessions, shares, trainers,
               week_free, weekly_hours)

# objective and sessions first: they create the cost terms the budget rule limits; trainers
# after sessions, whose session variables they staff.
RULES = (objective, sessions, trainers, prerequisites, weekly_hours, budget, shares, mandatory, mentoring, reasons, week_free)

__all__ = ["RULES"]
