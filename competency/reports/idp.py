"""View model of an individual development plan: plain dicts and numbers, no formatting logic
in templates beyond filters, so Markdown, HTML and PDF show the same facts."""

from __future__ import annotations

import datetime as dt

from ..model.catalog import Catalog
from ..model.tiers import Tier
from ..planner.plan import AgentPlan
from .charts import radar_svg
from .inputs import ReportInputs
from .labels import date_range, labels
from .levels import agent_levels, domain_levels
from .names import comp_name, domain_name, item_name, mode_name, module_title


def build_idp(inputs: ReportInputs, agent_id: str, lang: str) -> dict:
    plan, catalog = inputs.plan, inputs.catalog
    agent = plan.agent(agent_id)
    profile = inputs.profiles.get(agent_id)
    t = labels(lang)
    levels = agent_levels(catalog, agent)
    domains = domain_levels(catalog, levels)
    ranked = sorted((lv for lv in levels if lv.open_steps), key=lambda lv: (-lv.weight * lv.open_steps, lv.competency))
    return {
        "lang": lang,
        "t": t,
        "currency": catalog.info.currency,
        "header": {
            "name": agent.name or (profile.name if profile else agent_id),
            "agent_id": agent.agent_id,
            "team": agent.team or (profile.team if profile else ""),
            "site": profile.site if profile and profile.site else "",
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
             "indicators": _indicators(catalog, lv.competency, lv.current + 1, lang)}
            for rank, lv in enumerate(ranked, start=1)
        ],
        "schedule": _schedule(inputs, agent, lang),
        "totals": {"hours": agent.total_hours, "cost": agent.total_cost, "off_phone": agent.off_phone_cost},
        "steps": _steps(catalog, agent, lang),
        "retraining": _retraining(inputs, agent, lang),
        "remaining": [
            {"competency": comp_name(catalog, lv.competency, lang), "planned": Tier(lv.planned).label(lang),
             "target": Tier(lv.target).label(lang), "reason": lv.reason or t["no_reason"]}
            for lv in ranked if lv.planned < lv.target
        ],
    }


def _schedule(inputs: ReportInputs, agent: AgentPlan, lang: str) -> list[dict]:
    catalog, plan = inputs.catalog, inputs.plan
    rows = []
    for planned in sorted(agent.modules, key=lambda m: (m.week, m.module_id)):
        rows.append({
            "week": planned.week,
            "dates": date_range(plan.week_start(planned.week), 7),
            "title": module_title(catalog, planned.module_id, lang),
            "mode": mode_name(catalog, planned.module_id, lang),
            "hours": planned.hours, "cost": planned.cost, "mandatory": planned.mandatory,
            "mentor": planned.mentor or "",
            "reaches": [f"{comp_name(catalog, cid, lang)} → {Tier(tier).label(lang)}"
                        for cid, tier in sorted(planned.raises.items())],
        })
    return rows


def _steps(catalog: Catalog, agent: AgentPlan, lang: str) -> list[dict]:
    steps = []
    for planned in sorted(agent.modules, key=lambda m: (m.week, m.module_id)):
        for cid, tier in sorted(planned.raises.items()):
            comp = catalog.competencies.get(cid)
            spec = comp.tiers.get(Tier(tier)) if comp else None
            kpis = [f"{k.metric} {'≤ ' + format(k.max, 'g') if k.max is not None else '≥ ' + format(k.min, 'g')}"
                    f"{' ' + k.unit if k.unit else ''}" for k in (spec.kpi if spec else [])]
            steps.append({"week": planned.week, "step": f"{comp_name(catalog, cid, lang)} → {Tier(tier).label(lang)}",
                          "indicators": [i.get(lang) for i in spec.indicators] if spec else [], "kpis": kpis})
    return steps


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
