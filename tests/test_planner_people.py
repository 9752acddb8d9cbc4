"""Planner behaviour with audiences, sites and trainers, on small instances."""

from __future__ import annotations

from catalog_factory import competency, module
from competency.model.tiers import Tier
from competency.planner.solve import solve
from test_planner_support import FAST, catalog, instance, learner

SITES = [{"id": "S1", "name": "Site one"}, {"id": "S2", "name": "Site two"}]


def two_workshops(trainer: dict, mode: str = "workshop"):
    return catalog([competency("c0"), competency("c1")],
                   [module("m_a", "c0", "basic", mode=mode, class_size={"min": 1, "max": 8}),
                    module("m_b", "c1", "basic", mode=mode, class_size={"min": 1, "max": 8})],
                   sites=SITES, trainers=[trainer])


def test_a_trainer_who_runs_out_is_named_with_their_weekly_limit():
    cat = two_workshops({"id": "T0", "name": "Wang", "modules": ["m_a", "m_b"], "sites": ["S1"],
                         "sessions_per_week": 1})
    a = learner("A0", targets={}, mandatory={"c0": Tier.BASIC}, site="S1")
    b = learner("A1", targets={}, mandatory={"c1": Tier.BASIC}, site="S1")
    plan = solve(instance(cat, [a, b], weeks=2, mandatory_within=1), FAST)
    assert plan.status == "PARTIAL"
    assert any("trainer T0 (Wang) teaching at most 1 sessions a week" in why for why in plan.infeasibility)


def test_in_person_sessions_stay_at_one_site_and_live_online_ones_mix_sites():
    trainer = {"id": "T0", "name": "Wang", "modules": ["m_a", "m_b"], "sites": ["S1", "S2"], "online": True}
    people = [learner("A0", targets={"c0": Tier.BASIC}, site="S1"), learner("A1", targets={"c0": Tier.BASIC}, site="S2")]
    by_site = solve(instance(two_workshops(trainer), people), FAST)
    assert sorted((s.site, s.participants) for s in by_site.sessions) == [("S1", ["A0"]), ("S2", ["A1"])]
    online = solve(instance(two_workshops(trainer, mode="live_online"), people), FAST)
    assert [(s.online, s.participants) for s in online.sessions] == [(True, ["A0", "A1"])]
    assert all(s.trainer == "T0" for s in by_site.sessions + online.sessions)


def test_nobody_is_booked_outside_a_modules_audience_and_the_gap_says_so():
    cat = catalog([competency("c0")], [module("m_fin", "c0", "basic", audience={"industries": ["i1"]})],
                  industries=[{"id": "i1", "name": "I1"}, {"id": "i2", "name": "I2"}])
    plan = solve(instance(cat, [learner("A0", targets={"c0": Tier.BASIC}, industry="i2", role="agent")]), FAST)
    assert plan.agent("A0").modules == []
    assert [lim.kind for lim in plan.agent("A0").gaps[0].limits] == ["audience"]


def test_no_one_is_sent_to_a_class_only_to_fill_it():
    cat = catalog([competency("c0")], [module("m_w", "c0", "basic", mode="workshop", class_size={"min": 2, "max": 8})])
    keen = learner("A0", targets={"c0": Tier.BASIC}, weights={"c0": 5})
    done = learner("A1", targets={"c0": Tier.BASIC}, levels={"c0": Tier.BASIC})
    plan = solve(instance(cat, [keen, done]), FAST)
    assert plan.sessions == [] and plan.agent("A1").modules == []
    assert [lim.kind for lim in plan.agent("A0").gaps[0].limits] == ["class_min"]
