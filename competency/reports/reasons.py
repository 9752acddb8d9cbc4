"""Why a booking is in the plan and why a gap stays open, as full sentences in the report
language, from the plan's ``reason`` and ``limits`` fields (docs/plan-format.md, format 1.2).

Everything here is wording: the planner decides the reasons and the figures; this module
only names catalog items (competency, module, site, trainer, share rule) in the language
and formats the numbers. Ids only appear when the catalog does not know them (a plan made
with another catalog), never in place of a name the catalog has.
"""

from __future__ import annotations

from ..model.catalog import ONLINE, Catalog
from ..model.tiers import Tier
from ..planner.plan.schema import AgentPlan, BookingReason, GapLimit, GapLine
from .labels import number
from .names import comp_name, item_name, module_title

_LIVE_ONLINE = {"en": "Live online", "zh": "线上直播"}


def _int(value: object) -> object:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def tier_name(tier: object, lang: str) -> str:
    try:
        return Tier(int(tier)).label(lang)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(tier)


def site_name(catalog: Catalog, site: str | None, online: bool, lang: str) -> str:
    """A session's venue: the catalog site name, "Live online", or the raw site id; "" for none."""
    if online or site == ONLINE:
        return _LIVE_ONLINE[lang]
    if not site:
        return ""
    return item_name(catalog.sites, site, lang)


def trainer_name(catalog: Catalog, trainer: str | None, lang: str) -> str:
    if not trainer:
        return ""
    return item_name(catalog.trainers, trainer, lang)


def share_rule_label(catalog: Catalog, industry: str, tag: str, lang: str) -> str:
    """The industry's wording for a share rule (e.g. 合规话术), else the first industry that
    has a label for the tag, else the tag itself."""
    first = catalog.industries.get(industry)
    others = [i for i in catalog.industries.values() if i is not first]
    for item in ([first] if first is not None else []) + others:
        for rule in item.shares:
            if rule.tag == tag and rule.label:
                return rule.label.get(lang)
    return tag


def share_rule_min(catalog: Catalog, agent: AgentPlan, tag: str) -> float | None:
    for line in agent.shares:
        if line.tag == tag:
            return line.min
    industry = catalog.industries.get(agent.industry)
    for rule in industry.shares if industry else []:
        if rule.tag == tag:
            return rule.min
    return None


def _pct(value: object) -> str:
    """0.4 -> "40 %", 0.349 -> "34.9 %": one decimal where it matters, so a share just
    below its minimum never reads as equal to it."""
    try:
        return f"{number(float(value) * 100)} %"  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)


def _title(catalog: Catalog, module_id: object, lang: str) -> str:
    title = module_title(catalog, str(module_id), lang)
    return f"《{title}》" if lang == "zh" else f"“{title}”"


def booking_reason(catalog: Catalog, agent: AgentPlan, reason: BookingReason | None, lang: str) -> str:
    """One line: why this booking is there; "" for plan files before 1.2 (no reason)."""
    if reason is None:
        return ""
    comp = comp_name(catalog, reason.competency, lang) if reason.competency else ""
    tier = tier_name(reason.tier, lang) if reason.tier is not None else ""
    zh = lang == "zh"
    if reason.kind == "gap":
        return f"补齐差距：{comp} → {tier}" if zh else f"Closes the gap: {comp} → {tier}"
    if reason.kind == "mandatory":
        return f"强制复训：{comp}（{tier}）" if zh else f"Mandatory retraining: {comp} ({tier})"
    if reason.kind == "entry":
        later = _title(catalog, reason.for_module, lang) if reason.for_module else ""
        if zh:
            return f"入门要求：为后续{later or '课程'}取得 {comp} {tier}"
        return f"Entry requirement: {comp} at {tier}, needed for the later {later or 'module'}"
    if reason.kind == "practice":
        tag = reason.share or ""
        label = share_rule_label(catalog, agent.industry, tag, lang)
        low = share_rule_min(catalog, agent, tag)
        if zh:
            rule = f"{label}至少 {_pct(low)}" if low is not None else label
            return f"练习：满足“{rule}”的行业占比规则"
        rule = f"{label} at least {_pct(low)}" if low is not None else label
        return f"Practice: meets the industry share rule “{rule}”"
    return ""


def _n(value: object) -> str:
    """A count or number from the figures (stored as floats): 2.0 -> "2", 1500 -> "1,500"."""
    try:
        return number(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)


def _money(value: object, currency: str, lang: str) -> str:
    try:
        return f"{float(value):,.0f} {currency}"  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return f"{value} {currency}"


def _hours(value: object, lang: str) -> str:
    try:
        text = number(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        text = str(value)
    return f"{text} 小时" if lang == "zh" else f"{text} h"


def _names(table: dict, ids: object, lang: str) -> str:
    parts = [p.strip() for p in str(ids or "").split(",") if p.strip()]
    return ("、" if lang == "zh" else ", ").join(item_name(table, p, lang) for p in parts)


def _zero(value: object) -> bool:
    try:
        return abs(float(value)) < 0.005  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def limit_sentence(catalog: Catalog, agent: AgentPlan, limit: GapLimit, lang: str, named: bool = True) -> str:
    """One limit that keeps a gap open, as a sentence with its figures (docs/reports.md).

    ``named=False`` refers to the module as "the module" / "该课程": the gap's sentence
    before this one named it already."""
    f, zh, cur = limit.figures, lang == "zh", catalog.info.currency
    named = named and bool(limit.module_id)
    m = _title(catalog, limit.module_id, lang) if named else ("该课程" if zh else "the module")
    wk = (f"第 {limit.week} 周" if zh else f"week {limit.week}") if limit.week is not None else ""
    kind = limit.kind
    if kind == "no_module":
        return "目录中没有培训这一步的课程。" if zh else "No module in the catalog trains this step."
    if kind == "audience":
        industries = _names(catalog.industries, f.get("industries"), lang)
        roles = _names(catalog.roles, f.get("roles"), lang)
        if zh:
            who = "；".join(filter(None, [f"行业：{industries}" if industries else "", f"岗位：{roles}" if roles else ""]))
            return f"这一步的课程只面向其他行业或岗位（{who}）。" if who else "这一步的课程只面向其他行业或岗位。"
        who = "; ".join(filter(None, [f"industries: {industries}" if industries else "", f"roles: {roles}" if roles else ""]))
        return (f"The modules for this step are meant for other industries or roles only ({who})." if who
                else "The modules for this step are meant for other industries or roles only.")
    if kind == "completed":
        done = _title(catalog, f.get("module", limit.module_id or ""), lang)
        return (f"已完成{done}，但未达到该等级。" if zh
                else f"The module {done} was completed already without reaching the tier.")
    if kind == "entry":
        comp = comp_name(catalog, str(f.get("competency", "")), lang)
        tier = tier_name(_int(f.get("tier")), lang)
        return (f"需先达到 {comp} {tier}，本计划未能达到。" if zh
                else f"It needs {comp} at {tier} first, which this plan does not reach.")
    if kind == "hours":
        need, week_h = _hours(f.get("module_hours"), lang), _hours(f.get("weekly_hours"), lang)
        if "free_hours" in f:
            free = _hours(f.get("free_hours"), lang)
            if _zero(f.get("free_hours")):
                return (f"每周学时已排满：{m}需要 {need}，但已没有空余学时（每周 {week_h}）。" if zh
                        else f"The weeks are full: {m} needs {need}, with no hours free (of {week_h} a week).")
            return (f"每周学时已排满：{m}需要 {need}，但只剩 {free}（每周 {week_h}）。" if zh
                    else f"The weeks are full: {m} needs {need}, with only {free} free (of {week_h} a week).")
        if zh:
            return f"{m}需要 {need}，超过每周可用的 {week_h}。"
        module = f"The module {m}" if named else "The module"
        return f"{module} takes {need}, more than the {week_h} available a week."
    if kind == "horizon":
        weeks, ready = _n(f.get("weeks")), _n(f.get("ready_week"))
        try:
            after_end = float(f.get("ready_week")) > float(f.get("weeks"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            after_end = False
        if after_end:
            return (f"计划结束（第 {weeks} 周）前无法具备入门等级，已没有剩余的周次安排{m}。" if zh
                    else f"The entry levels are not held before the plan ends (week {weeks}); no week is left "
                         f"for {m}.")
        return (f"入门等级要到第 {ready} 周才具备（计划共 {weeks} 周），已没有剩余的周次安排{m}。" if zh
                else f"The entry levels are only held from week {ready} of {weeks}; no week is left for {m}.")
    if kind in ("personal_budget", "cohort_budget"):
        cost, left, budget = (_money(f.get(k), cur, lang) for k in ("cost", "left", "budget"))
        spent = _zero(f.get("left"))
        if zh:
            which = "个人预算" if kind == "personal_budget" else "团队预算"
            rest = f"预算 {budget} 已用完" if spent else f"预算 {budget} 仅剩 {left}"
            return f"{which}不足：{m}需 {cost}，{rest}。"
        which = "personal" if kind == "personal_budget" else "cohort"
        rest = f"all {budget} is spent" if spent else f"only {left} of {budget} is left"
        return f"The {which} budget is short: {m} costs {cost}, {rest}."
    if kind == "share":
        label = share_rule_label(catalog, agent.industry, str(f.get("share", "")), lang)
        low, after = _pct(f.get("min")), _pct(f.get("after"))
        return (f"加入{m}会使“{label}”的学时占比降至 {after}，低于要求的 {low}。" if zh
                else f"Adding {m} would bring the share of “{label}” hours down to {after}, below the minimum of {low}.")
    if kind == "class_min":
        site = str(f.get("site", ""))
        where = site_name(catalog, site, False, lang)
        takers, low = _n(f.get("takers")), _n(f.get("min"))
        if f.get("drops"):
            # The module would make a practice booking unnecessary, and that class then folds.
            other = _title(catalog, str(f["drops"]), lang)
            if zh:
                return (f"加入{m}后，{other}的练习不再需要，该班{('在' + where) if where else ''}将只剩 {takers} 人，"
                        f"低于开班所需的 {low} 人。")
            return (f"Adding {m} would make the practice in {other} unnecessary, and that class{' at ' + where if where else ''}"
                    f" would fall to {takers}, below the {low} it needs.")
        if zh:
            at = "的线上直播课" if site == ONLINE else (f"在{where}" if where else "")
            return f"{m}{at}至少需要 {low} 人开班，只有 {takers} 人可参加。"
        at = " online" if site == ONLINE else (f" at {where}" if where else "")
        return f"A class of {m} needs at least {low} participants{at}; only {takers} could take it."
    if kind == "class_max":
        most = _n(f.get("max"))
        return (f"{m}各期均已满员（每期最多 {most} 人）。" if zh
                else f"Every session of {m} is full ({most} places each).")
    if kind == "trainer":
        site = str(f.get("site", ""))
        where = site_name(catalog, site, False, lang)
        if zh:
            if site == ONLINE:
                return f"{wk or '当周'}没有可讲授{m}线上直播课的合格讲师。"
            return f"{wk or '当周'}{'在' + where if where else ''}没有可讲授{m}的合格讲师。"
        at = " online" if site == ONLINE else (f" at {where}" if where else "")
        return f"No trainer qualified for {m} is free in {wk or 'that week'}{at}."
    if kind == "sessions_cap":
        cap = _n(f.get("cap"))
        plural = "" if cap == "1" else "s"
        return (f"{wk or '当周'}已达到每周最多 {cap} 场集中课程的上限。" if zh
                else f"The cap of {cap} group session{plural} a week is reached{' in ' + wk if wk else ''}.")
    if kind == "team_cap":
        team, cap = f.get("team", agent.team), _n(f.get("cap"))
        return (f"团队“{team}”{wk or '当周'}参训人数已达上限 {cap} 人。" if zh
                else f"Team “{team}” already has the most agents in training {('in ' + wk) if wk else 'that week'} "
                     f"(cap {cap}).")
    if kind == "mentor":
        return "没有可以再带一名学员的导师。" if zh else "No mentor is free to take another mentee."
    if kind == "weight":
        return ("非重点：该能力项对本岗位和行业的权重为 0。" if zh
                else "Not a priority: the competency has weight 0 for this role and industry.")
    if kind == "unproven":
        return ("这一步可以安排，但求解在证明最优之前已停止。" if zh
                else "The step fits, but the search stopped before proving the plan optimal.")
    return "计划在现有规则下无法安排这一步。" if zh else f"Limited by rule {kind}."


# Limit kinds whose sentence names the limit's module (the others speak of the step).
_NAMES_MODULE = frozenset({"hours", "horizon", "personal_budget", "cohort_budget", "share", "class_min",
                           "class_max", "trainer"})
_NO_LIMITS_ZH = "计划在现有学时、预算和排课规则下未能安排这一步。"


def open_gap_text(catalog: Catalog, agent: AgentPlan, line: GapLine, lang: str, missing: str) -> str:
    """Why a gap stays open: the limits as sentences, a module named in full only the first
    time; without limits (files before 1.2) the plan's English ``reason`` for en and a
    general sentence for zh; ``missing`` when neither."""
    if line.limits:
        sentences, named = [], set()
        for lim in line.limits:
            sentences.append(limit_sentence(catalog, agent, lim, lang, named=lim.module_id not in named))
            if lim.kind in _NAMES_MODULE:
                named.add(lim.module_id)
        return ("" if lang == "zh" else " ").join(sentences)
    if not line.reason:
        return missing
    return line.reason if lang == "en" else _NO_LIMITS_ZH
