"""View model of an individual development plan: plain dicts and numbers, no formatting logic
in templates beyond filters, so Markdown, HTML and PDF show the same facts."""

from __future__ import annotations

import datetime as dt

from ..progress.idp_changes import idp_changes
from ..model.catalog import Catalog
from ..model.tiers import Tier
from ..planner.plan.schema import AgentPlan
from .charts import radar_svg
from .inputs import ReportInputs
from .labels import date_range, kpi_text, labels
from .language import language_note
from .levels import agent_levels, domain_levels
from .names import comp_name, domain_name, item_name, metric_label, mode_name, module_title
from .ranking import RANK_NOTE, level_rank_key, line_severity
from .reasons import booking_reason, open_gap_text, site_name, trainer_name


def build_idp(inputs: ReportInputs, agent_id: str, lang: str) -> dict:
    plan, catalog = inputs.plan, inputs.catalog
    agent = plan.agent(agent_id)
    profile = inputs.profiles.get(agent_id)
    t = labels(lang, catalog.info.currency)
    levels = agent_levels(catalog, agent)
    domains = domain_levels(catalog, levels)
    # The ranking of `competency gaps` (reports/ranking.py): severity, mandatory first on ties.
    ranked = sorted((lv for lv in levels if lv.open_steps or lv.mandatory), key=level_rank_key)
    lines = {line.competency: line for line in agent.gaps}
    return {
        "lang": lang,
        "language_note": language_note(profile.language if profile else None, lang),
        "t": t,
        "currency": catalog.info.currency,
        "header": {
            "name": agent.name or (profile.name if profile else agent_id),
            "agent_id": agent.agent_id,
            "team": agent.team or (profile.team if profile else ""),
            "site": (site_name(catalog, agent.site, False, lang) if agent.site
                     else profile.site if profile and profile.site else ""),
            "role": item_name(catalog.roles, agent.role, lang),
            "industry": item_name(catalog.industries, agent.industry, lang),
            "manager": profile.manager if profile and profile.manager else "",
            "period": date_range(plan.start_date, plan.weeks * 7),
            "weeks": plan.weeks,
            "hours_per_week": agent.hours_per_week,
            "budget": agent.budget,
        },
        "radar": radar_svg(
            [(catalog.domains[d.domain].name.get(lang), d.current, d.target, d.planned) for d in domains],
            {"current": t["current"], "target": t["target"], "planned": t["after_plan"]},
        ),
        "domains": [{"name": catalog.domains[d.domain].name.get(lang), "current": d.current,
                     "target": d.target, "planned": d.planned} for d in domains],
        "gaps": [
            {"rank": rank, "competency": comp_name(catalog, lv.competency, lang),
             "domain": domain_name(catalog, lv.domain, lang),
             "current": Tier(lv.current).label(lang), "target": Tier(lv.target).label(lang),
             "planned": Tier(lv.planned).label(lang), "weight": lv.weight, "mandatory": lv.mandatory,
             "severity": line_severity(lv.current, lv.target, lv.weight, lv.mandatory),
             "indicators": _indicators(catalog, lv.competency, lv.current + 1, lang)}
            for rank, lv in enumerate(ranked, start=1)
        ],
        "rank_note": RANK_NOTE[lang],
        "schedule": _schedule(inputs, agent, lang),
        "changes": idp_changes(inputs.since, agent_id, catalog, lang),
        "totals": {"hours": agent.total_hours, "cost": agent.total_cost, "off_phone": agent.off_phone_cost},
        "steps": _steps(catalog, agent, lang),
        "retraining": _retraining(inputs, agent, lang),
        "remaining": [
            {"competency": comp_name(catalog, lv.competency, lang), "planned": Tier(lv.planned).label(lang),
             "target": Tier(lv.target).label(lang),
             "reason": open_gap_text(catalog, agent, lines[lv.competency], lang, t["no_reason"])
             if lv.competency in lines else t["no_reason"]}
            for lv in ranked if lv.planned < lv.target
        ],
    }


def _schedule(inputs: ReportInputs, agent: AgentPlan, lang: str) -> list[dict]:
    catalog, plan = inputs.catalog, inputs.plan
    names = {a.agent_id: a.name or a.agent_id for a in plan.agents}
    rows = []
    for planned in sorted(agent.modules, key=lambda m: (m.week, m.module_id)):
        rows.append({
            "week": planned.week,
            "dates": date_range(plan.week_start(planned.week), 7),
            "title": module_title(catalog, planned.module_id, lang),
            "mode": mode_name(catalog, planned.module_id, lang),
            "hours": planned.hours, "cost": planned.cost, "mandatory": planned.mandatory,
            "mentor": names.get(planned.mentor, planned.mentor) if planned.mentor else "",
            "why": booking_reason(catalog, agent, planned.reason, lang),
            "venue": site_name(catalog, planned.site, planned.online, lang),
            "trainer": trainer_name(catalog, planned.trainer, lang),
            # Practice bookings add share hours, no new tier (plan format 1.2).
            "reaches": [] if _practice(planned) else [f"{comp_name(catalog, cid, lang)} → {Tier(tier).label(lang)}"
                                                      for cid, tier in sorted(planned.raises.items())],
        })
    return rows


def _steps(catalog: Catalog, agent: AgentPlan, lang: str) -> list[dict]:
    steps = []
    for planned in sorted(agent.modules, key=lambda m: (m.week, m.module_id)):
        if _practice(planned):
            continue
        for cid, tier in sorted(planned.raises.items()):
            comp = catalog.competencies.get(cid)
            spec = comp.tiers.get(Tier(tier)) if comp else None
            kpis = [kpi_text(metric_label(catalog, k.metric, lang), k.min, k.max, k.unit, lang)
                    for k in (spec.kpi if spec else [])]
            steps.append({"week": planned.week, "step": f"{comp_name(catalog, cid, lang)} → {Tier(tier).label(lang)}",
                          "indicators": [i.get(lang) for i in spec.indicators] if spec else [], "kpis": kpis})
    return steps


def _practice(planned) -> bool:
    return planned.reason is not None and planned.reason.kind == "practice"


def _retraining(inputs: ReportInputs, agent: AgentPlan, lang: str) -> list[dict]:
    catalog, profile = inputs.catalog, inputs.profiles.get(agent.agent_id)
    rows = []
    for planned in sorted((m for m in agent.modules if m.mandatory), key=lambda m: (m.week, m.module_id)):
        failed: list[dt.date] = []
        if profile is not None:
            failed = [a.date for cid in sorted(planned.raises) for a in profile.history(cid) if not a.passed]
        rows.append({"week": planned.week, "title": module_title(catalog, planned.module_id, lang),
                     "failed": [d.isoformat() for d in failed]})
    return rows


def _indicators(catalog: Catalog, cid: str, tier: int, lang: str) -> list[str]:
    comp = catalog.competencies.get(cid)
    if comp is None or tier > int(Tier.EXPERT):
        return []
    return [ind.get(lang) for ind in comp.tiers[Tier(tier)].indicators]
