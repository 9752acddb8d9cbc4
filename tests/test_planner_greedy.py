"""The greedy baseline keeps every rule, and the optimiser is never worse than it."""

from __future__ import annotations

from competency.planner.baseline.greedy import greedy_plan
from competency.planner.solve import solve
from competency.planner.plan.validation import check_plan
from test_planner_support import FAST, random_instance


def test_greedy_plans_keep_every_rule_and_never_beat_the_optimiser():
    for seed in range(60):
        instance = random_instance(seed)
        greedy = greedy_plan(instance)
        problems = check_plan(greedy, instance.catalog, instance.learners)
        if greedy.status == "PARTIAL":
            # It may fail to place mandatory retraining, and then says so.
            assert {p.rule for p in problems} == {"mandatory"} and greedy.infeasibility
        else:
            assert problems == []
        best = solve(instance, FAST)
        if best.status == "OPTIMAL" and greedy.status == "FEASIBLE":
            assert best.objective >= greedy.objective - 1e-9


def test_greedy_books_share_practice_so_an_agent_without_a_tagged_gap_still_gets_retraining():
    from catalog_factory import competency, module
    from competency.model.catalog import ShareRule
    from competency.model.tiers import Tier
    from test_planner_support import catalog, instance, learner

    cat = catalog([competency("c0"), competency("omni"), competency("chat")], [
        module("empathy", "c0", "basic", hours=2),
        module("channels_short", "omni", "basic", hours=1, tags=["omni_channel"]),
        module("channels_long", "chat", "basic", hours=3, tags=["omni_channel"])])
    # A retail agent with no omni-channel gap: every booking would break the 35 % share
    # unless practice on a tagged module comes first.
    who = learner(targets={"c0": Tier.BASIC}, weights={"c0": 1}, mandatory={"c0": Tier.BASIC},
                  shares=(ShareRule(tag="omni_channel", min=0.35),), hours_per_week=4)
    inst = instance(cat, [who], weeks=2)
    plan = greedy_plan(inst)
    assert plan.status == "FEASIBLE"
    assert check_plan(plan, inst.catalog, inst.learners) == []
    rows = {m.module_id: m for m in plan.agent("A1").modules}
    # The fewest tagged hours that hold the share alone: 1 h of 3 is 33 %, short; 3 h of 5 is 60 %.
    assert sorted(rows) == ["channels_long", "empathy"]
    assert rows["empathy"].mandatory and rows["channels_long"].reason.kind == "practice"


def test_greedy_gives_the_sample_cohort_a_complete_plan_to_start_from():
    from competency.io.profiles import load_profiles
    from competency.model import load_catalog
    from competency.planner.problem.instance import Instance, PlanningOptions, learners_from_profiles
    import datetime as dt
    from pathlib import Path

    cat = load_catalog(None)
    learners = learners_from_profiles(cat, load_profiles(Path(__file__).resolve().parents[1] / "profiles"))
    inst = Instance(cat, tuple(learners), PlanningOptions(weeks=26, start_date=dt.date(2026, 11, 2)))
    plan = greedy_plan(inst, limits=False)
    # Before share practice, an agent whose share rules had no tagged gap got nothing, not
    # even retraining, and a 26-week plan had no floor to search from (it ended with no plan).
    assert plan.status == "FEASIBLE", plan.infeasibility
    assert check_plan(plan, inst.catalog, inst.learners) == []
    retrained = {a.agent_id for a in plan.agents if any(m.mandatory for m in a.modules)}
    assert retrained == {l.agent_id for l in inst.learners if l.mandatory}
