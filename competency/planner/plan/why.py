"""Why each booking of a schedule is there: the reason the plan file records.

The same four reasons ``rules/reasons.py`` allows, worked out from the finished schedule:
mandatory retraining first, then the gap step it closes, the entry level it gives a later
booking, and practice towards a share rule. A booking with none of them has no reason
(``None``): the optimiser never plans one, and the greedy baseline drops it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ...model.catalog import Catalog
from ...model.graph import apply, entry_levels
from ...model.tiers import Tier
from ..problem.instance import Learner
from .schema import BookingReason

Row = tuple[str, int]  # (module, week)


def booking_reasons(catalog: Catalog, learner: Learner, start: Mapping[str, Tier], rows: Sequence[Row],
                    entries: Mapping[str, dict] | None = None) -> dict[str, BookingReason | None]:
    """The reason of every booking in ``rows``, by module id."""
    modules = catalog.modules
    ordered = sorted(rows, key=lambda r: (r[1], r[0]))
    entry = entries or {mid: entry_levels(catalog, modules[mid]) for mid, _ in ordered}
    before: dict[int, dict[str, Tier]] = {}
    levels, week = dict(start), None
    for mid, w in ordered:
        if w != week:
            before[w], week = dict(levels), w
        levels = apply(modules[mid], levels)
    retrained: set[tuple[str, int]] = set()
    out: dict[str, BookingReason | None] = {}
    for mid, w in ordered:
        held = before[w]
        out[mid] = (_mandatory(modules[mid], learner, retrained)
                    or _gap(modules[mid], learner, held)
                    or _entry(modules[mid], held, [(n, v) for n, v in ordered if v > w], entry)
                    or _practice(catalog, modules[mid], learner, [n for n, _ in ordered]))
    return out


def _mandatory(module, learner: Learner, retrained: set) -> BookingReason | None:
    for r in module.raises:
        node = (r.competency, int(r.tier))
        if learner.mandatory.get(r.competency, Tier.NONE) == r.tier and r.tier > Tier.NONE and node not in retrained:
            retrained.add(node)
            return BookingReason(kind="mandatory", competency=r.competency, tier=int(r.tier))
    return None


def _gap(module, learner: Learner, held: Mapping[str, Tier]) -> BookingReason | None:
    for r in sorted(module.raises, key=lambda r: (-learner.weight(r.competency), r.competency)):
        target = learner.targets.get(r.competency, Tier.NONE)
        if held.get(r.competency, Tier.NONE) < r.tier <= target and learner.weight(r.competency) > 0:
            return BookingReason(kind="gap", competency=r.competency, tier=int(r.tier))
    return None


def _entry(module, held: Mapping[str, Tier], later: list[Row], entry: Mapping[str, dict]) -> BookingReason | None:
    for r in module.raises:
        if held.get(r.competency, Tier.NONE) >= r.tier:
            continue
        for mid, _ in later:
            if mid != module.id and entry[mid].get(r.competency, Tier.NONE) >= r.tier:
                return BookingReason(kind="entry", competency=r.competency, tier=int(r.tier), for_module=mid)
    return None


def _practice(catalog: Catalog, module, learner: Learner, mids: list[str]) -> BookingReason | None:
    total = sum(catalog.modules[m].hours for m in mids)
    for rule in learner.shares:
        if rule.tag not in module.tags:
            continue
        tagged = sum(catalog.modules[m].hours for m in mids if rule.tag in catalog.modules[m].tags)
        # Needed: without this booking the rule would fail (the optimiser's exact condition).
        if tagged - module.hours < rule.min * (total - module.hours) - 1e-9:
            return BookingReason(kind="practice", share=rule.tag)
    return None
