"""Who a catalog serves and who teaches: audiences, sites and trainers.

Loading reports bad references, the catalog helpers answer who may take and teach what, the
shipped catalog keeps sector modules for their sector and staffs every group module its
sample agents may take, and the utility example (tests/data/utility_catalog) is a valid
catalog in EUR with sites and trainers, as docs/catalog.md shows it.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

from competency.io.profiles import load_profiles
from competency.model import Catalog, load_catalog_with_problems
from competency.model.catalog import ONLINE, Audience, Away, Module, Trainer
from competency.planner.scoring.gaps import score_agent

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "catalog"
PROFILES = ROOT / "profiles"
DOC = ROOT / "docs" / "catalog.md"
HELPDESK = Path(__file__).parent / "data" / "helpdesk_catalog"
UTILITY = Path(__file__).parent / "data" / "utility_catalog"
UTILITY_PROFILES = Path(__file__).parent / "data" / "utility_profiles"

SAMPLE_SITES = {"上海浦东": "shanghai_pudong", "杭州滨江": "hangzhou_binjiang", "苏州工业园区": "suzhou_sip"}


# --- helpers ---------------------------------------------------------------------------------

def _helpdesk_with(tmp_path: Path, people: str) -> tuple[Catalog | None, list]:
    """The help-desk example plus a people.yaml: its problems, warnings included."""
    folder = tmp_path / "catalog"
    shutil.copytree(HELPDESK, folder)
    (folder / "people.yaml").write_text(people, encoding="utf-8")
    return load_catalog_with_problems(folder)


def _found(problems, severity: str, where: str, text: str) -> bool:
    return any(p.severity == severity and p.where.endswith(where) and text in p.message for p in problems)


def _shown(problems) -> list[str]:
    return [str(p) for p in problems]


def _venue(module: Module, site: str) -> str:
    return site if module.mode.in_person else ONLINE


def _can_teach(trainer: Trainer, module: Module, venue: str) -> bool:
    """Qualified, teaching there, and with weekly room for one session of the module."""
    return (trainer.qualified(module) and trainer.teaches_at(venue) and trainer.sessions_per_week != 0
            and (trainer.hours_per_week is None or trainer.hours_per_week >= module.hours))


def _unstaffed(catalog: Catalog, profiles) -> list[tuple[str, str]]:
    """(site, module) pairs: a group module an agent may take that nobody can teach there."""
    missing = set()
    for profile in profiles:
        site = catalog.site_of(profile.site)
        for module in catalog.modules.values():
            if module.is_group and catalog.admits(module, profile.role, profile.industry):
                venue = _venue(module, site)
                if not any(_can_teach(t, module, venue) for t in catalog.trainers.values()):
                    missing.add((site, module.id))
    return sorted(missing)


HELPDESK_SITES = """
sites:
  - id: main
    name: "Main office"
    aliases: [HQ]
  - id: branch
    name: "Branch office"
"""

GOOD_TRAINERS = """
trainers:
  - id: t1
    name: "Trainer One"
    modules: [incident_simulation]
    teaches:
      - {competency: user_communication, tier: advanced}
      - {competency: knowledge_base, tier: advanced}
    sites: [main]
    online: true
"""


# --- loading: what is reported ------------------------------------------------------------------

def test_a_complete_people_file_loads_with_no_problems(tmp_path):
    catalog, problems = _helpdesk_with(tmp_path, HELPDESK_SITES + GOOD_TRAINERS + """
audiences:
  - tag: security
    industries: [hospital]
""")
    assert _shown(problems) == []
    assert set(catalog.sites) == {"main", "branch"}
    assert set(catalog.trainers) == {"t1"}
    assert catalog.audience(catalog.modules["incident_simulation"]).industries == ["hospital"]


def test_unknown_industries_and_roles_in_audiences_are_errors(tmp_path):
    _, problems = _helpdesk_with(tmp_path, """
audiences:
  - tag: security
    industries: [hospitl]
  - tag: hardware
    roles: [service_desk_agent, team_leader]
""")
    assert _found(problems, "error", "audiences[0].industries[0]", "unknown industry 'hospitl'")
    assert _found(problems, "error", "audiences[1].roles[1]", "unknown role 'team_leader'")


def test_unknown_industries_and_roles_in_a_modules_own_audience_are_errors(tmp_path):
    folder = tmp_path / "catalog"
    shutil.copytree(HELPDESK, folder)
    text = (folder / "modules.yaml").read_text(encoding="utf-8")
    text = text.replace("    tags: [onboarding]\n",
                        "    tags: [onboarding]\n    audience: {industries: [bank], roles: [intern]}\n", 1)
    (folder / "modules.yaml").write_text(text, encoding="utf-8")
    _, problems = load_catalog_with_problems(folder)
    assert _found(problems, "error", "modules[0].audience.industries[0]", "unknown industry 'bank'")
    assert _found(problems, "error", "modules[0].audience.roles[0]", "unknown role 'intern'")


def test_a_tag_given_two_audiences_is_an_error(tmp_path):
    _, problems = _helpdesk_with(tmp_path, """
audiences:
  - tag: security
    industries: [hospital]
  - tag: security
    roles: [desktop_engineer]
""")
    assert _found(problems, "error", "audiences[1].tag", "tag 'security' already has an audience")
    assert [p.severity for p in problems] == ["error"]


def test_an_audience_tag_no_module_carries_is_a_warning(tmp_path):
    _, problems = _helpdesk_with(tmp_path, "audiences:\n  - {tag: securty, industries: [hospital]}\n")
    assert _found(problems, "warning", "audiences[0].tag", "no module carries tag 'securty'")


def test_unknown_sites_modules_and_competencies_of_trainers_are_errors(tmp_path):
    _, problems = _helpdesk_with(tmp_path, HELPDESK_SITES + """
trainers:
  - id: t1
    name: "Trainer One"
    modules: [incident_simulation, major_incident_day]
    teaches:
      - {competency: user_comms, tier: advanced}
    sites: [main, annex]
""")
    assert _found(problems, "error", "trainers[0].modules[1]", "unknown module 'major_incident_day'")
    assert _found(problems, "error", "trainers[0].teaches[0].competency", "unknown competency 'user_comms'")
    assert _found(problems, "error", "trainers[0].sites[1]", "unknown site 'annex'; known: branch, main")


def test_a_trainer_site_without_a_sites_section_says_to_add_one(tmp_path):
    _, problems = _helpdesk_with(tmp_path, GOOD_TRAINERS)
    assert _found(problems, "error", "trainers[0].sites[0]", "unknown site 'main'; known: none: add a sites section")


def test_trainers_who_teach_nothing_nowhere_or_individual_modules_are_warned_about(tmp_path):
    _, problems = _helpdesk_with(tmp_path, HELPDESK_SITES + GOOD_TRAINERS + """
  - id: t2
    name: "Nowhere"
    teaches: [{competency: hardware_triage, tier: advanced}]
  - id: t3
    name: "Nothing"
    sites: [branch]
  - id: t4
    name: "Individual"
    modules: [hardware_checklist]
    online: true
""")
    assert _found(problems, "warning", "trainers[1]", "teaches nowhere")
    assert _found(problems, "warning", "trainers[2]", "may teach nothing")
    assert _found(problems, "warning", "trainers[3].modules[0]", "hardware_checklist is not a group format")
    assert not any(p.severity == "error" for p in problems)


def test_a_group_module_no_trainer_may_teach_is_a_warning(tmp_path):
    _, problems = _helpdesk_with(tmp_path, HELPDESK_SITES + """
trainers:
  - id: t1
    name: "Trainer One"
    teaches: [{competency: user_communication, tier: advanced}]
    sites: [main]
""")
    unstaffed = sorted(re.search(r"group module (\w+)", p.message).group(1) for p in problems
                       if p.severity == "warning" and "no trainer may teach" in p.message)
    # incident_simulation raises three competencies; teaching one of them is not enough
    assert unstaffed == ["incident_simulation", "kb_writing_workshop"]
    assert not any(p.severity == "error" for p in problems)


def test_a_catalog_without_trainers_needs_none(tmp_path):
    catalog, problems = _helpdesk_with(tmp_path, HELPDESK_SITES)
    assert _shown(problems) == []
    assert catalog.trainers == {}


def test_two_sites_sharing_a_name_is_an_error(tmp_path):
    _, problems = _helpdesk_with(tmp_path, """
sites:
  - {id: main, name: "Main office", aliases: [HQ]}
  - {id: branch, name: "Branch office", aliases: [HQ]}
""")
    assert _found(problems, "error", "sites[1]", "'HQ' already names site main")


def test_an_away_period_ending_before_it_starts_is_an_error(tmp_path):
    _, problems = _helpdesk_with(tmp_path, HELPDESK_SITES + GOOD_TRAINERS
                                 + "    away:\n      - {start: 2026-02-10, end: 2026-02-01}\n")
    assert _found(problems, "error", "trainers[0].away[0]", "end 2026-02-01 is before start 2026-02-10")


def test_an_audience_cutting_the_only_route_to_a_target_is_a_warning(tmp_path):
    # security modules are the only ones raising access_management; hospital agents need it
    _, problems = _helpdesk_with(tmp_path, "audiences:\n  - {tag: security, roles: [desktop_engineer]}\n")
    assert _found(problems, "warning", "industries[0]",
                  "service_desk_agent agents in hospital cannot reach access_management (advanced)")
    assert not _found(problems, "warning", "industries[0]", "desktop_engineer agents")


# --- catalog helpers ----------------------------------------------------------------------------

def test_a_modules_own_audience_wins_over_its_tag_and_can_open_it_to_everyone(tmp_path):
    catalog, problems = _helpdesk_with(tmp_path, "audiences:\n  - {tag: security, industries: [hospital]}\n")
    assert _shown(problems) == []
    coaching = catalog.modules["security_and_hardware_coaching"]
    assert catalog.audience(coaching).industries == ["hospital"] and catalog.audience(coaching).roles == []
    assert catalog.admits(coaching, "desktop_engineer", "hospital")
    assert not catalog.admits(coaching, "desktop_engineer", "bank")
    assert catalog.audience(catalog.modules["hardware_checklist"]) is None  # no tag, no audience
    assert catalog.admits(catalog.modules["hardware_checklist"], "anyone", "anywhere")
    opened = coaching.model_copy(update={"audience": Audience()})
    assert catalog.admits(opened, "service_desk_agent", "bank")
    narrowed = coaching.model_copy(update={"audience": Audience(roles=["desktop_engineer"])})
    assert catalog.admits(narrowed, "desktop_engineer", "bank")
    assert not catalog.admits(narrowed, "service_desk_agent", "hospital")


def test_profile_sites_resolve_by_id_name_or_alias_exactly(tmp_path):
    catalog, _ = _helpdesk_with(tmp_path, HELPDESK_SITES)
    assert [catalog.site_of(s) for s in ("main", "Main office", "HQ", "Branch office")] == [
        "main", "main", "main", "branch"]
    assert catalog.site_of("hq") == "hq"  # exact match only: unknown names are kept as given
    assert catalog.site_of(None) == "" and catalog.site_of("") == ""


def test_trainers_qualify_by_module_or_by_every_competency_up_to_its_tier(tmp_path):
    catalog, _ = _helpdesk_with(tmp_path, HELPDESK_SITES + GOOD_TRAINERS)
    t1 = catalog.trainers["t1"]
    modules = catalog.modules
    assert t1.qualified(modules["incident_simulation"])  # listed
    assert t1.qualified(modules["difficult_users_roleplay"])  # user_communication@advanced
    assert t1.qualified(modules["helpdesk_onboarding"]) is False  # also raises ticket_handling
    assert t1.qualified(modules["senior_shadowing"]) is False  # expert tier
    assert t1.teaches_at("main") and t1.teaches_at(ONLINE) and not t1.teaches_at("branch")
    on_site = t1.model_copy(update={"online": False})
    assert not on_site.teaches_at(ONLINE)


def test_away_periods_block_every_week_they_touch():
    trainer = Trainer(id="t", name="T", away=[Away(start=dt.date(2026, 2, 16), end=dt.date(2026, 2, 20)),
                                              Away(start=dt.date(2026, 3, 1))])
    week = dt.timedelta(days=6)
    assert trainer.away_between(dt.date(2026, 2, 16), dt.date(2026, 2, 16) + week)
    assert trainer.away_between(dt.date(2026, 2, 9), dt.date(2026, 2, 9) + week) is False
    assert trainer.away_between(dt.date(2026, 2, 23), dt.date(2026, 2, 23) + week)  # 1 March, one day
    assert trainer.away_between(dt.date(2026, 3, 2), dt.date(2026, 3, 2) + week) is False


# --- the shipped catalog ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped() -> Catalog:
    catalog, problems = load_catalog_with_problems(SHIPPED)
    assert catalog is not None and _shown(problems) == []
    return catalog


@pytest.fixture(scope="module")
def samples():
    return load_profiles(PROFILES)


def test_every_sector_variant_and_sector_tagged_module_has_an_audience(shipped):
    variants = yaml.safe_load((SHIPPED / "modules" / "sector_variants.yaml").read_text(encoding="utf-8"))["modules"]
    assert [m["id"] for m in variants if shipped.audience(shipped.modules[m["id"]]) is None] == []
    for module in shipped.modules.values():
        sectors = [tag for tag in module.tags if tag in shipped.industries]
        if sectors:
            audience = shipped.audience(module)
            assert audience is not None and audience.industries, module.id
            assert set(sectors) <= set(audience.industries), module.id
            assert len(audience.industries) < len(shipped.industries), module.id


def test_sector_modules_are_no_longer_booked_across_sectors(shipped):
    # The cases that used to turn up in sample plans.
    assert not shipped.admits(shipped.modules["laws_advanced_medical"], "frontline_agent", "finance")
    assert not shipped.admits(shipped.modules["product_knowledge_advanced_finance"], "senior_agent", "manufacturing")
    assert not shipped.admits(shipped.modules["empathy_advanced_medical"], "frontline_agent", "retail")
    assert shipped.admits(shipped.modules["empathy_advanced_roleplay"], "frontline_agent", "retail")
    # the general equipment courses serve the telecom share rule as well
    assert shipped.admits(shipped.modules["equipment_troubleshooting_advanced_case"], "frontline_agent", "telecom")


def test_every_sample_profile_works_at_a_catalog_site(shipped, samples):
    assert {p.site for p in samples} == set(SAMPLE_SITES)
    assert {p.site: shipped.site_of(p.site) for p in samples} == SAMPLE_SITES
    assert set(SAMPLE_SITES.values()) == set(shipped.sites)


def test_every_group_module_a_sample_agent_may_take_has_a_trainer_at_their_site(shipped, samples):
    assert len(shipped.trainers) >= 8
    assert _unstaffed(shipped, samples) == []


def test_shipped_trainers_have_weekly_limits_and_live_online_classes_have_online_trainers(shipped):
    for trainer in shipped.trainers.values():
        assert 1 <= trainer.sessions_per_week <= 3, trainer.id
        assert 6 <= trainer.hours_per_week <= 14, trainer.id
        assert trainer.sites or trainer.online, trainer.id
    live = [m for m in shipped.modules.values() if not m.mode.in_person and m.is_group]
    assert len(live) >= 2
    for module in live:
        assert any(_can_teach(t, module, ONLINE) for t in shipped.trainers.values()), module.id


# --- the utility example -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def utility() -> Catalog:
    catalog, problems = load_catalog_with_problems(UTILITY)
    assert catalog is not None and _shown(problems) == []
    return catalog


def test_the_utility_catalog_is_a_small_valid_catalog_in_euros(utility):
    assert utility.info.currency == "EUR"
    assert 6 <= len(utility.competencies) <= 10
    assert all(len(c.tiers) == 3 and all(spec.indicators for spec in c.tiers.values())
               for c in utility.competencies.values())
    assert len(utility.roles) == 2 and 1 <= len(utility.industries) <= 2
    assert all(industry.shares for industry in utility.industries.values())
    modes = {m.mode.value for m in utility.modules.values()}
    assert "live_online" in modes and {"classroom", "workshop", "role_play", "simulation", "case_study"} <= modes
    assert len(utility.sites) == 2 and 3 <= len(utility.trainers) <= 4
    assert any(t.online for t in utility.trainers.values())


def test_the_utility_catalog_validates_strictly_from_the_command_line():
    from click.testing import CliRunner

    from competency.cli.main import cli

    result = CliRunner().invoke(cli, ["validate", "--strict", "--catalog", str(UTILITY)])
    assert result.exit_code == 0, result.output


def test_the_utility_advisors_work_at_both_sites_and_have_real_gaps(utility):
    profiles = load_profiles(UTILITY_PROFILES)
    assert 8 <= len(profiles) <= 12
    sites = {p.id: utility.site_of(p.site) for p in profiles}
    assert set(sites.values()) == set(utility.sites)
    assert {p.role for p in profiles} == set(utility.roles)
    assert {p.industry for p in profiles} == set(utility.industries)
    assert all(score_agent(utility, p).total_severity > 0 for p in profiles)
    assert _unstaffed(utility, profiles) == []


def test_the_utility_example_in_the_docs_is_the_test_data():
    section = DOC.read_text(encoding="utf-8").split("## Example: a utility contact centre", 1)[1]
    section = section.split("\n## ", 1)[0]
    people = re.search(r"^#### `people.yaml`\n\n```yaml\n(.*?)^```", section, re.S | re.M).group(1)
    assert people == (UTILITY / "people.yaml").read_text(encoding="utf-8")
    shown = yaml.safe_load(re.search(r"^Some of its modules.*?```yaml\n(.*?)^```", section, re.S | re.M).group(1))
    real = {m["id"]: m for m in yaml.safe_load((UTILITY / "modules.yaml").read_text(encoding="utf-8"))["modules"]}
    for module in shown["modules"]:
        assert module == {k: v for k, v in real[module["id"]].items() if k != "description"}, module["id"]
    profile = yaml.safe_load(re.search(r"^and a profile.*?```yaml\n(.*?)^```", section, re.S | re.M).group(1))
    full = yaml.safe_load((UTILITY_PROFILES / "UT01.yaml").read_text(encoding="utf-8"))
    assert profile == {k: full[k] for k in profile}
