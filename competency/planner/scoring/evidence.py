"""Evidence rules: which tier an agent holds, read from their assessment history.

A rule is chosen per catalog (section ``evidence:``) or per run (``competency gaps
--rule ...``). Self-evaluations and KPI evidence are kept in the history but only count
when the rule's ``kinds`` include them: by default only formal ratings decide a tier.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Iterable, Literal

from ...model.catalog import Catalog, Competency
from ...model.profile import Assessment, EvidenceKind
from ...model.tiers import Tier

Method = Literal["latest", "highest", "decaying"]
METHODS: tuple[str, ...] = ("latest", "highest", "decaying")
DAYS_PER_MONTH = 30.44


@dataclass(frozen=True)
class EvidenceRule:
    method: Method = "latest"
    kinds: tuple[EvidenceKind, ...] = ("formal",)
    max_age_months: float | None = None  # recency cut-off: older evidence is ignored
    half_life_months: float = 6.0  # for "decaying": weight halves every half-life
    as_of: dt.date | None = None  # None: the agent's most recent evidence date

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"unknown evidence method {self.method!r}; use one of {', '.join(METHODS)}")
        if not self.kinds or any(k not in ("formal", "self", "kpi") for k in self.kinds):
            raise ValueError("kinds must be a non-empty subset of formal, self, kpi")
        if self.half_life_months <= 0 or (self.max_age_months is not None and self.max_age_months <= 0):
            raise ValueError("half_life_months and max_age_months must be positive")

    def describe(self) -> dict[str, object]:
        return {"method": self.method, "kinds": list(self.kinds), "max_age_months": self.max_age_months,
                "half_life_months": self.half_life_months,
                "as_of": self.as_of.isoformat() if self.as_of else None}

    def state(self, history: Iterable[Assessment], as_of: dt.date) -> tuple[Tier, bool]:
        """(current tier, mandatory retraining?) from a history sorted oldest first.

        Only entries dated up to ``as_of`` and inside the recency cut-off count. The tier
        comes from the entries of the rule's ``kinds`` (``_tier``); retraining is mandatory
        when the latest formal entry was failed. One pass: ``gaps`` for 100,000 agents calls
        this four million times.
        """
        oldest = -1.0 if self.max_age_months is None else self.max_age_months * DAYS_PER_MONTH
        kinds = self.kinds
        usable: list[Assessment] = []
        formal = None
        for a in history:
            if a.date > as_of or (oldest >= 0 and (as_of - a.date).days > oldest):
                continue
            if a.kind in kinds:
                usable.append(a)
            if a.kind == "formal":
                formal = a
        if self.method == "latest":  # the common rule, without a call
            tier = usable[-1].tier if usable else Tier.NONE
        else:
            tier = self._tier(usable)
        return tier, formal is not None and not formal.passed

    def current(self, history: list[Assessment], as_of: dt.date) -> Tier:
        return self.state(history, as_of)[0]

    def failed(self, history: list[Assessment], as_of: dt.date) -> bool:
        """The latest formal assessment in the window was failed: mandatory retraining."""
        return self.state(history, as_of)[1]

    def _tier(self, entries: list[Assessment]) -> Tier:
        if not entries:
            return Tier.NONE
        if self.method == "latest":
            return entries[-1].tier
        if self.method == "highest":
            return max(a.tier for a in entries)
        # Ages counted from the newest entry, not from as_of: the common factor cancels in the
        # mean, and the newest weight is 1, so centuries-old evidence cannot underflow every weight to 0.
        newest = max(a.date for a in entries)
        weights = [0.5 ** ((newest - a.date).days / (self.half_life_months * DAYS_PER_MONTH)) for a in entries]
        mean = sum(w * int(a.tier) for w, a in zip(weights, entries)) / sum(weights)
        return Tier(min(3, math.floor(mean + 0.5)))  # round half up: 1.5 -> advanced


def rule_from_config(config: object, where: str = "evidence") -> EvidenceRule:
    """Build a rule from the catalog's ``evidence:`` section or a CLI option set."""
    if config is None:
        return EvidenceRule()
    if not isinstance(config, dict):
        raise ValueError(f"{where}: expected a mapping with method, kinds, max_age_months, half_life_months")
    unknown = set(config) - {"method", "kinds", "max_age_months", "half_life_months", "as_of"}
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    values = dict(config)
    if "kinds" in values:
        kinds = values["kinds"]
        values["kinds"] = tuple(kinds.split(",") if isinstance(kinds, str) else kinds)
    if isinstance(values.get("as_of"), str):
        values["as_of"] = dt.date.fromisoformat(values["as_of"])
    return EvidenceRule(**values)


def catalog_rule(catalog: Catalog) -> EvidenceRule:
    return rule_from_config(catalog.extras.get("evidence"), "catalog evidence")


def kpi_tier(competency: Competency, metric: str, value: float) -> Tier | None:
    """Highest tier whose KPI thresholds on ``metric`` the value meets, climbing from basic.

    None when no tier of the competency measures this metric; NONE when the value misses
    the lowest threshold. A tier that does not measure the metric does not stop the climb.
    """
    measured = [(t, [k for k in competency.tiers[t].kpi if k.metric == metric]) for t in sorted(competency.tiers)]
    measured = [(t, ks) for t, ks in measured if ks]
    if not measured:
        return None
    reached = Tier.NONE
    for tier, thresholds in measured:
        if not all(k.met_by(value) for k in thresholds):
            break
        reached = tier
    return reached


@dataclass(frozen=True)
class KpiNote:
    metric: str
    value: float
    date: dt.date
    misses: list[str] = field(default_factory=list)  # "advanced: <= 30 s"

    def text(self) -> str:
        if self.misses:
            return f"{self.metric} {self.value:g} on {self.date}: misses {'; '.join(self.misses)}"
        return f"{self.metric} {self.value:g} on {self.date}: meets every threshold up to the target"


def kpi_notes(competency: Competency, history: list[Assessment], target: Tier) -> list[KpiNote]:
    """Latest KPI value per metric, checked against every threshold up to the target tier."""
    latest: dict[str, Assessment] = {}
    for entry in history:
        if entry.kind == "kpi" and entry.metric and entry.score is not None:
            latest[entry.metric] = entry
    if not latest:
        return []
    notes = []
    for metric in sorted(latest):
        entry = latest[metric]
        misses = [
            f"{tier.key} {'<=' if k.max is not None else '>='} {k.max if k.max is not None else k.min:g}"
            + (f" {k.unit}" if k.unit else "")
            for tier in sorted(competency.tiers) if tier <= target
            for k in competency.tiers[tier].kpi if k.metric == metric and not k.met_by(entry.score)
        ]
        notes.append(KpiNote(metric, entry.score, entry.date, misses))
    return notes
