"""Generate the sample agent profiles in profiles/ (seeded; the YAML output is committed).

Three teams in three industries, 46 agents. Each agent's history is 2-3 dated formal
assessments per targeted competency over 2026 on the 0-100 scale, a few self-evaluations
and KPI results, and a failed latest assessment (mandatory retraining) for about 10 % of
agents. Typical agents end 4-10 competencies below their role target.

    python tools/make_sample_profiles.py [--catalog DIR] [--out profiles]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

from competency.io.atomic import write_text_atomic
from competency.io.profiles import dump_profile
from competency.model import Tier, load_catalog
from competency.model.profile import AgentProfile, Assessment, CompletedModule
from competency.planner.scoring.evidence import kpi_tier

TEAMS = [
    {"folder": "suzhou-manufacturing-hotline", "prefix": "SZM", "team": "苏州制造热线一组", "site": "苏州工业园区",
     "industry": "manufacturing", "manager": "周涛", "assessors": ["李敏", "周涛", "质检-顾晓峰"],
     "names": ["王建国", "陈晓燕", "刘洋", "张丽娟", "杨帆", "黄志强", "吴婷婷", "徐磊", "孙悦", "马俊杰",
               "朱海燕", "胡斌", "郭静", "何鹏", "林晓彤", "David Zhou"]},
    {"folder": "shanghai-card-services", "prefix": "SHF", "team": "上海信用卡服务组", "site": "上海浦东",
     "industry": "finance", "manager": "沈佳怡", "assessors": ["沈佳怡", "合规质检-钱程", "陆文"],
     "names": ["Zhang Wei", "Emily Chen", "Li Na", "王思雨", "赵敏", "钱坤", "孙丽华", "周子轩", "吴佳琪",
               "郑凯", "冯雪", "陈昊天", "褚静怡", "卫东", "蒋欣然"]},
    {"folder": "hangzhou-omnichannel-retail", "prefix": "HZR", "team": "杭州全渠道零售组", "site": "杭州滨江",
     "industry": "retail", "manager": "韩梅", "assessors": ["韩梅", "培训师-吴老师", "质检-潘越"],
     "names": ["孙丽", "Kevin Wang", "何静", "吕晨", "施雨桐", "张恒", "孔令辉", "曹雪", "严文博", "金晶",
               "魏然", "陶子豪", "姜雯", "戚小龙", "谢安琪"]},
]
ROLE_MIX = ["new_agent", "new_agent", "senior_agent", "senior_agent", "senior_agent", "team_lead", "qa_coach"] \
    + ["frontline_agent"] * 9
ROUNDS = [("2026Q1_季度技能考核.xlsx", 1, 3), ("2026Q2_季度技能考核.xlsx", 4, 6), ("2026Q3_季度技能考核.xlsx", 7, 9)]
BANDS = {Tier.NONE: (42, 59), Tier.BASIC: (60, 74), Tier.ADVANCED: (75, 89), Tier.EXPERT: (90, 98)}
KPI = {  # metric -> (typical good value, typical weak value)
    "first_response_seconds": (4, 9), "fcr_rate": (86, 66), "csat": (4.7, 3.9),
    "complaint_rate": (0.6, 3.2), "positive_wording_rate": (92, 78),
}


def day(rng: random.Random, first_month: int, last_month: int) -> dt.date:
    return dt.date(2026, rng.randint(first_month, last_month), rng.randint(1, 28))


def formal(rng, tier: Tier, source: str, date: dt.date, assessors, passed: bool = True) -> Assessment:
    """A 0-100 result; a failed one tested the next tier (考核级别) and scored below the pass mark."""
    score = rng.randint(*BANDS[tier]) if passed else rng.randint(45, 58)
    return Assessment(date=date, source=source, kind="formal", raw=str(score), scale="percent", score=score,
                      tier=tier, passed=passed, assessor=rng.choice(assessors),
                      level=None if passed else Tier(min(3, tier + 1)))


def history(rng, final: Tier, team, failed: bool) -> list[Assessment]:
    """2-3 rounds ending at ``final``; earlier rounds never higher (people progress)."""
    rounds = ROUNDS[rng.randint(0, 1):]
    tiers = sorted(Tier(max(0, final - rng.choice((0, 0, 1)))) for _ in rounds[:-1]) + [final]
    entries = [formal(rng, t, src, day(rng, a, b), team["assessors"]) for t, (src, a, b) in zip(tiers, rounds)]
    if failed:  # the latest round tested the next tier and was failed: mandatory retraining
        src, a, b = ROUNDS[-1]
        entries[-1] = formal(rng, final, src, day(rng, a, b), team["assessors"], passed=False)
    return entries


def make_agent(rng: random.Random, catalog, team, index: int, role: str, failed: bool) -> AgentProfile:
    name = team["names"][index]
    targets = catalog.targets(catalog.roles[role], catalog.industries[team["industry"]])
    ranked = sorted(targets, key=lambda c: (-catalog.weight(c, catalog.roles[role], catalog.industries[team["industry"]])
                                             * rng.random(), c))
    below = set(ranked[: rng.randint(4, 10) if role != "new_agent" else rng.randint(6, 10)])
    failing = rng.choice(sorted(below)) if failed else None
    assessments: dict[str, list[Assessment]] = {}
    for cid, target in sorted(targets.items()):
        if cid in below:
            final = Tier(max(0, target - (2 if target >= 2 and rng.random() < 0.2 else 1)))
        else:
            final = Tier(min(3, target + (1 if rng.random() < 0.08 else 0)))
        if final == Tier.NONE and cid != failing and rng.random() < 0.5:
            continue  # never assessed yet
        assessments[cid] = history(rng, final, team, cid == failing)
    for cid in rng.sample(sorted(targets), 2) if rng.random() < 0.3 else []:
        held = assessments.get(cid, [])[-1].tier if assessments.get(cid) else Tier.NONE
        claim = Tier(min(3, held + 1))  # self-evaluations run a step optimistic
        assessments.setdefault(cid, []).append(Assessment(
            date=day(rng, 9, 10), source="2026年度自评", kind="self", raw=claim.zh, scale="tiers", tier=claim))
    if rng.random() < 0.6:
        add_kpis(rng, catalog, assessments, set(targets), below)
    completed = completed_modules(rng, catalog, assessments)
    return AgentProfile(
        id=f"{team['prefix']}{index + 1:03d}", name=name, team=team["team"], site=team["site"], role=role,
        industry=team["industry"], manager=team["manager"], language="en" if name.isascii() else "zh",
        hours_per_week=rng.choice((3, 3.5, 4, 4, 4.5, 5, 6)),
        budget=rng.choice((None, None, 1500, 2000, 3000, 4000)), hourly_cost=rng.choice((45, 55, 60, 70)),
        completed=completed, assessments=assessments)


def add_kpis(rng, catalog, assessments, targeted: set[str], below: set[str]) -> None:
    date = dt.date(2026, 9, 30)
    for metric, (good, weak) in KPI.items():
        value = round(rng.uniform(min(good, weak), max(good, weak)), 1)
        for cid, comp in sorted(catalog.competencies.items()):
            tier = kpi_tier(comp, metric, value)
            if tier is not None and cid in targeted:
                assessments.setdefault(cid, []).append(Assessment(
                    date=date, source="2026-09_KPI月报.xlsx", kind="kpi", raw=f"{value:g}", score=value,
                    tier=tier, metric=metric))


def completed_modules(rng, catalog, assessments) -> list[CompletedModule]:
    held = {c: max((a.tier for a in h if a.kind == "formal"), default=Tier.NONE) for c, h in assessments.items()}
    done = [m for m in sorted(catalog.modules.values(), key=lambda m: m.id)
            if m.raises and all(held.get(r.competency, Tier.NONE) >= r.tier for r in m.raises)
            and all(r.tier == Tier.BASIC for r in m.raises)]
    picks = rng.sample(done, min(len(done), rng.randint(1, 3)))
    return [CompletedModule(module=m.id, date=day(rng, 1, 6), source="LMS") for m in picks]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", default=None)
    parser.add_argument("--out", default="profiles")
    args = parser.parse_args()
    catalog = load_catalog(args.catalog)
    rng = random.Random(2026)
    count = 0
    for team in TEAMS:
        roles = ROLE_MIX[: len(team["names"])]
        rng.shuffle(roles)
        failing = set(rng.sample(range(len(roles)), 2 if team["prefix"] != "HZR" else 1))
        for index, role in enumerate(roles):
            agent = make_agent(rng, catalog, team, index, role, index in failing)
            write_text_atomic(Path(args.out) / team["folder"] / f"{agent.id}.yaml", dump_profile(agent))
            count += 1
    print(f"wrote {count} profiles in {args.out}/")


if __name__ == "__main__":
    main()
