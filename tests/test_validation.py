"""The independent checker catches each kind of broken plan, naming the rule and agent."""

from __future__ import annotations

from catalog_factory import competency, module
from competency.model.catalog import ShareRule
from competency.model.tiers import Tier
from competency.planner.plan.schema import Plan, PlannedModule, Session
from competency.planner.solve import solve
from competency.planner.plan.validation import check_plan
from test_planner_support import FAST, catalog, instance, ladder, learner


def _valid():
    inst = instance(ladder(), [learner("A1", targets={"c0": Tier.EXPERT}, hours_per_week=2, budget=500)])
    plan = solve(inst, FAST)
    assert check_plan(plan, inst.catalog, inst.learners) == []
    return inst, plan


def _with_modules(plan: Plan, modules: list[PlannedModule]) -> Plan:
    agent = plan.agents[0].model_copy(update={"modules": modules})
    return plan.model_copy(update={"agents": [agent]})


def rules_broken(inst, plan) -> set[tuple[str, str]]:
    return {(v.rule, v.agent_id) for v in check_plan(plan, inst.catalog, inst.learners)}


def test_a_module_before_its_prerequisite_is_caught():
    inst, plan = _valid()
    mods = [m.model_copy(update={"week": 4 - m.week}) for m in plan.agents[0].modules]
    assert ("prerequisites", "A1") in rules_broken(inst, _with_modules(plan, mods))


def test_too_many_hours_in_a_week_are_caught():
    inst, plan = _valid()
    mods = plan.agents[0].modules
    crowded = [mods[0], mods[1].model_copy(update={"week": mods[0].week})]
    assert ("hours", "A1") in rules_broken(inst, _with_modules(plan, crowded))


def test_overspending_a_personal_budget_is_caught():
    inst = instance(ladder(cost=400), [learner("A1", targets={"c0": Tier.ADVANCED}, budget=500)])
    plan = solve(inst, FAST)
    extra = PlannedModule(module_id="m_c0_advanced", week=2, hours=2, cost=400)
    assert ("budget", "A1") in rules_broken(inst, _with_modules(plan, plan.agents[0].modules + [extra]))


def test_a_missing_share_and_a_missing_mandatory_module_are_caught():
    cat = catalog([competency("c0"), competency("c1")], [
        module("m0", "c0", "basic"), module("m1", "c1", "basic", tags=["compliance_script"])])
    who = learner("A1", targets={"c0": Tier.BASIC}, mandatory={"c1": Tier.BASIC},
                  shares=(ShareRule(tag="compliance_script", min=0.5),))
    inst = instance(cat, [who])
    plan = solve(inst, FAST)
    only_m0 = [m for m in plan.agents[0].modules if m.module_id == "m0"]
    assert {("shares", "A1"), ("mandatory", "A1")} <= rules_broken(inst, _with_modules(plan, only_m0))


def test_a_class_below_its_minimum_size_is_caught():
    cat = catalog([competency("c0")], [module("g", "c0", "basic", mode="workshop", class_size={"min": 2, "max": 3})])
    inst = instance(cat, [learner("A1"), learner("A2")])
    plan = solve(inst, FAST)
    alone = plan.model_copy(update={
        "agents": [plan.agents[0], plan.agents[1].model_copy(update={"modules": []})],
        "sessions": [Session(module_id="g", week=1, participants=["A1"], cost=0)]})
    assert ("class_min", "") in rules_broken(inst, alone)


def test_a_misreported_objective_is_caught():
    inst, plan = _valid()
    assert ("reported", "") in rules_broken(inst, plan.model_copy(update={"objective": plan.objective + 1}))
