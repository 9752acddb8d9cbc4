"""How a stage's work is split into searches: which of CP-SAT's searches run, in which order,
with what share of ``--work`` (search.py runs them and says why each exists).

Every search here is stopped by its deterministic work, so the split decides the plan: a
change to a share changes plans, and the cycles benchmark's figures with them
(docs/performance.md).
"""

from __future__ import annotations

# Share of the work per stage: (local search, neighbourhood search). In a re-plan, the value
# stage's second share passes to the later stages when the value stage is proven without it.
# The changes stage (re-plans) gets neighbourhood search too: local search alone leaves it
# far from its bound (sample cohort, cycle 1: 177 changed bookings; with the share below 97;
# 0.45 of local search alone gives 152; docs/performance.md "Evaluation cycles").
SHARES = {"freeze": (0.1, 0.0), "retraining": (0.1, 0.0), "value": (0.3, 0.15), "changes": (0.15, 0.3), "cost": (0.35, 0.0), "finish": (0.15, 0.0)}
# A big model's fresh plan (no calendar to keep) searches its cost and finish stages by
# neighbourhood search alone (``stage_phases``). From the value stage's plan, on the sample
# cohort, 0.96 deterministic seconds of it give 100,570 CNY where 6 of local search gave
# 101,510, and a finish of 1,554 where 0.9 of local search gave 1,878 (docs/performance.md).
FRESH_SHARES = SHARES | {"cost": (0.0, 0.08), "finish": (0.0, 0.08)}


def stage_phases(stage: str, work: float, big: bool, cohort: bool, polish: float, carry: float,
                 reserve: float = 0.0, fresh: bool = False, budget: bool = False) -> list[tuple[str, float]]:
    """The phases of one stage, as (kind, work). ``polish``: a small model's first try at cost
    or finish; ``carry``: work the value stage did not need; ``reserve``: the least work a
    personal plan keeps for its cost and finish stages; ``fresh``: a plan with no calendar to
    keep (no plan before it: not a re-plan); ``budget``: the cohort has a budget."""
    local, lns = (work * share for share in (FRESH_SHARES if big and fresh else SHARES)[stage])
    if big:
        if stage == "value":
            # From the greedy plan, neighbourhood search reaches the sample cohort's optimum
            # (688.425) in 0.73 deterministic seconds, where local search stalled at 598 after
            # 3.6. A re-plan's value stage too: its changes stage keeps the calendar afterwards,
            # and with local search first it reached 96.9 % of the plans from scratch over four
            # quarterly cycles of the sample (seed 0; docs/performance.md, seventh session).
            # Under a budget the value is a trade-off that local search climbs better: the
            # sample under 60,000 CNY plans 518.9 that way and 482.6 by neighbourhoods first.
            order = [("local", local), ("lns", lns)] if budget else [("lns", lns), ("local", local)]
        elif fresh:
            # Cost and finish (FRESH_SHARES: neighbourhood search alone): from the value
            # stage's plan, 0.96 of it gives 100,570 CNY where 6 of local search gave 101,510.
            order = [("lns", lns), ("local", local)]
        else:
            # A re-plan's later stages start with local search, which stays near its hint.
            order = [("local", local + carry), ("lns", lns)]
        return [(kind, w) for kind, w in order if w > 0]
    tree = "tree" if cohort else "proof"
    if stage == "value" and not cohort:
        # A personal plan's cost and finish stages only polish, so its value stage may use the
        # work they leave: the three sample new hires the value share (0.45) left unproven at
        # the benchmark's work 4 are proven with it. It stops on its proof, as before.
        return [(tree, max(local + lns, work - reserve))]
    if stage in ("value", "freeze", "retraining"):
        return [(tree, local + lns)]
    # A short tree search proves most small models; a cohort's unproven cost or finish then
    # goes to local search, which cuts cost further than more tree search does.
    return [(tree, min(local + lns, polish))] + ([("local", local + lns)] if cohort else [])
