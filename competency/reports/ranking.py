"""The one ranking of gaps, shared by ``competency gaps`` and the IDP (docs/gaps.md).

Severity is the gap scorer's (``planner.scoring.gaps.severity``): weight x tier steps open, plus
one weight for mandatory retraining. Ties go to mandatory retraining, then to the higher
weight, then to the competency id, so the order is the same in every output.
"""

from __future__ import annotations

from ..model.tiers import Tier
from ..planner.scoring.gaps import severity

RANK_NOTE = {
    "en": "Ranked by severity = weight × tiers open (+1 tier for mandatory retraining), "
          "mandatory first on ties.",
    "zh": "按严重度排序：严重度 = 权重 × 未达级数（强制复训另加 1 级），严重度相同时强制复训在前。",
}


def rank_key(severity_: float, mandatory: bool, weight: float, competency: str) -> tuple:
    """Sort key, most severe first: the order ``planner.scoring.gaps.score_agent`` gives its gaps."""
    return (-severity_, not mandatory, -weight, competency)


def gap_rank_key(gap) -> tuple:
    """Key for a ``planner.scoring.gaps.Gap`` (``competency gaps``)."""
    return rank_key(gap.severity, gap.mandatory, gap.weight, gap.competency)


def line_severity(current: int, target: int, weight: float, mandatory: bool) -> float:
    """Severity of a plan gap line at plan start (current tier, target, weight, mandatory)."""
    return severity(Tier(max(0, min(3, current))), Tier(max(0, min(3, target))), weight, mandatory)


def level_rank_key(level) -> tuple:
    """Key for a plan gap line or a ``reports.levels.CompetencyLevel`` (the IDP)."""
    return rank_key(line_severity(level.current, level.target, level.weight, level.mandatory),
                    level.mandatory, level.weight, level.competency)
