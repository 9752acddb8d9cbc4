"""Build the CP-SAT model of a planning instance: decisions first, then one rule at a time."""

from __future__ import annotations

from ..problem.candidates import CatalogIndex, candidate_table, start_levels
from ...model.catalog import Module
from ..problem.instance import Instance
from .rules import RULES
from .variables import CohortModel, add_decisions


def build_model(instance: Instance, explain: bool = False,
                candidates: dict[str, list[Module]] | None = None, rules: tuple = RULES) -> CohortModel:
    """``explain`` puts every constraint group behind a literal so conflicts can be named;
    ``candidates`` reuses an earlier candidate table (relaxations of the same cohort);
    ``rules``: all of them (the compact model), or the per-agent or linking ones alone (the
    pricing and master problems of ``decomposition/``)."""
    index = CatalogIndex(instance.catalog)
    cm = CohortModel(
        instance=instance,
        index=index,
        candidates=candidates if candidates is not None else candidate_table(instance, index),
        levels={a.agent_id: start_levels(instance, a) for a in instance.learners},
        explain=explain,
    )
    add_decisions(cm)
    for rule in rules:
        rule.add(cm)
    return cm
