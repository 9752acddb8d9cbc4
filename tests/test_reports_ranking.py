"""One ranking of gaps: `competency gaps` and the IDP list an agent's gaps in the same order
(severity, mandatory first on ties, then weight) and both say how they rank."""

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from competency.cli.main import cli
from competency.model import load_catalog
from competency.model.tiers import Tier
from competency.planner.scoring.gaps import Gap, score_agent
from competency.planner.plan.schema import AgentPlan, GapLine, Plan
from competency.reports.idp import build_idp
from competency.reports.inputs import ReportInputs, load_agent_profiles
from competency.reports.names import comp_name
from competency.reports.ranking import RANK_NOTE, gap_rank_key, level_rank_key
from competency.reports.render import render

DATA = Path(__file__).parent / "data" / "reports"


def plan_of(agent: AgentPlan) -> Plan:
    return Plan(status="OPTIMAL", objective=1, bound=1, gap=0, weeks=6, start_date=dt.date(2025, 3, 3),
                agents=[agent])


def test_the_idp_ranks_an_agents_gaps_in_the_order_of_the_gap_scorer():
    catalog, profiles = load_catalog(DATA / "catalog"), load_agent_profiles(DATA / "profiles")
    for agent_id, profile in profiles.items():
        scored = score_agent(catalog, profile)
        lines = [GapLine(competency=g.competency, current=int(g.current), target=int(g.target), planned=int(g.current),
                         weight=g.weight, mandatory=g.mandatory) for g in scored.gaps]
        agent = AgentPlan(agent_id=agent_id, role=profile.role, industry=profile.industry, gaps=lines)
        idp = build_idp(ReportInputs(plan_of(agent), catalog, {}), agent_id, "en")
        assert [g["competency"] for g in idp["gaps"]] == [comp_name(catalog, g.competency, "en") for g in scored.gaps]
        assert [g["severity"] for g in idp["gaps"]] == [g.severity for g in scored.gaps]
        assert scored.gaps == sorted(scored.gaps, key=gap_rank_key)


def test_ties_go_to_mandatory_retraining_then_to_the_higher_weight():
    gaps = [Gap("b_heavy", Tier.BASIC, Tier.ADVANCED, 2.0, 2.0),
            Gap("a_two_steps", Tier.NONE, Tier.ADVANCED, 1.0, 2.0),
            Gap("c_retrain", Tier.BASIC, Tier.BASIC, 2.0, 2.0, mandatory=True, mandatory_tier=Tier.ADVANCED),
            Gap("d_small", Tier.BASIC, Tier.ADVANCED, 1.0, 1.0)]
    assert [g.competency for g in sorted(gaps, key=gap_rank_key)] == ["c_retrain", "b_heavy", "a_two_steps", "d_small"]
    lines = [GapLine(competency=g.competency, current=int(g.current), target=int(g.target), planned=int(g.current),
                     weight=g.weight, mandatory=g.mandatory) for g in gaps]
    assert [line.competency for line in sorted(lines, key=level_rank_key)] == [
        "c_retrain", "b_heavy", "a_two_steps", "d_small"]


def test_a_mandatory_retraining_at_the_target_tier_is_still_a_ranked_gap_in_the_idp():
    catalog = load_catalog(DATA / "catalog")
    agent = AgentPlan(agent_id="x", role="frontline_agent", industry="retail", gaps=[
        GapLine(competency="compliance_scripts", current=1, target=1, planned=2, weight=1, mandatory=True),
        GapLine(competency="active_listening", current=1, target=2, planned=1, weight=1)])
    idp = build_idp(ReportInputs(plan_of(agent), catalog, {}), "x", "en")
    assert [(g["competency"], g["mandatory"]) for g in idp["gaps"]] == [
        ("Compliance scripts", True), ("Active listening", False)]
    assert idp["remaining"][0]["competency"] == "Active listening" and len(idp["remaining"]) == 1


def test_both_outputs_say_how_they_rank_in_both_languages():
    args = ["gaps", "--agent", "a002", "--profiles", str(DATA / "profiles"), "--catalog", str(DATA / "catalog")]
    for lang in ("en", "zh"):
        result = CliRunner().invoke(cli, [*args, "--lang", lang])
        assert result.exit_code == 0, result.output
        assert "".join(RANK_NOTE[lang].split())[:20] in "".join(result.output.split())
    catalog = load_catalog(DATA / "catalog")
    agent = AgentPlan(agent_id="x", role="frontline_agent", industry="retail", gaps=[
        GapLine(competency="active_listening", current=1, target=2, planned=1, weight=1)])
    for lang in ("en", "zh"):
        context = build_idp(ReportInputs(plan_of(agent), catalog, {}), "x", lang)
        for fmt in ("md", "html"):
            assert RANK_NOTE[lang].split("（")[0] in render("idp", context, fmt)
