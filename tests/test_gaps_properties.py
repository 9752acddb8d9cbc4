"""Properties of gap severity over random catalogs and profiles (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from gaps_factory import catalog, entry, profile

from competency.model.profile import Assessment
from competency.planner.scoring.evidence import EvidenceRule
from competency.planner.scoring.gaps import score_agent

IDS = ["c0", "c1", "c2", "c3"]
RULES = [EvidenceRule(), EvidenceRule(method="highest"), EvidenceRule(method="decaying", half_life_months=2),
         EvidenceRule(kinds=("formal", "self", "kpi"), max_age_months=4)]

entries = st.builds(
    lambda tier, day, month, kind, passed, score: entry(tier, day=day, month=month, kind=kind, passed=passed,
                                                        metric="m" if kind == "kpi" else None,
                                                        score=score if kind == "kpi" else None),
    st.integers(0, 3), st.integers(1, 28), st.integers(1, 12), st.sampled_from(["formal", "formal", "self", "kpi"]),
    st.booleans(), st.floats(0, 100, allow_nan=False))
cases = st.fixed_dictionaries({
    "targets": st.dictionaries(st.sampled_from(IDS), st.integers(0, 3), min_size=1),
    "weights": st.dictionaries(st.sampled_from(IDS), st.floats(0.1, 5)),
    "kpi_min": st.floats(0, 100, allow_nan=False),
    "history": st.dictionaries(st.sampled_from(IDS), st.lists(entries, max_size=3)),
    "rule": st.sampled_from(RULES),
})
fast = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def build(case):
    kpi = {c: {"advanced": [{"metric": "m", "min": case["kpi_min"]}]} for c in IDS}
    return catalog(case["targets"], case["weights"], kpi=kpi, extra=IDS), profile(case["history"])


@fast
@given(cases)
def test_severity_is_never_negative(case):
    cat, agent = build(case)
    result = score_agent(cat, agent, case["rule"])
    assert result.total_severity >= 0 and all(g.severity > 0 for g in result.gaps)


@fast
@given(cases)
def test_severity_is_zero_exactly_when_every_target_is_met_and_nothing_is_mandatory(case):
    cat, agent = build(case)
    result = score_agent(cat, agent, case["rule"])
    met = all(result.current[c] >= t for c, t in result.targets.items())
    assert (result.total_severity == 0) == (met and not result.mandatory)


def raised(history: list[Assessment]) -> list[Assessment]:
    return [a.model_copy(update={"tier": min(3, a.tier + 1)}) for a in history]


@fast
@given(cases, st.sampled_from(IDS))
def test_raising_a_current_tier_never_raises_a_severity(case, cid):
    cat, agent = build(case)
    better = agent.model_copy(update={"assessments": {**agent.assessments, cid: raised(agent.history(cid))}})
    before, after = score_agent(cat, agent, case["rule"]), score_agent(cat, better, case["rule"])
    assert after.current[cid] >= before.current[cid]
    assert after.total_severity <= before.total_severity + 1e-9
    sev = {g.competency: g.severity for g in before.gaps}
    assert all(g.severity <= sev.get(g.competency, 0) + 1e-9 for g in after.gaps)
