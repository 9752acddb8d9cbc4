"""The shipped customer-service catalog (catalog/) and the example in docs/catalog.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from competency.model import TIERS, Catalog, Mode, Tier, load_catalog_with_problems
from competency.model.graph import entry_levels, reachable_levels

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "catalog"
DOC = ROOT / "docs" / "catalog.md"
HELPDESK = Path(__file__).parent / "data" / "helpdesk_catalog"

# Metric ids the HR KPI importer maps its columns to.
KNOWN_METRICS = {
    "first_response_seconds", "proposal_seconds", "solution_seconds", "fcr_rate",
    "second_contact_resolution_rate", "transfer_efficiency", "positive_wording_rate",
    "objection_compliance_rate", "emotional_match_rate", "csat", "complaint_rate", "nps",
}


@pytest.fixture(scope="module")
def loaded() -> tuple[Catalog, list]:
    catalog, problems = load_catalog_with_problems(SHIPPED)
    assert catalog is not None
    return catalog, problems


@pytest.fixture(scope="module")
def catalog(loaded) -> Catalog:
    return loaded[0]


def _bilingual(text) -> bool:
    return bool(text and text.en and text.zh)


def _doc_example_files() -> dict[str, str]:
    """The YAML blocks of the help-desk example, keyed by the file name in their heading."""
    section = DOC.read_text(encoding="utf-8").split("## Example: an IT help desk catalog", 1)[1]
    section = section.split("\n## ", 1)[0]
    blocks = re.findall(r"^#### `([\w.]+\.yaml)`\n\n```yaml\n(.*?)^```", section, re.S | re.M)
    return dict(blocks)


def test_the_shipped_catalog_loads_with_no_errors_or_warnings(loaded):
    _, problems = loaded
    assert [str(p) for p in problems] == []


def test_the_shipped_catalog_is_big_enough_to_plan_with(catalog):
    assert len(catalog.competencies) >= 30
    assert len({c.domain for c in catalog.competencies.values()}) >= 7
    assert len(catalog.modules) >= 60
    assert len(catalog.roles) >= 4
    assert len(catalog.industries) >= 5


def test_the_shipped_catalog_has_the_roles_and_industries_users_expect(catalog):
    assert {"new_agent", "frontline_agent", "senior_agent", "team_lead", "qa_coach"} <= set(catalog.roles)
    assert {"manufacturing", "finance", "retail", "healthcare", "ecommerce", "telecom"} <= set(catalog.industries)


def test_every_competency_tier_is_raised_by_some_module(catalog):
    missing = [f"{cid}@{tier.key}" for cid in sorted(catalog.competencies) for tier in TIERS
               if not catalog.modules_raising(cid, tier)]
    assert missing == []


def test_every_competency_can_be_trained_to_expert_from_scratch(catalog):
    reach = reachable_levels(catalog)
    assert {cid for cid in catalog.competencies if reach.get(cid, Tier.NONE) < Tier.EXPERT} == set()


def test_every_competency_reaches_expert_without_waiting_for_a_mentor(catalog):
    # The planner offers mentoring only when a colleague already holds the expert tier, so
    # every tier also needs a route through coaching, VR or group formats.
    without_mentors = [m for m in catalog.modules.values() if m.mode != Mode.MENTORING]
    reach = reachable_levels(catalog, modules=without_mentors)
    assert {cid for cid in catalog.competencies if reach.get(cid, Tier.NONE) < Tier.EXPERT} == set()


def test_every_role_target_is_reachable_alone_and_in_every_industry(catalog):
    reach = reachable_levels(catalog)
    unreachable = []
    for role in catalog.roles.values():
        for industry in [None, *catalog.industries.values()]:
            for cid, tier in catalog.targets(role, industry).items():
                if reach.get(cid, Tier.NONE) < tier:
                    unreachable.append((role.id, industry.id if industry else None, cid, tier.key))
    assert unreachable == []


def test_higher_roles_never_aim_lower_than_the_frontline(catalog):
    frontline = catalog.roles["frontline_agent"].targets
    for rid in ("senior_agent", "team_lead"):
        targets = catalog.roles[rid].targets
        assert [cid for cid, tier in frontline.items() if targets.get(cid, Tier.NONE) < tier] == [], rid


def test_manufacturing_finance_and_retail_have_their_content_share_rules(catalog):
    def shares(iid: str) -> dict[str, float]:
        return {rule.tag: rule.min for rule in catalog.industries[iid].shares}

    assert shares("manufacturing")["equipment_troubleshooting"] == pytest.approx(0.55)
    assert shares("finance")["compliance_script"] == pytest.approx(0.40)
    assert shares("retail")["omni_channel"] == pytest.approx(0.35)


def test_every_share_tag_can_be_started_by_a_newcomer(catalog):
    # A share must be achievable even for an agent with few hours to plan: some basic module
    # carrying the tag, and meant for a new agent of the industry, has no entry levels at all.
    missing = []
    for industry in catalog.industries.values():
        starters = {tag for m in catalog.modules.values() for tag in m.tags
                    if not entry_levels(catalog, m) and all(r.tier == Tier.BASIC for r in m.raises)
                    and catalog.admits(m, "new_agent", industry.id)}
        missing += [(industry.id, rule.tag) for rule in industry.shares if rule.tag not in starters]
    assert missing == []


def test_every_share_tag_has_enough_training_hours_across_the_tiers(catalog):
    hours = {tag: sum(m.hours for m in catalog.modules.values() if tag in m.tags)
             for tag in ("equipment_troubleshooting", "compliance_script", "omni_channel")}
    assert hours["equipment_troubleshooting"] >= 40
    assert hours["compliance_script"] >= 30
    assert hours["omni_channel"] >= 30
    for tag in hours:
        tiers = {r.tier for m in catalog.modules.values() if tag in m.tags for r in m.raises}
        assert tiers == set(TIERS), tag


def test_every_competency_has_bilingual_names_and_indicators_for_all_tiers(catalog):
    for comp in catalog.competencies.values():
        assert _bilingual(comp.name), comp.id
        assert set(comp.tiers) == set(TIERS), comp.id
        for tier in TIERS:
            indicators = comp.tiers[tier].indicators
            assert 1 <= len(indicators) <= 3, (comp.id, tier.key)
            assert all(_bilingual(ind) for ind in indicators), (comp.id, tier.key)


def test_domains_modules_roles_and_industries_are_named_in_both_languages(catalog):
    items = [*catalog.domains.values(), *catalog.roles.values(), *catalog.industries.values()]
    assert [i.id for i in items if not _bilingual(i.name)] == []
    assert [m.id for m in catalog.modules.values() if not _bilingual(m.title)] == []


def test_kpi_thresholds_use_the_metric_ids_the_importer_maps(catalog):
    used = {k.metric for c in catalog.competencies.values() for spec in c.tiers.values() for k in spec.kpi}
    assert used <= KNOWN_METRICS
    assert used == KNOWN_METRICS  # every importer metric has a home in the model


def test_each_kpi_metric_is_evidence_only_for_the_competencies_it_measures(catalog):
    # The HR importer turns a KPI column into evidence for every competency with a threshold
    # on that metric, so a metric on an unrelated competency would rate agents in it.
    owners: dict[str, set[str]] = {}
    for comp in catalog.competencies.values():
        for spec in comp.tiers.values():
            for kpi in spec.kpi:
                owners.setdefault(kpi.metric, set()).add(comp.id)
    assert owners == {
        "first_response_seconds": {"response_timeliness"},
        "proposal_seconds": {"response_timeliness"},
        "solution_seconds": {"response_timeliness"},
        "fcr_rate": {"problem_solving"},
        "second_contact_resolution_rate": {"problem_solving"},
        "transfer_efficiency": {"problem_solving"},
        "positive_wording_rate": {"service_attitude", "positive_language"},
        "objection_compliance_rate": {"service_attitude", "compliance_scripts"},
        "emotional_match_rate": {"service_attitude"},
        "csat": {"empathy"},
        "complaint_rate": {"complaint_handling"},
        "nps": {"nps_loyalty"},
    }


def test_kpi_thresholds_tighten_from_tier_to_tier(catalog):
    # A value meeting a tier's threshold must not meet a higher tier's for free.
    for comp in catalog.competencies.values():
        bounds: dict[str, list[float]] = {}
        for tier in TIERS:
            for kpi in comp.tiers[tier].kpi:
                bounds.setdefault(kpi.metric, []).append(-kpi.max if kpi.max is not None else kpi.min)
        for metric, values in bounds.items():
            assert values == sorted(set(values)), (comp.id, metric)


def test_the_performance_dimensions_carry_the_tiered_standards(catalog):
    def bounds(cid: str, tier: Tier) -> dict[str, float | None]:
        return {k.metric: (k.max if k.max is not None else k.min) for k in catalog.competencies[cid].tiers[tier].kpi}

    assert bounds("response_timeliness", Tier.BASIC)["first_response_seconds"] == 5
    assert bounds("response_timeliness", Tier.ADVANCED)["proposal_seconds"] == 30
    assert bounds("response_timeliness", Tier.EXPERT)["solution_seconds"] == 180
    assert "fcr_rate" in bounds("problem_solving", Tier.BASIC)
    assert "second_contact_resolution_rate" in bounds("problem_solving", Tier.ADVANCED)
    assert "transfer_efficiency" in bounds("problem_solving", Tier.EXPERT)
    assert "positive_wording_rate" in bounds("service_attitude", Tier.BASIC)
    assert "objection_compliance_rate" in bounds("service_attitude", Tier.ADVANCED)
    assert "emotional_match_rate" in bounds("service_attitude", Tier.EXPERT)
    rates = [bounds("complaint_handling", t)["complaint_rate"] for t in TIERS]
    assert rates == sorted(rates, reverse=True)  # higher tiers allow fewer complaints


def test_every_delivery_mode_is_used_and_group_modes_have_class_sizes(catalog):
    assert {m.mode for m in catalog.modules.values()} == set(Mode)
    for module in catalog.modules.values():
        assert 0.5 <= module.hours <= 16, module.id
        if module.is_group:
            assert module.class_size is not None and module.session_cost > 0, module.id


def test_the_help_desk_example_in_the_docs_is_the_test_data_folder():
    files = _doc_example_files()
    assert set(files) == {p.name for p in HELPDESK.glob("*.yaml")}
    for name, text in files.items():
        assert text == (HELPDESK / name).read_text(encoding="utf-8"), name


def test_the_help_desk_example_from_the_docs_loads_with_no_problems(tmp_path):
    for name, text in _doc_example_files().items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    catalog, problems = load_catalog_with_problems(tmp_path)
    assert [str(p) for p in problems] == []
    assert catalog is not None
    assert (len(catalog.domains), len(catalog.competencies), len(catalog.modules),
            len(catalog.roles), len(catalog.industries)) == (3, 5, 8, 2, 1)


def test_the_help_desk_test_data_loads_with_no_problems():
    catalog, problems = load_catalog_with_problems(HELPDESK)
    assert catalog is not None
    assert [str(p) for p in problems] == []


@pytest.mark.parametrize("industry_id", ["manufacturing", "finance", "retail", "healthcare", "ecommerce",
                                         "telecom", "aviation"])
def test_a_frontline_agent_starting_from_nothing_can_reach_every_target_within_the_shares(catalog, industry_id):
    # A small 0-1 model of "some set of modules, each started only with its entry levels held,
    # reaches every target and keeps every share rule"; it guards the catalog, not the planner.
    # Only the modules meant for a frontline agent of the industry (their audience) count.
    from ortools.sat.python import cp_model

    industry = catalog.industries[industry_id]
    mine = {mid: m for mid, m in catalog.modules.items() if catalog.admits(m, "frontline_agent", industry_id)}
    model = cp_model.CpModel()
    take = {mid: model.NewBoolVar(mid) for mid in mine}
    held = {(cid, int(t)): model.NewBoolVar(f"{cid}@{int(t)}") for cid in catalog.competencies for t in TIERS}
    for (cid, t), var in held.items():
        model.Add(var <= sum(take[m.id] for m in catalog.modules_raising(cid, Tier(t)) if m.id in mine))
        if t > 1:
            model.AddImplication(var, held[cid, t - 1])
    for module in mine.values():
        for cid, tier in entry_levels(catalog, module).items():
            model.AddImplication(take[module.id], held[cid, int(tier)])
    for cid, tier in catalog.targets(catalog.roles["frontline_agent"], industry).items():
        model.Add(held[cid, int(tier)] == 1)
    half_hours = {mid: round(m.hours * 2) for mid, m in mine.items()}
    total = sum(h * take[mid] for mid, h in half_hours.items())
    for rule in industry.shares:
        tagged = sum(h * take[mid] for mid, h in half_hours.items() if rule.tag in mine[mid].tags)
        model.Add(100 * tagged >= round(rule.min * 100) * total)
    model.Minimize(total)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 60
    assert solver.Solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
