"""Booking reasons, venues, trainers and gap limits (plan format 1.2) in the IDP, in both
languages: every kind gets a full sentence with its figures, and a Chinese IDP shows no
English sentence and no module id.

The plans are built here by hand, so planner changes never move these tests.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import get_args

import pytest

from competency.model import load_catalog
from competency.model.tiers import Tier
from competency.planner.plan.schema import (AgentPlan, BookingReason, GapLimit, GapLine, LimitKind, Plan, PlannedModule,
                                     ShareLine)
from competency.reports.idp import build_idp
from competency.reports.inputs import ReportInputs, load_agent_profiles
from competency.reports.reasons import booking_reason, limit_sentence, open_gap_text
from competency.reports.render import render

DATA = Path(__file__).parent / "data" / "reports"

# Figures for every limit kind, as docs/plan-format.md lists them.
FIGURES: dict[str, dict] = {
    "no_module": {},
    "audience": {"industries": "retail", "roles": "frontline_agent"},
    "completed": {"module": "m_listening_advanced"},
    "entry": {"competency": "active_listening", "tier": 2},
    "hours": {"module_hours": 4, "weekly_hours": 3},
    "horizon": {"weeks": 12, "ready_week": 12},
    "personal_budget": {"cost": 800, "left": 560, "budget": 2000},
    "cohort_budget": {"cost": 800, "left": 560, "budget": 60000},
    "share": {"share": "compliance", "min": 0.4, "after": 0.33},
    "class_min": {"min": 6, "takers": 1, "site": "chengdu"},
    "class_max": {"max": 12},
    "trainer": {"site": "online"},
    "sessions_cap": {"cap": 2},
    "team_cap": {"team": "金融一组", "cap": 3},
    "mentor": {},
    "weight": {},
    "unproven": {},
}
# The numbers each English sentence must carry (money rounded to the unit, with separators).
NUMBERS = {
    "hours": ["4 h", "3 h"], "horizon": ["12"], "personal_budget": ["800 CNY", "560 CNY", "2,000 CNY"],
    "cohort_budget": ["60,000 CNY"], "share": ["40 %", "33 %"], "class_min": ["6", "1", "Chengdu"],
    "class_max": ["12"], "sessions_cap": ["2"], "team_cap": ["3", "金融一组"], "trainer": ["online"],
    "entry": ["Active listening", "advanced"], "audience": ["Retail", "Front-line agent"],
    "completed": ["Open questions and positive wording"],
}
REASONS = [
    BookingReason(kind="gap", competency="response_timeliness", tier=2),
    BookingReason(kind="mandatory", competency="compliance_scripts", tier=1),
    BookingReason(kind="entry", competency="active_listening", tier=1, for_module="m_speed_cases"),
    BookingReason(kind="practice", share="compliance"),
]


def test_every_limit_kind_of_the_plan_format_has_figures_here():
    assert set(FIGURES) == set(get_args(LimitKind))


def fixture_catalog():
    return load_catalog(DATA / "catalog")


def agent_with_everything(catalog) -> AgentPlan:
    """One agent: a booking per reason kind (group ones with site or online and a trainer)
    and a gap line per limit kind, plus one with several limits and one with none."""
    modules = [
        PlannedModule(module_id="m_speed_cases", week=3, hours=4, cost=300, raises={"response_timeliness": 2},
                      reason=REASONS[0], online=True, trainer="t_zhao"),
        PlannedModule(module_id="m_compliance_basic", week=1, hours=2, cost=60, mandatory=True,
                      raises={"compliance_scripts": 1}, reason=REASONS[1]),
        PlannedModule(module_id="m_listening_roleplay", week=2, hours=3, cost=150, raises={"active_listening": 1},
                      reason=REASONS[2], site="chengdu", trainer="t_zhao"),
        PlannedModule(module_id="m_compliance_objections", week=4, hours=6, cost=400,
                      raises={"compliance_scripts": 2}, reason=REASONS[3], site="hangzhou", trainer="t_sun"),
    ]
    limits = [GapLimit(kind=kind, module_id="m_solving_cases", week=5, figures=figures)
              for kind, figures in FIGURES.items()]
    comps = sorted(catalog.competencies)
    # Every limit kind on some gap: the competencies share them out, several per line.
    gaps = [GapLine(competency=cid, current=0, target=2, planned=1, weight=1.0, limits=limits[i::len(comps)])
            for i, cid in enumerate(comps)]
    return AgentPlan(agent_id="z9", name="王小明", team="金融一组", role="frontline_agent", industry="finance",
                     site="chengdu", hours_per_week=6, budget=2000, modules=modules, total_hours=15, total_cost=910,
                     gaps=gaps,
                     shares=[ShareLine(tag="compliance", min=0.4, achieved=0.53, hours=8)])


def _cycle(items: list[str], n: int) -> list[str]:
    return [items[i % len(items)] for i in range(n)]


@pytest.mark.parametrize("kind", sorted(FIGURES))
def test_every_limit_is_a_full_sentence_with_its_figures_in_both_languages(kind):
    catalog, agent = fixture_catalog(), agent_with_everything(fixture_catalog())
    limit = GapLimit(kind=kind, module_id="m_solving_cases", week=5, figures=FIGURES[kind])
    en, zh = limit_sentence(catalog, agent, limit, "en"), limit_sentence(catalog, agent, limit, "zh")
    assert en[0].isupper() and en.endswith(".") and zh.endswith("。")
    for figure in NUMBERS.get(kind, []):
        assert figure in en, (kind, en)
    assert not ENGLISH_RUN.search(zh), (kind, zh)
    assert "m_solving_cases" not in en + zh and "{" not in en + zh


def test_booking_reasons_read_as_the_l_and_d_team_writes_them():
    catalog, agent = fixture_catalog(), agent_with_everything(fixture_catalog())
    zh = [booking_reason(catalog, agent, r, "zh") for r in REASONS]
    assert zh == ["补齐差距：响应时效 → 进阶", "强制复训：合规话术（基础）",
                  "入门要求：为后续《30 秒首个方案：情景案例》取得 主动倾听 基础",
                  "练习：满足“合规话术至少 40 %”的行业占比规则"]
    en = [booking_reason(catalog, agent, r, "en") for r in REASONS]
    assert en == ["Closes the gap: Response timeliness → advanced", "Mandatory retraining: Compliance scripts (basic)",
                  "Entry requirement: Active listening at basic, needed for the later “First proposal in 30 "
                  "seconds: scenario cases”", "Practice: meets the industry share rule “Compliance scripts at least 40 %”"]
    assert booking_reason(catalog, agent, None, "zh") == ""


def test_several_limits_are_joined_and_old_files_fall_back_to_the_reason():
    catalog, agent = fixture_catalog(), agent_with_everything(fixture_catalog())
    both = GapLine(competency="self_regulation", current=0, target=2, planned=1, weight=1, reason="budget: spent",
                   limits=[GapLimit(kind="personal_budget", figures=FIGURES["personal_budget"]),
                           GapLimit(kind="mentor")])
    assert open_gap_text(catalog, agent, both, "en", "-").count(". ") == 1
    assert open_gap_text(catalog, agent, both, "zh", "-").count("。") == 2
    old = both.model_copy(update={"limits": []})
    assert open_gap_text(catalog, agent, old, "en", "-") == "budget: spent"
    assert not ENGLISH_RUN.search(open_gap_text(catalog, agent, old, "zh", "-"))
    assert open_gap_text(catalog, agent, old.model_copy(update={"reason": None}), "zh", "计划未说明") == "计划未说明"


# --- no English in a Chinese IDP -------------------------------------------------------------

WORD = r"[A-Za-z]+(?:['’-][A-Za-z]+)*"
ENGLISH_RUN = re.compile(rf"{WORD}(?:[ \t\u00a0]+{WORD})+")  # within one line: cells end lines


class _Visible(HTMLParser):
    """The text a reader sees: no <head> (style, title), no attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("head", "style", "script"):
            self._hidden += 1
        elif tag in ("br", "li", "td", "th", "p", "tr", "text", "h1", "h2", "h3"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("head", "style", "script"):
            self._hidden -= 1
        elif tag in ("td", "th", "li", "p", "text", "h1", "h2", "h3", "small", "span"):
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "".join(parser.parts)


def english_runs(html: str, people: set[str]) -> list[str]:
    """Runs of two or more English words; people's names are data, not sentences."""
    text = visible_text(html)
    for name in sorted(people, key=len, reverse=True):
        text = text.replace(name, " ")
    return ENGLISH_RUN.findall(text)


# Acronyms (KPI, CSAT, CRM, VR/AR) and these words are how Chinese contact centres write them.
LATIN_IN_CHINESE = {"App"}


def english_words(html: str, people: set[str]) -> list[str]:
    """Stricter: any word with a lowercase letter (a unit like "points", a lone "online")."""
    text = visible_text(html)
    for name in sorted(people, key=len, reverse=True):
        text = text.replace(name, " ")
    words = re.findall(rf"(?<![A-Za-z0-9_]){WORD}(?![A-Za-z0-9_])", text)
    return sorted({w for w in words if w not in LATIN_IN_CHINESE and any(c.islower() for c in w)})


def ids_shown(html: str, ids) -> list[str]:
    text = visible_text(html)
    return sorted(i for i in ids if re.search(rf"(?<![A-Za-z0-9_]){re.escape(i)}(?![A-Za-z0-9_])", text))


def test_a_chinese_idp_of_the_v12_fixture_plan_has_no_english_sentence_and_no_module_id():
    catalog = fixture_catalog()
    plan = Plan.model_validate_json((DATA / "plan_v12.json").read_text(encoding="utf-8"))
    profiles = load_agent_profiles(DATA / "profiles")
    inputs = ReportInputs(plan, catalog, profiles)
    people = {a.name for a in plan.agents} | {p.manager for p in profiles.values() if p.manager}
    for agent in plan.agents:
        html = render("idp", build_idp(inputs, agent.agent_id, "zh"), "html")
        assert english_runs(html, people) == [], agent.agent_id
        assert english_words(html, people) == [], agent.agent_id
        assert ids_shown(html, catalog.modules) == [], agent.agent_id


def test_a_chinese_idp_with_every_reason_limit_venue_and_trainer_has_no_english_sentence():
    catalog = fixture_catalog()
    agent = agent_with_everything(catalog)
    plan = Plan(status="OPTIMAL", objective=1, bound=1, gap=0, weeks=12, start_date=dt.date(2026, 11, 2),
                agents=[agent])
    html = render("idp", build_idp(ReportInputs(plan, catalog, {}), agent.agent_id, "zh"), "html")
    assert english_runs(html, {agent.name}) == [] and english_words(html, {agent.name}) == []
    assert ids_shown(html, list(catalog.modules) + list(catalog.trainers) + list(catalog.sites)) == []
    for shown in ("线上直播", "成都", "杭州", "赵磊", "孙慧", "练习：", "入门要求：", "强制复训：", "补齐差距："):
        assert shown in html
    en = render("idp", build_idp(ReportInputs(plan, catalog, {}), agent.agent_id, "en"), "html")
    for shown in ("Live online", "Chengdu", "Zhao Lei", "Practice: ", "Entry requirement: "):
        assert shown in en


def test_a_chinese_idp_of_the_shipped_catalog_names_every_kpi_and_module_in_chinese():
    """Every module of the shipped catalog booked once, so every tier's indicators and KPI
    thresholds appear in the assessment table; every limit kind on a gap."""
    catalog = load_catalog()
    role, industry = "frontline_agent", "finance"
    modules = [PlannedModule(module_id=m.id, week=1 + i % 12, hours=m.hours, cost=m.cost,
                             raises={r.competency: int(r.tier) for r in m.raises},
                             reason=BookingReason(kind="gap", competency=m.raises[0].competency,
                                                  tier=int(m.raises[0].tier)) if m.raises else None,
                             online=m.mode.value == "live_online")
               for i, m in enumerate(sorted(catalog.modules.values(), key=lambda m: m.id))]
    shipped = dict(FIGURES, audience={"industries": "retail, telecom", "roles": "team_lead"},
                   completed={"module": sorted(catalog.modules)[0]},
                   entry={"competency": sorted(catalog.competencies)[0], "tier": 2},
                   share={"share": "compliance_script", "min": 0.4, "after": 0.33},
                   class_min={"min": 6, "takers": 1, "site": "online"})
    comps = sorted(catalog.competencies)
    gaps = [GapLine(competency=cid, current=0, target=3, planned=1, weight=1.0 + i % 3,
                    mandatory=i % 5 == 0, reason="English reason from the planner",
                    limits=[GapLimit(kind=kind, module_id=sorted(catalog.modules)[i], week=4,
                                     figures=shipped[kind])] if i < len(shipped) else [])
            for i, (cid, kind) in enumerate(zip(comps, _cycle(list(shipped), len(comps))))]
    agent = AgentPlan(agent_id="SHF999", name="李华", team="上海信用卡一组", role=role, industry=industry,
                      hours_per_week=8, budget=None, modules=modules, gaps=gaps)
    plan = Plan(status="OPTIMAL", objective=1, bound=1, gap=0, weeks=12, start_date=dt.date(2026, 11, 2),
                agents=[agent])
    html = render("idp", build_idp(ReportInputs(plan, catalog, {}), agent.agent_id, "zh"), "html")
    assert english_runs(html, {agent.name}) == [] and english_words(html, {agent.name}) == []
    assert ids_shown(html, catalog.modules) == []
    metrics = {k.metric for c in catalog.competencies.values() for t in c.tiers.values() for k in t.kpi}
    assert ids_shown(html, metrics) == [], "a KPI metric has no Chinese name in reports/labels.py METRICS"
    assert Tier.EXPERT.label("zh") in html


def test_edge_figures_read_naturally_and_a_module_is_named_once_per_gap():
    catalog, agent = fixture_catalog(), agent_with_everything(fixture_catalog())

    def say(kind, lang="en", **figures):
        return limit_sentence(catalog, agent, GapLimit(kind=kind, module_id="m_solving_cases", figures=figures), lang)

    assert "no hours free" in say("hours", module_hours=3, weekly_hours=4, free_hours=0)
    assert "已没有空余学时" in say("hours", "zh", module_hours=3, weekly_hours=4, free_hours=0)
    assert "all 1,500 CNY is spent" in say("personal_budget", cost=800, left=0, budget=1500)
    assert "预算 1,500 CNY 已用完" in say("personal_budget", "zh", cost=800, left=0, budget=1500)
    assert "before the plan ends (week 12)" in say("horizon", weeks=12, ready_week=13)
    # A share just below its minimum is not rounded up to it.
    assert "34.9 %, below the minimum of 35 %" in say("share", share="compliance", min=0.35, after=0.349)
    line = GapLine(competency="problem_solving", current=1, target=2, planned=1, weight=1, limits=[
        GapLimit(kind="hours", module_id="m_solving_cases", figures={"module_hours": 4, "weekly_hours": 3}),
        GapLimit(kind="class_min", module_id="m_solving_cases", figures={"min": 6, "takers": 1, "site": "chengdu"})])
    en, zh = open_gap_text(catalog, agent, line, "en", "-"), open_gap_text(catalog, agent, line, "zh", "-")
    assert en.count("Second-contact resolution case study") == 1 and "A class of the module" in en
    assert zh.count("二次接触解决案例研讨") == 1 and "该课程在成都至少需要 6 人开班" in zh


def test_a_class_a_new_module_would_fold_names_the_practice_booking_it_replaces():
    catalog, agent = fixture_catalog(), agent_with_everything(fixture_catalog())
    limit = GapLimit(kind="class_min", module_id="m_solving_cases", week=5,
                     figures={"min": 6, "takers": 3, "site": "chengdu", "drops": "m_listening_roleplay",
                              "replaces": "m_listening_roleplay"})
    en, zh = limit_sentence(catalog, agent, limit, "en"), limit_sentence(catalog, agent, limit, "zh")
    listening = catalog.modules["m_listening_roleplay"].title
    assert listening.get("en") in en and "practice" in en and "3" in en and "6" in en
    assert listening.get("zh") in zh and "练习" in zh and not ENGLISH_RUN.search(zh)
