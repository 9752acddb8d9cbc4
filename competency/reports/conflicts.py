"""Why targets cannot be met (plan.conflicts, format 1.3) as sentences in the report language,
with catalog names for competencies, modules, teams and trainers. Plan files before 1.3 only
have the planner's English sentences: those are shown as they are, with a note in Chinese."""

from __future__ import annotations

from ..model.catalog import Catalog
from ..planner.plan.schema import Conflict, ConflictModule, ConflictRule, Plan
from .names import comp_name, item_name, module_title
from .reasons import _hours, _money, _n, _pct, share_rule_label, tier_name

_OLD_PLAN_ZH = "（1.3 版之前的计划文件只有英文说明）"


def conflict_lines(catalog: Catalog, plan: Plan, lang: str) -> list[str]:
    if plan.conflicts and len(plan.conflicts) == len(plan.infeasibility):
        return [conflict_sentence(catalog, plan, c, lang) for c in plan.conflicts]
    if lang == "zh" and plan.infeasibility:
        return [f"{line}{_OLD_PLAN_ZH}" for line in plan.infeasibility]
    return list(plan.infeasibility)


def _who(plan: Plan, agents: list[str], lang: str) -> str:
    names = {a.agent_id: a.name or a.agent_id for a in plan.agents}
    shown = [a if names.get(a, a) == a else f"{names[a]}（{a}）" if lang == "zh" else f"{names[a]} ({a})"
             for a in agents]
    if not shown:
        return ""
    return ("、".join(shown) + "：") if lang == "zh" else (", ".join(shown) + ": ")


def _title(catalog: Catalog, module_id: str, lang: str) -> str:
    title = module_title(catalog, module_id, lang)
    return f"《{title}》" if lang == "zh" else f"“{title}”"


def _module(catalog: Catalog, m: ConflictModule, lang: str) -> str:
    f, t, zh = m.figures, _title(catalog, m.module_id, lang), lang == "zh"
    if m.why == "completed":
        return f"{t}已完成" if zh else f"{t} is already completed"
    if m.why == "hours":
        need, week = _hours(f.get("module_hours"), lang), _hours(f.get("weekly_hours"), lang)
        return f"{t}需要 {need}，每周只有 {week}" if zh else f"{t} takes {need} but only {week} a week are available"
    if m.why == "budget":
        cost, budget = _money(f.get("cost"), catalog.info.currency, lang), _money(f.get("budget"),
                                                                               catalog.info.currency, lang)
        return (f"{t}费用 {cost}，超过个人预算 {budget}" if zh
                else f"{t} costs {cost}, over the personal budget {budget}")
    if m.why == "audience":
        return f"{t}面向其他行业或岗位" if zh else f"{t} is meant for other industries or roles"
    if m.why == "trainer":
        site = item_name(catalog.sites, str(f.get("site") or ""), lang) if f.get("site") else ""
        return (f"{t}在{site or '其所在地点'}没有讲师" if zh
                else f"{t} has no trainer who teaches it at {site or 'their site'}")
    return (f"{t}需要本计划无法提供的入门等级、导师或班级" if zh
            else f"{t} needs entry levels, a mentor or a class the plan cannot provide")


def _rule(catalog: Catalog, plan: Plan, r: ConflictRule, lang: str) -> str:
    f, zh, cur = r.figures, lang == "zh", catalog.info.currency
    if r.kind == "hours":
        return f"每周学时上限 {_hours(f.get('weekly_hours'), lang)}" if zh else \
            f"the weekly limit of {_hours(f.get('weekly_hours'), lang)}"
    if r.kind in ("budget", "cohort_budget"):
        money = _money(f.get("budget"), str(f.get("currency") or cur), lang)
        if zh:
            return f"{'个人' if r.kind == 'budget' else '团队'}预算 {money}"
        return f"the {'personal' if r.kind == 'budget' else 'cohort'} budget of {money}"
    if r.kind == "share":
        industry = next((a.industry for a in plan.agents if a.agent_id == r.agent), "")
        label = share_rule_label(catalog, industry, str(f.get("tag", "")), lang)
        low = _pct(f.get("min"))
        return f"“{label}”学时至少占 {low}" if zh else f"at least {low} of hours on “{label}”"
    if r.kind == "mandatory":
        comp, tier = comp_name(catalog, str(f.get("competency")), lang), tier_name(f.get("tier"), lang)
        return (f"第 {_n(f.get('deadline'))} 周前完成{comp}（{tier}）强制复训" if zh
                else f"mandatory {comp} retraining ({tier}) by week {_n(f.get('deadline'))}")
    if r.kind == "team":
        return (f"团队“{f.get('team')}”每周最多 {_n(f.get('cap'))} 人参训" if zh
                else f"team “{f.get('team')}” having at most {_n(f.get('cap'))} agents in training each week")
    if r.kind == "sessions_cap":
        cap = _n(f.get("sessions"))
        return f"每周最多 {cap} 场集中课程" if zh else f"at most {cap} sessions a week"
    if r.kind == "trainer":
        name = item_name(catalog.trainers, str(r.agent), lang)
        caps = [(f"{_n(f['sessions'])} 场" if zh else f"{_n(f['sessions'])} sessions") if "sessions" in f else "",
                _hours(f["hours"], lang) if "hours" in f else ""]
        joined = ("、" if zh else " and ").join(c for c in caps if c)
        return f"讲师{name}每周最多授课 {joined}" if zh else f"trainer {name} teaching at most {joined} a week"
    return (f"导师 {r.agent} 每周最多带 {_n(f.get('mentees'))} 名学员" if zh
            else f"mentor {r.agent} taking at most {_n(f.get('mentees'))} mentees a week")


def conflict_sentence(catalog: Catalog, plan: Plan, c: Conflict, lang: str) -> str:
    f, zh = c.figures, lang == "zh"
    who = _who(plan, c.agents, lang)
    comp, tier = comp_name(catalog, str(f.get("competency", "")), lang), tier_name(f.get("tier"), lang)
    what = f"{comp}（{tier}）强制复训" if zh else f"mandatory {comp} retraining ({tier})"
    deadline = _n(f.get("deadline"))
    if c.kind == "rules":
        parts = [_rule(catalog, plan, r, lang) for r in c.rules]
        return who + ("、".join(parts) + "无法同时满足。" if zh else " and ".join(parts) + " cannot all hold.")
    if c.kind == "mandatory_unplannable":
        why = ("；" if zh else "; ").join(_module(catalog, m, lang) for m in c.modules)
        if not why:
            why = "目录中没有培训该等级的课程" if zh else "no module in the catalog trains that tier"
        return who + (f"{what}无法安排：{why}。" if zh else f"{what} cannot be planned: {why}.")
    if c.kind == "mandatory_hours":
        need, have, week = (_hours(f.get(k), lang) for k in ("need", "available", "weekly_hours"))
        return who + (f"{what}需在第 1–{deadline} 周内完成 {need}，但只有 {have}（每周 {week}）。" if zh
                      else f"{what} needs {need} in weeks 1-{deadline} but only {have} are available ({week} a week).")
    if c.kind == "mandatory_chain":
        steps = _n(f.get("steps"))
        return who + (f"{what}需要逐周连续提升 {steps} 个等级，但须在第 {deadline} 周前完成。" if zh
                      else f"{what} needs {steps} tiers learned one week after another but is due by week {deadline}.")
    if c.kind == "mandatory_room":
        need = _hours(f.get("need"), lang)
        return who + (f"{what}需在第 1–{deadline} 周内完成 {need}，计划中的其他安排已没有空余。" if zh
                      else f"{what} needs {need} in weeks 1-{deadline}, which the rest of the plan leaves no room for.")
    if c.kind == "mandatory_unplaced":
        return who + (f"快速排课未能在第 {deadline} 周前安排{what}。" if zh
                      else f"the quick planner could not place {what} by week {deadline}.")
    if c.kind == "no_single_rule":
        return ("放宽任何单条规则都无法得到可行计划。" if zh
                else "No single rule can be relaxed to make the plan feasible.")
    return "求解器在时限内未找到计划。" if zh else "The solver found no plan within the time limit."
