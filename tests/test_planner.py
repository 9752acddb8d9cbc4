"""What a planner user relies on, rule by rule, on small hand-made instances.

Every plan produced here also passes the independent checker.
"""

from __future__ import annotations

import datetime as dt

from catalog_factory import competency, module
from competency.model.catalog import ShareRule
from competency.model.tiers import Tier
from competency.planner.problem.instance import FixedModule
from competency.planner.plan.schema import Plan
from competency.planner.solve import solve
from competency.planner.plan.validation import check_plan
from test_planner_support import FAST, catalog, instance, ladder, learner


def plan_of(inst) -> Plan:
    plan = solve(inst, FAST)
    assert check_plan(plan, inst.catalog, inst.learners) == []
    return plan


def booked(plan: Plan, agent_id: str = "A1") -> list[tuple[str, int]]:
    return [(m.module_id, m.week) for m in plan.agent(agent_id).modules]


def test_tiers_are_learned_in_order_one_week_after_another():
    plan = plan_of(instance(ladder(), [learner(targets={"c0": Tier.EXPERT}, hours_per_week=10)]))
    assert booked(plan) == [("m_c0_basic", 1), ("m_c0_advanced", 2), ("m_c0_expert", 3)]
    assert plan.status == "OPTIMAL" and plan.objective == 3 and plan.gap == 0


def test_weekly_hours_limit_how_much_is_learned():
    plan = plan_of(instance(ladder(hours=3), [learner(targets={"c0": Tier.BASIC, "c1": Tier.BASIC,
                                                                "c2": Tier.BASIC}, hours_per_week=4)], weeks=2))
    assert plan.objective == 2
    assert all(m.hours <= 4 for m in plan.agent("A1").modules)


def test_with_a_tight_budget_the_most_important_gap_is_closed_first():
    who = learner(targets={"c0": Tier.BASIC, "c1": Tier.BASIC}, weights={"c0": 1, "c1": 3}, budget=100)
    plan = plan_of(instance(ladder(), [who]))
    assert booked(plan) == [("m_c1_basic", 1)]
    assert plan.objective == 3 and plan.agent("A1").gaps_remaining == 1


def test_completed_modules_are_never_planned_again():
    who = learner(targets={"c0": Tier.BASIC}, completed=frozenset({"m_c0_basic"}))
    plan = plan_of(instance(ladder(), [who]))
    assert booked(plan) == []
    assert plan.agent("A1").gaps[0].reason is None or "m_c0_basic" not in plan.agent("A1").gaps[0].reason


def test_a_finance_agent_keeps_the_compliance_share_of_training_hours():
    cat = catalog([competency("c0"), competency("comp")], [
        module("general", "c0", "basic", hours=3), module("general2", "c0", "advanced", hours=3),
        module("scripts", "comp", "basic", hours=2, tags=["compliance_script"])])
    rule = ShareRule(tag="compliance_script", min=0.4)
    who = learner(targets={"c0": Tier.ADVANCED}, weights={"c0": 5}, shares=(rule,), hours_per_week=4)
    plan = plan_of(instance(cat, [who]))
    # Both general modules (6 h) would need 4 h of compliance; only 2 h exist, so one goes.
    assert sorted(m for m, _ in booked(plan)) == ["general", "scripts"]
    assert plan.agent("A1").shares[0].achieved == 0.4


def test_mandatory_retraining_is_planned_before_its_deadline_even_over_more_valuable_training():
    who = learner(targets={"c0": Tier.BASIC}, weights={"c0": 9}, mandatory={"c1": Tier.BASIC}, hours_per_week=2)
    plan = plan_of(instance(ladder(), [who], weeks=1, mandatory_within=1))
    assert booked(plan) == [("m_c1_basic", 1)]
    assert plan.agent("A1").modules[0].mandatory


def test_mandatory_retraining_that_cannot_fit_is_explained_and_a_partial_plan_offered():
    who = learner("A-017", targets={"c0": Tier.BASIC}, mandatory={"c1": Tier.BASIC}, hours_per_week=1)
    inst = instance(ladder(hours=2), [who])
    plan = solve(inst, FAST)
    assert plan.status == "PARTIAL" and booked(plan, "A-017") == []
    assert plan.infeasibility == [
        "agent A-017: mandatory c1 retraining (basic) cannot be planned: "
        "m_c1_basic takes 2 h but only 1 h/week are available"]


def test_mandatory_retraining_crowded_out_by_hours_names_both_numbers():
    needs_two = [{"tier": "advanced", "needs": "c0", "needs_tier": "basic"},
                 {"tier": "advanced", "needs": "c2", "needs_tier": "basic"}]
    cat = catalog([competency("c0"), competency("c1", prerequisites=needs_two), competency("c2")],
                  [module(f"m_{c}_{t}", c, t) for c, t in (("c0", "basic"), ("c2", "basic"), ("c1", "advanced"))])
    who = learner("A-017", targets={}, levels={"c1": Tier.BASIC}, mandatory={"c1": Tier.ADVANCED}, hours_per_week=2)
    plan = solve(instance(cat, [who], mandatory_within=2), FAST)
    assert plan.infeasibility == [
        "agent A-017: mandatory c1 retraining (advanced) needs 6 h in weeks 1-2 but only 4 h are available (2 h/week)"]
    assert plan.status == "PARTIAL"


def test_conflicts_between_several_rules_are_named_together():
    who = learner("A-017", targets={}, mandatory={"c1": Tier.BASIC, "c2": Tier.BASIC}, hours_per_week=3)
    plan = solve(instance(ladder(), [who], mandatory_within=1), FAST)
    assert plan.infeasibility == [
        "agent A-017: mandatory c1 retraining (basic) by week 1 and mandatory c2 retraining (basic) by week 1 "
        "and the weekly limit of 3 h cannot all hold"]


def _group_catalog(min_size: int, session_cost: float = 500):
    return catalog([competency("c0")], [
        module("roleplay", "c0", "basic", hours=2, cost=10, mode="role_play", session_cost=session_cost,
               class_size={"min": min_size, "max": 4})])


def test_agents_in_the_same_group_module_share_one_session_paid_once():
    inst = instance(_group_catalog(2), [learner("A1"), learner("A2"), learner("A3")])
    plan = plan_of(inst)
    assert [(s.module_id, s.week, s.participants, s.cost) for s in plan.sessions] == [
        ("roleplay", 1, ["A1", "A2", "A3"], 500)]
    assert plan.total_cost == 530


def test_a_group_module_that_too_few_agents_need_does_not_run():
    plan = plan_of(instance(_group_catalog(3), [learner("A1"), learner("A2")]))
    assert plan.sessions == [] and plan.objective == 0


def test_a_team_cap_keeps_agents_on_the_phones_each_week():
    people = [learner(f"A{i}", team="T", hours_per_week=4) for i in range(4)]
    plan = plan_of(instance(ladder(), people, team_cap_share=0.5))
    for week in (1, 2, 3):
        assert sum(1 for a in plan.agents if any(m.week == week for m in a.modules)) <= 2
    # Two agents a week for three weeks: six of the eight tier steps fit.
    assert plan.objective == 6


def test_mentoring_pairs_an_agent_with_an_expert_colleague():
    cat = catalog([competency("c0")], [module("mentor_c0", "c0", "basic", mode="mentoring")])
    expert = learner("E", levels={"c0": Tier.EXPERT}, targets={})
    plan = plan_of(instance(cat, [learner("A1"), expert]))
    assert plan.agent("A1").modules[0].mentor == "E"
    alone = plan_of(instance(cat, [learner("A1"), learner("A2")]))
    assert alone.objective == 0


def test_among_equally_valuable_plans_the_cheapest_is_chosen():
    cat = catalog([competency("c0")], [module("dear", "c0", "basic", cost=300), module("cheap", "c0", "basic", cost=80)])
    plan = plan_of(instance(cat, [learner(targets={"c0": Tier.BASIC})]))
    assert booked(plan) == [("cheap", 1)] and plan.total_cost == 80


def test_off_phone_cost_counts_against_the_budget_when_asked():
    who = learner(targets={"c0": Tier.BASIC}, hourly_cost=60, budget=150)
    assert plan_of(instance(ladder(hours=2, cost=100), [who])).objective == 1
    plan = plan_of(instance(ladder(hours=2, cost=100), [who], off_phone_cost=True))
    assert plan.objective == 0


def test_modules_kept_from_an_earlier_plan_count_as_held_and_are_not_replanned():
    fixed = (FixedModule("A1", "m_c0_basic", dt.date(2026, 9, 28)),)
    plan = plan_of(instance(ladder(), [learner(targets={"c0": Tier.ADVANCED})], fixed=fixed, weeks=1))
    assert booked(plan) == [("m_c0_advanced", 1)]
    assert plan.agent("A1").kept == ["m_c0_basic"]


def test_a_cap_on_sessions_per_week_spreads_group_training():
    cat = catalog([competency("c0"), competency("c1")], [
        module("g0", "c0", "basic", mode="workshop"), module("g1", "c1", "basic", mode="workshop")])
    people = [learner("A1", targets={"c0": Tier.BASIC, "c1": Tier.BASIC}, hours_per_week=8)]
    plan = plan_of(instance(cat, people, sessions_per_week=1))
    assert sorted(s.week for s in plan.sessions) == [1, 2]


def test_the_same_inputs_give_a_byte_identical_plan_file():
    people = [learner(f"A{i}", targets={"c0": Tier.EXPERT, "c1": Tier.ADVANCED}) for i in range(3)]
    inst = instance(ladder(), people, budget=900)
    dumps = {solve(inst, FAST).model_dump_json(exclude={"solve_seconds", "stages"}) for _ in range(3)}
    assert len(dumps) == 1
