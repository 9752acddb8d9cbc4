"""Small planning instances for the planner tests (imported by them; holds no tests).

Catalogs are built as the YAML a user would write (tests/catalog_factory.py), then
validated by the same pydantic types the loader uses.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

from catalog_factory import TIERS, competency, module
from competency.model.catalog import Catalog, ShareRule
from competency.model.tiers import Tier
from competency.planner.problem.instance import Instance, Learner, PlanningOptions
from competency.planner.solve import SolverConfig

FAST = SolverConfig(time_limit=10, workers=1, seed=0)


def catalog(comps: list[dict], modules: list[dict], industries: list[dict] | None = None,
            sites: list[dict] | None = None, trainers: list[dict] | None = None) -> Catalog:
    return Catalog.model_validate({
        "domains": {"core": {"id": "core", "name": "Core"}},
        "competencies": {c["id"]: c for c in comps},
        "modules": {m["id"]: m for m in modules},
        "roles": {"agent": {"id": "agent", "name": "Agent", "targets": {}}},
        "industries": {i["id"]: i for i in industries or [{"id": "general", "name": "General"}]},
        "sites": {s["id"]: s for s in sites or []},
        "trainers": {t["id"]: t for t in trainers or []},
    })


def ladder(cids: tuple[str, ...] = ("c0", "c1", "c2"), hours: float = 2, cost: float = 100) -> Catalog:
    """One individual module per (competency, tier)."""
    comps = [competency(c) for c in cids]
    return catalog(comps, [module(f"m_{c}_{t}", c, t, hours=hours, cost=cost) for c in cids for t in TIERS])


def learner(agent_id: str = "A1", **fields) -> Learner:
    fields.setdefault("levels", {})
    fields.setdefault("targets", {"c0": Tier.ADVANCED})
    fields.setdefault("weights", {})
    return Learner(agent_id=agent_id, **fields)


def instance(cat: Catalog, learners: list[Learner], **options) -> Instance:
    options.setdefault("weeks", 3)
    options.setdefault("start_date", dt.date(2026, 10, 5))
    return Instance(cat, tuple(learners), PlanningOptions(**options))


def random_instance(seed: int, people: bool = False) -> Instance:
    """2-3 agents, 6-8 modules, 3 weeks: small enough to enumerate every plan. ``people``
    adds audiences, two sites, live online modules and trainers, drawn from a second random
    stream so the instances without them stay as they were."""
    rng = random.Random(seed)
    cids = ("c0", "c1", "c2")
    comps = [competency("c0"), competency("c1", prerequisites=[{"tier": "advanced", "needs": "c0", "needs_tier": "basic"}]),
             competency("c2")]
    slots = [(c, t) for c in cids for t in TIERS[:2]]
    rng.shuffle(slots)
    slots = slots[: rng.randint(5, 6)] + [(rng.choice(cids), rng.choice(TIERS[:2])) for _ in range(2)]
    modules = []
    for k, (cid, tier) in enumerate(slots[: rng.randint(6, 8)]):
        kind = rng.random()
        extra: dict = {"tags": ["focus"]} if rng.random() < 0.3 else {}
        if kind < 0.35:
            low = rng.choice((1, 2))
            extra |= {"mode": "workshop", "session_cost": float(rng.choice((0, 200, 400))),
                      "class_size": {"min": low, "max": rng.choice((low, 3))}}
        elif kind < 0.45:
            extra["mode"] = "mentoring"
        modules.append(module(f"m{k}", cid, tier, hours=float(rng.choice((1, 1.5, 2, 3))),
                              cost=float(rng.choice((0, 100, 250))), **extra))
    if not any("focus" in m.get("tags", []) for m in modules):
        modules[0]["tags"] = ["focus"]
    extra_people = _people(random.Random(10_000 + seed), modules) if people else {}
    cat = catalog(comps, modules, **extra_people)
    learners = []
    for a in range(rng.randint(2, 3)):
        mandatory = {"c2": Tier.BASIC} if rng.random() < 0.15 else {}
        learners.append(Learner(
            agent_id=f"A{a}", team=rng.choice(("T1", "T2")),
            levels={c: Tier(rng.choice((0, 0, 1))) for c in cids} | ({"c0": Tier.EXPERT} if a == 0 else {}),
            targets={c: Tier(rng.randint(1, 2)) for c in cids if rng.random() < 0.8},
            weights={c: rng.choice((0.5, 1.0, 2.0, 3.0)) for c in cids},
            mandatory=mandatory, hours_per_week=float(rng.choice((2, 3, 4))),
            budget=rng.choice((None, None, 300.0)),
            shares=(ShareRule(tag="focus", min=0.3),) if rng.random() < 0.25 else (),
        ))
    if people:
        who = random.Random(20_000 + seed)
        learners = [replace(a, industry=who.choice(("i1", "i2")), role="agent", site=who.choice(("S1", "S2")))
                    for a in learners]
    return instance(cat, learners, budget=rng.choice((None, None, 600.0)),
                    team_cap=rng.choice((None, None, 1)), sessions_per_week=rng.choice((None, None, 1)),
                    mentor_max_mentees=1)


def _people(rng: random.Random, modules: list[dict]) -> dict:
    """Audiences on some modules, live online group modules, and 1-2 trainers with small
    weekly capacity, some away in week 2 (instances start 2026-10-05)."""
    for m in modules:
        if rng.random() < 0.25:
            m["audience"] = {"industries": [rng.choice(("i1", "i2"))]}
        if m.get("mode") == "workshop" and rng.random() < 0.3:
            m["mode"] = "live_online"
    group = [m["id"] for m in modules if m.get("mode") in ("workshop", "live_online")]
    trainers = []
    if group and rng.random() < 0.8:
        for k in range(rng.randint(1, 2)):
            trainers.append({
                "id": f"T{k}", "name": f"Trainer {k}", "modules": rng.sample(group, rng.randint(1, len(group))),
                "sites": rng.sample(["S1", "S2"], rng.randint(1, 2)), "online": rng.random() < 0.5,
                "sessions_per_week": rng.choice((1, 2, None)),
                "away": [{"start": "2026-10-12", "end": "2026-10-16"}] if rng.random() < 0.3 else []})
    industries = [{"id": "i1", "name": "I1"}, {"id": "i2", "name": "I2"}]
    return {"industries": industries, "sites": [{"id": "S1", "name": "S1"}, {"id": "S2", "name": "S2"}],
            "trainers": trainers}
