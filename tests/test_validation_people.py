"""The independent checker catches each broken rule of audiences, sites, trainers and
booking reasons, on plans tampered with after a clean solve."""

from __future__ import annotations

from catalog_factory import competency, module
from competency.model.tiers import Tier
from competency.planner.solve import solve
from competency.planner.plan.validation import check_plan
from test_planner_support import FAST, catalog, instance, learner

SITES = [{"id": "S1", "name": "One"}, {"id": "S2", "name": "Two"}]
TRAINER = {"id": "T0", "name": "Wang", "modules": ["m_w"], "sites": ["S1", "S2"], "sessions_per_week": 1}


def setting():
    cat = catalog([competency("c0"), competency("c1")],
                  [module("m_w", "c0", "basic", mode="workshop", class_size={"min": 1, "max": 8}),
                   module("m_fin", "c1", "basic", audience={"industries": ["i1"]})],
                  industries=[{"id": "i1", "name": "I1"}, {"id": "i2", "name": "I2"}], sites=SITES, trainers=[TRAINER])
    people = [learner("A0", targets={"c0": Tier.BASIC, "c1": Tier.BASIC}, site="S1", industry="i1", role="agent"),
              learner("A1", targets={"c0": Tier.BASIC, "c1": Tier.BASIC}, site="S2", industry="i2", role="agent")]
    inst = instance(cat, people)
    plan = solve(inst, FAST)
    assert check_plan(plan, cat, inst.learners) == []
    return inst, plan


def rules_broken(inst, plan) -> set[str]:
    return {v.rule for v in check_plan(plan, inst.catalog, inst.learners)}


def test_a_booking_outside_the_modules_audience_is_caught():
    inst, plan = setting()
    fin = plan.agent("A0").modules[[m.module_id for m in plan.agent("A0").modules].index("m_fin")]
    plan.agent("A1").modules.append(fin.model_copy())
    plan.agent("A1").total_hours += fin.hours
    plan.agent("A1").total_cost += fin.cost
    assert "audience" in rules_broken(inst, plan)


def test_an_in_person_session_mixing_sites_is_caught():
    inst, plan = setting()
    first, second = sorted(plan.sessions, key=lambda s: s.site)
    first.participants = sorted(first.participants + second.participants)
    plan.sessions.remove(second)
    assert "sites" in rules_broken(inst, plan)


def test_a_session_without_a_trainer_or_beyond_their_week_is_caught():
    inst, plan = setting()
    plan.sessions[0].trainer = None
    assert "trainer" in rules_broken(inst, plan)
    inst, plan = setting()
    for agent in plan.agents:  # both sessions into one week: one trainer, one session a week
        for m in agent.modules:
            if m.module_id == "m_w":
                m.week = 1
    for s in plan.sessions:
        s.week = 1
    assert "trainer" in rules_broken(inst, plan)


def test_a_booking_without_a_recorded_or_a_true_reason_is_caught():
    inst, plan = setting()
    plan.agent("A0").modules[0].reason = None
    assert "reasons" in rules_broken(inst, plan)
    inst, plan = setting()
    booking = plan.agent("A0").modules[0]
    booking.reason = booking.reason.model_copy(update={"kind": "mandatory"})
    assert "reasons" in rules_broken(inst, plan)
