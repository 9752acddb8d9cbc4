"""Gap scoring: current tier vs target, weights, KPI evidence, mandatory retraining, ranking."""

from __future__ import annotations

import datetime as dt

import pytest
from gaps_factory import catalog, entry, profile

from competency.model import InputError, Tier
from competency.planner.scoring.evidence import EvidenceRule, kpi_tier, rule_from_config
from competency.planner.scoring.gaps import KPI_FACTOR, MANDATORY_STEPS, score_agent


def test_an_agent_meeting_every_target_has_no_gaps_and_zero_severity():
    cat = catalog({"a": 2, "b": 1})
    gaps = score_agent(cat, profile({"a": [entry(2)], "b": [entry(3)]}))
    assert gaps.gaps == [] and gaps.total_severity == 0 and gaps.mandatory == {}


def test_severity_is_weight_times_missing_tier_steps():
    cat = catalog({"a": 3, "b": 2}, weights={"a": 2.0})
    gaps = score_agent(cat, profile({"a": [entry(1)], "b": [entry(1)]}))
    assert [(g.competency, g.steps, g.severity) for g in gaps.gaps] == [("a", 2, 4.0), ("b", 1, 1.0)]
    assert gaps.total_severity == 5.0


def test_current_covers_every_catalog_competency_and_targets_only_the_targeted_ones():
    cat = catalog({"a": 2}, extra=["z"])
    gaps = score_agent(cat, profile({}))
    assert gaps.current == {"a": Tier.NONE, "z": Tier.NONE}
    assert gaps.targets == {"a": Tier.ADVANCED}


def test_industry_targets_raise_the_role_target():
    cat = catalog({"a": 1}, industry_targets={"a": 3})
    assert score_agent(cat, profile({"a": [entry(1)]})).targets["a"] == Tier.EXPERT


def test_a_failed_latest_formal_assessment_means_mandatory_retraining_to_the_next_tier():
    cat = catalog({"a": 1, "b": 3}, weights={"b": 1.5})
    history = {"a": [entry(1, day=1), entry(1, day=9, passed=False)], "b": [entry(1)]}
    gaps = score_agent(cat, profile(history))
    assert gaps.mandatory == {"a": Tier.ADVANCED}
    owed = next(g for g in gaps.gaps if g.competency == "a")
    assert (owed.mandatory, owed.mandatory_tier, owed.steps) == (True, Tier.ADVANCED, 0)
    assert owed.severity == 1.0 * MANDATORY_STEPS  # target met, retraining still owed


def test_passing_a_later_formal_assessment_clears_the_mandatory_flag():
    cat = catalog({"a": 2})
    history = {"a": [entry(1, day=1, passed=False), entry(2, day=20)]}
    assert score_agent(cat, profile(history)).mandatory == {}


def test_self_evaluations_are_kept_apart_and_count_only_when_asked():
    cat = catalog({"a": 2})
    agent = profile({"a": [entry(1, day=1), entry(3, day=5, kind="self")]})
    assert score_agent(cat, agent).current["a"] == Tier.BASIC
    assert score_agent(cat, agent, EvidenceRule(kinds=("formal", "self"))).current["a"] == Tier.EXPERT


def test_highest_rule_keeps_the_best_result_and_latest_the_newest():
    cat = catalog({"a": 3})
    agent = profile({"a": [entry(3, day=1), entry(1, day=20)]})
    assert score_agent(cat, agent).current["a"] == Tier.BASIC
    assert score_agent(cat, agent, EvidenceRule(method="highest")).current["a"] == Tier.EXPERT


def test_recency_cut_off_ignores_assessments_older_than_n_months():
    cat = catalog({"a": 2})
    agent = profile({"a": [entry(2, day=1, month=1)]})
    rule = EvidenceRule(max_age_months=6, as_of=dt.date(2026, 11, 1))
    assert score_agent(cat, agent, rule).current["a"] == Tier.NONE
    assert score_agent(cat, agent, EvidenceRule(max_age_months=12, as_of=dt.date(2026, 11, 1))).current["a"] == 2


def test_decaying_average_weighs_recent_results_more():
    cat = catalog({"a": 3})
    agent = profile({"a": [entry(3, day=1, month=1), entry(1, day=1, month=9)]})
    recent = EvidenceRule(method="decaying", half_life_months=1, as_of=dt.date(2026, 9, 1))
    slow = EvidenceRule(method="decaying", half_life_months=120, as_of=dt.date(2026, 9, 1))
    assert score_agent(cat, agent, recent).current["a"] == Tier.BASIC
    assert score_agent(cat, agent, slow).current["a"] == Tier.ADVANCED  # (3 + 1) / 2


def test_a_missed_kpi_raises_the_weight_and_explains_why():
    cat = catalog({"a": 2}, kpi={"a": {"advanced": [{"metric": "fcr_rate", "min": 80, "unit": "%"}]}})
    kpi = entry(0, day=30, kind="kpi", metric="fcr_rate", score=64.0)
    gaps = score_agent(cat, profile({"a": [entry(1), kpi]}))
    (gap,) = gaps.gaps
    assert gap.weight == KPI_FACTOR and "fcr_rate 64" in gap.kpi[0] and "advanced >= 80 %" in gap.kpi[0]


def test_a_kpi_that_meets_the_target_thresholds_leaves_the_weight_alone():
    cat = catalog({"a": 2}, kpi={"a": {"advanced": [{"metric": "fcr_rate", "min": 80}]}})
    kpi = entry(0, day=30, kind="kpi", metric="fcr_rate", score=91.0)
    assert score_agent(cat, profile({"a": [entry(1), kpi]})).weights["a"] == 1.0


def test_kpi_tier_climbs_only_while_every_measured_threshold_is_met():
    cat = catalog({"a": 1}, kpi={"a": {"basic": [{"metric": "t", "max": 5}], "advanced": [{"metric": "t", "max": 3}],
                                      "expert": [{"metric": "other", "min": 1}]}})
    comp = cat.competencies["a"]
    assert [kpi_tier(comp, "t", v) for v in (9, 4, 2)] == [Tier.NONE, Tier.BASIC, Tier.ADVANCED]
    assert kpi_tier(comp, "csat", 5) is None


def test_gaps_are_ranked_most_severe_first_with_mandatory_before_equal_severity():
    cat = catalog({"a": 2, "b": 2, "c": 3})
    history = {"a": [entry(1)], "b": [entry(1, passed=False)], "c": [entry(0)]}
    ranked = [g.competency for g in score_agent(cat, profile(history)).gaps]
    assert ranked == ["c", "b", "a"]  # 3 steps; 1 step + mandatory; 1 step


def test_an_unknown_role_names_the_profile_and_the_valid_roles():
    cat = catalog({"a": 1})
    agent = profile({}).model_copy(update={"role": "astronaut"})
    with pytest.raises(InputError, match="astronaut.*agent"):
        score_agent(cat, agent)


def test_a_catalog_evidence_section_becomes_the_default_rule():
    cat = catalog({"a": 3}).model_copy(update={"extras": {"evidence": {"method": "highest"}}})
    agent = profile({"a": [entry(3, day=1), entry(1, day=20)]})
    assert score_agent(cat, agent).current["a"] == Tier.EXPERT


def test_a_bad_evidence_configuration_is_refused_with_the_allowed_values():
    with pytest.raises(ValueError, match="latest, highest, decaying"):
        rule_from_config({"method": "average"})
    with pytest.raises(ValueError, match="unknown key"):
        rule_from_config({"methd": "latest"})
