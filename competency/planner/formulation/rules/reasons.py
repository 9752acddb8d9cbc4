"""Rule: every booking has a reason a manager accepts, so nobody is booked to fill a class.

A booking of module m in week w is allowed only when, for the agent, it

- closes a gap step: m raises (c, t) with t up to the target and weighted, not held before w;
- is mandatory retraining: m retrains the failed tier (c, t), the first booking to do so;
- gives an entry level: m raises (c, t), not held before w, that a booking after w needs;
- is practice for a share rule: m carries the rule's tag and without m the agent's
  tagged hours would fall below the rule's minimum (so practice is never more than needed).

"Not held before w" is "no module raising exactly (c, t) was booked before w": tiers are
learned in order, so that is the only way to hold it. At most one module per (c, t) and
week keeps "first" exact. ``result.booking_reason`` names the reason for the plan file and
``validation.py`` re-checks it independently.
"""

from __future__ import annotations

from ....model.tiers import Tier
from ..variables import CohortModel, hours_int
from .shares import SHARE_SCALE

Node = tuple[str, int]


def add(cm: CohortModel) -> None:
    for learner in cm.learners:
        _agent(cm, learner)


def _agent(cm: CohortModel, learner) -> None:
    a, model = learner.agent_id, cm.model
    held = cm.levels[a]
    mods = cm.takes(a)
    providers: dict[Node, list[str]] = {}
    for m in mods:
        for r in m.raises:
            providers.setdefault((r.competency, int(r.tier)), []).append(m.id)
    fresh: dict[tuple[Node, int], object] = {}

    def first(node: Node, w: int):
        """True when no provider of ``node`` is booked before week w (a literal, or True)."""
        ps = providers[node]
        if len(ps) == 1:
            return True
        if (node, w) not in fresh:
            lit = model.NewBoolVar(f"fresh[{a},{node},{w}]")
            earlier = [cm.x[a, p, v] for p in ps for v in cm.weeks if v < w]
            if earlier:
                # lit => nothing earlier, written as a plain 0-1 row (the MIP back-ends take no
                # enforced rows).
                model.Add(sum(earlier) <= len(earlier) * (1 - lit))
            fresh[node, w] = lit
        return fresh[node, w]

    for node, ps in providers.items():
        if len(ps) > 1:
            for w in cm.weeks:
                model.Add(sum(cm.x[a, p, w] for p in ps) <= 1)
    targets = {c: int(t) for c, t in learner.targets.items() if learner.weight(c) > 0}
    mandatory = {(c, int(t)) for c, t in learner.mandatory.items() if t > Tier.NONE}
    practice = {m.id: _practice(cm, learner, m) for m in mods}
    for m in mods:
        for w in cm.weeks:
            lits, done = [], False
            for r in m.raises:
                node = (r.competency, int(r.tier))
                new = held.get(r.competency, Tier.NONE) < r.tier
                if node in mandatory or (new and r.tier <= targets.get(r.competency, 0)):
                    lit = first(node, w)
                    done = lit is True
                    lits.append(lit)
                elif new:
                    lits += _entry(cm, a, node, m.id, w, first(node, w))
                if done:
                    break
            if done:
                continue
            lits += practice[m.id]
            x = cm.x[a, m.id, w]
            model.AddBoolOr([lit for lit in lits if lit is not True]).OnlyEnforceIf(x) if lits else model.Add(x == 0)


def _entry(cm: CohortModel, a: str, node: Node, mid: str, w: int, fresh) -> list:
    """A literal meaning "this booking gives ``node`` first and a later booking needs it"."""
    later = [cm.x[a, n.id, v] for n in cm.takes(a) if n.id != mid and cm.index.entry[n.id].get(node[0], 0) >= node[1]
             for v in cm.weeks if v > w]
    if not later:
        return []
    lit = cm.model.NewBoolVar(f"entry[{a},{node},{mid},{w}]")
    cm.model.Add(sum(later) >= lit)
    if fresh is not True:
        cm.model.AddImplication(lit, fresh)
    return [lit]


def _practice(cm: CohortModel, learner, module) -> list:
    """One literal per share rule the module counts for: "without it the rule would fail"."""
    a, out = learner.agent_id, []
    for rule in learner.shares:
        if rule.tag not in module.tags:
            continue
        need = round(rule.min * SHARE_SCALE)
        # slack = sum h (SCALE*tagged - need) taken; without the module it is slack - h (SCALE - need),
        # and the rule fails then exactly when slack < h (SCALE - need).
        coeffs = [(hours_int(m.hours) * ((SHARE_SCALE if rule.tag in m.tags else 0) - need), cm.taken[a, m.id])
                  for m in cm.takes(a)]
        lit = cm.model.NewBoolVar(f"practice[{a},{module.id},{rule.tag}]")
        limit = hours_int(module.hours) * (SHARE_SCALE - need) - 1
        # lit => slack <= limit, as a big-M row: off, the row allows the largest slack there is.
        big = max(0, sum(c for c, _ in coeffs if c > 0) - limit)
        cm.model.Add(sum(c * v for c, v in coeffs) <= limit + big * (1 - lit))
        out.append(lit)
    return out
