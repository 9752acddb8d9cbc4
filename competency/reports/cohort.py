"""View model of the cohort curriculum: summary, session calendar, coverage heatmap, shares,
budget split and budget sweep, as plain dicts for every output format."""

from __future__ import annotations

from collections import defaultdict

from ..model.catalog import MODE_NAMES, Catalog
from ..planner.plan.schema import Plan
from ..planner.replan.notes import value_traded
from .charts import sweep_svg
from .conflicts import conflict_lines
from .inputs import ReportInputs
from .labels import date_range, labels, reason_kind, status_name
from .levels import agent_levels, domain_levels
from .names import domain_name, item_name, mode_name, module_title
from .reasons import booking_reason, site_name, trainer_name


def build_cohort(inputs: ReportInputs, lang: str) -> dict:
    plan, catalog = inputs.plan, inputs.catalog
    t = labels(lang, catalog.info.currency)
    closed = sum(a.gaps_closed for a in plan.agents)
    remaining = sum(a.gaps_remaining for a in plan.agents)
    return {
        "lang": lang,
        "t": t,
        "currency": catalog.info.currency,
        "title": catalog.info.name.get(lang),
        "period": date_range(plan.start_date, plan.weeks * 7),
        "summary": {
            "agents": len(plan.agents),
            "hours": sum(a.total_hours for a in plan.agents),
            "cost": plan.total_cost,
            "budget": plan.budget,
            "budget_used": plan.total_cost / plan.budget if plan.budget else None,
            "closed_share": closed / (closed + remaining) if closed + remaining else 1.0,
            "gap": plan.gap,
            # A re-plan's value given up within --value-tolerance: the gap is not the search's.
            "traded": (best - plan.objective) / best if (best := value_traded(plan)) else None,
            "status": status_name(plan.status, lang),
            "solver": plan.solver,
        },
        "agents": [
            {"name": a.name or a.agent_id, "agent_id": a.agent_id, "team": a.team,
             "industry": item_name(catalog.industries, a.industry, lang), "hours": a.total_hours,
             "cost": a.total_cost, "budget": a.budget, "closed": a.gaps_closed, "remaining": a.gaps_remaining,
             "modules": [{"week": m.week, "title": module_title(catalog, m.module_id, lang),
                          "mode": mode_name(catalog, m.module_id, lang), "hours": m.hours, "cost": m.cost,
                          "mandatory": m.mandatory, "why": booking_reason(catalog, a, m.reason, lang),
                          "venue": site_name(catalog, m.site, m.online, lang),
                          "trainer": trainer_name(catalog, m.trainer, lang)}
                         for m in sorted(a.modules, key=lambda m: (m.week, m.module_id))]}
            for a in plan.agents
        ],
        "weeks": list(range(1, plan.weeks + 1)),
        "calendar": _calendar(plan, catalog, lang),
        "sessions": [
            {"week": s.week, "dates": date_range(plan.week_start(s.week), 7),
             "title": module_title(catalog, s.module_id, lang), "mode": mode_name(catalog, s.module_id, lang),
             "count": len(s.participants), "cost": s.cost,
             "participants": [_agent_name(plan, p) for p in s.participants],
             "venue": site_name(catalog, s.site, s.online, lang), "trainer": trainer_name(catalog, s.trainer, lang)}
            for s in sorted(plan.sessions, key=lambda s: (s.week, s.module_id, s.site or "", s.participants))
        ],
        "session_venues": any(s.site or s.online for s in plan.sessions),
        "session_trainers": any(s.trainer for s in plan.sessions),
        "trainer_load": _trainer_load(plan, catalog, lang),
        "reasons": _reasons(plan, lang),
        **_heatmap(inputs, lang),
        "shares": _shares(plan, catalog, lang),
        "budget_by_mode": _by_mode(plan, catalog, lang),
        "budget_by_domain": _by_domain(plan, catalog, lang),
        "off_phone": sum(a.off_phone_cost for a in plan.agents),
        "sweep": [{**p.model_dump(), "status": status_name(p.status, lang)} for p in plan.sweep] if plan.sweep else [],
        "sweep_chart": sweep_svg([(p.budget, p.value) for p in plan.sweep], plan.budget,
                                 t["budget"] + f" ({catalog.info.currency})", t["value"]) if plan.sweep else "",
        "infeasibility": conflict_lines(catalog, plan, lang),
    }


def _agent_name(plan: Plan, agent_id: str) -> str:
    for agent in plan.agents:
        if agent.agent_id == agent_id:
            return agent.name or agent_id
    return agent_id


def session_hours(plan: Plan, catalog: Catalog, module_id: str, participants: list[str]) -> float:
    """Hours one session lasts: the catalog module's, else a participant's booking's."""
    module = catalog.modules.get(module_id)
    if module is not None:
        return module.hours
    for agent in plan.agents:
        if agent.agent_id in participants:
            for planned in agent.modules:
                if planned.module_id == module_id:
                    return planned.hours
    return 0.0


def _trainer_load(plan: Plan, catalog: Catalog, lang: str) -> list[dict]:
    """Per trainer: sites, sessions, hours taught and the busiest week against the
    trainer's weekly capacity; sessions without a trainer are left out."""
    taught: dict[str, list] = defaultdict(list)
    for session in plan.sessions:
        if session.trainer:
            taught[session.trainer].append(session)
    rows = []
    for trainer_id in sorted(taught, key=lambda t: (trainer_name(catalog, t, lang), t)):
        sessions = taught[trainer_id]
        trainer = catalog.trainers.get(trainer_id)
        weekly_sessions: dict[int, int] = defaultdict(int)
        weekly_hours: dict[int, float] = defaultdict(float)
        for s in sessions:
            weekly_sessions[s.week] += 1
            weekly_hours[s.week] += session_hours(plan, catalog, s.module_id, s.participants)
        venues = sorted({site_name(catalog, s.site, s.online, lang) for s in sessions if s.site or s.online})
        peak_sessions, peak_hours = max(weekly_sessions.values()), max(weekly_hours.values())
        cap_sessions = trainer.sessions_per_week if trainer else None
        cap_hours = trainer.hours_per_week if trainer else None
        rows.append({
            "name": trainer_name(catalog, trainer_id, lang), "sites": venues, "sessions": len(sessions),
            "hours": sum(weekly_hours.values()),
            "peak_sessions": peak_sessions, "cap_sessions": cap_sessions,
            "peak_hours": peak_hours, "cap_hours": cap_hours,
            "peak_week": min(w for w, n in weekly_sessions.items() if n == peak_sessions),
            "over": (cap_sessions is not None and peak_sessions > cap_sessions)
            or (cap_hours is not None and peak_hours > cap_hours + 1e-9),
        })
    return rows


def _reasons(plan: Plan, lang: str) -> list[dict]:
    """Bookings, hours and seat cost by reason kind; empty for plan files without reasons."""
    if not any(m.reason for a in plan.agents for m in a.modules):
        return []
    order = ["gap", "mandatory", "entry", "practice", None]
    totals: dict[str | None, list[float]] = {}
    for agent in plan.agents:
        for planned in agent.modules:
            kind = planned.reason.kind if planned.reason else None
            row = totals.setdefault(kind, [0, 0.0, 0.0])
            row[0] += 1
            row[1] += planned.hours
            row[2] += planned.cost
    return [{"name": reason_kind(kind, lang), "bookings": int(totals[kind][0]), "hours": totals[kind][1],
             "cost": totals[kind][2]} for kind in order if kind in totals]


def _calendar(plan: Plan, catalog: Catalog, lang: str) -> list[dict]:
    cells: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for session in sorted(plan.sessions, key=lambda s: (s.week, s.module_id, s.participants)):
        cells[session.module_id][session.week].append(len(session.participants))
    rows = []
    # Rows in order of first session so the calendar reads top-left to bottom-right.
    for module_id in sorted(cells, key=lambda m: (min(cells[m]), m)):
        module = catalog.modules.get(module_id)
        size = f"{module.seats.min}-{module.seats.max}" if module and module.class_size else ""
        counts = [cells[module_id].get(week, []) for week in range(1, plan.weeks + 1)]
        rows.append({"title": module_title(catalog, module_id, lang), "size": size,
                     "min": module.seats.min if module and module.class_size else None,
                     "max": module.seats.max if module and module.class_size else None,
                     "counts": counts, "cells": [" + ".join(str(n) for n in week) for week in counts]})
    return rows


def _heatmap(inputs: ReportInputs, lang: str) -> dict:
    catalog = inputs.catalog
    per_agent = [(a, {d.domain: d for d in domain_levels(catalog, agent_levels(catalog, a))}) for a in inputs.plan.agents]
    domains = [d for d in catalog.domains if any(d in found for _, found in per_agent)]
    rows = []
    for agent, found in per_agent:
        cells = []
        for domain in domains:
            level = found.get(domain)
            cells.append({"before": level.coverage_before if level else None,
                          "after": level.coverage_after if level else None})
        rows.append({"name": agent.name or agent.agent_id, "agent_id": agent.agent_id, "cells": cells})
    return {"heat_domains": [domain_name(catalog, d, lang) for d in domains], "heatmap": rows}


def _shares(plan: Plan, catalog: Catalog, lang: str) -> list[dict]:
    rows = []
    for agent in plan.agents:
        industry = catalog.industries.get(agent.industry)
        rule_labels = {r.tag: r.label.get(lang) for r in industry.shares if r.label} if industry else {}
        for line in agent.shares:
            rows.append({"name": agent.name or agent.agent_id, "industry": item_name(catalog.industries, agent.industry, lang),
                         "rule": rule_labels.get(line.tag, line.tag), "min": line.min, "achieved": line.achieved,
                         "hours": line.hours, "ok": line.achieved + 1e-9 >= line.min})
    return rows


def _by_mode(plan: Plan, catalog: Catalog, lang: str) -> list[dict]:
    seats: dict[str, float] = defaultdict(float)
    sessions: dict[str, float] = defaultdict(float)
    for agent in plan.agents:
        for planned in agent.modules:
            module = catalog.modules.get(planned.module_id)
            seats[module.mode.value if module else ""] += planned.cost
    for session in plan.sessions:
        module = catalog.modules.get(session.module_id)
        sessions[module.mode.value if module else ""] += session.cost
    modes = {m.value: MODE_NAMES[m].get(lang) for m in MODE_NAMES}
    order = list(modes)
    keys = sorted(set(seats) | set(sessions), key=lambda k: (order.index(k) if k in order else len(order), k))
    return [{"name": modes.get(key, key or "?"), "seats": seats[key], "sessions": sessions[key],
             "total": seats[key] + sessions[key]} for key in keys]


def _by_domain(plan: Plan, catalog: Catalog, lang: str) -> list[dict]:
    # A module raising competencies in several domains splits its cost evenly between them.
    totals: dict[str, float] = defaultdict(float)

    def spread(module_id: str, amount: float) -> None:
        module = catalog.modules.get(module_id)
        comps = [r.competency for r in module.raises] if module else []
        domains = [catalog.competencies[c].domain if c in catalog.competencies else "" for c in comps] or [""]
        for domain in domains:
            totals[domain] += amount / len(domains)

    for agent in plan.agents:
        for planned in agent.modules:
            spread(planned.module_id, planned.cost)
    for session in plan.sessions:
        spread(session.module_id, session.cost)
    order = list(catalog.domains)
    return [{"name": domain_name(catalog, d, lang) if d else "?", "total": totals[d]}
            for d in sorted(totals, key=lambda d: (order.index(d) if d in order else len(order), d))]
