"""Fixed report wording in English and Chinese, and number/date formatting shared by all formats."""

from __future__ import annotations

import datetime as dt

_LABELS: dict[str, tuple[str, str]] = {
    "idp_title": ("Individual development plan", "个人发展计划"),
    "cohort_title": ("Cohort training curriculum", "团队培训课程计划"),
    "agent": ("Agent", "员工"),
    "agent_id": ("Agent ID", "工号"),
    "team": ("Team", "团队"),
    "site": ("Site", "地点"),
    "role": ("Role", "岗位"),
    "industry": ("Industry", "行业"),
    "manager": ("Manager", "直属主管"),
    "period": ("Period", "计划周期"),
    "weeks": ("weeks", "周"),
    "hours_per_week": ("Hours per week", "每周学习时长"),
    "budget": ("Budget", "预算"),
    "no_budget": ("no personal limit", "无个人上限"),
    "profile_section": ("Current and target tier by domain", "各领域当前等级与目标等级"),
    "current": ("Current", "当前"),
    "target": ("Target", "目标"),
    "after_plan": ("After plan", "计划后"),
    "radar_note": ("Average tier of the targeted competencies in each domain (0 none, 1 basic, 2 advanced, 3 expert).",
                   "各领域目标能力的平均等级（0 无、1 基础、2 进阶、3 专家）。"),
    "gaps_section": ("Ranked gaps", "能力差距排序"),
    "rank": ("Rank", "序号"),
    "competency": ("Competency", "能力项"),
    "domain": ("Domain", "领域"),
    "weight": ("Weight", "权重"),
    "next_indicators": ("What to show at the next tier", "下一等级需展现的行为指标"),
    "no_gaps": ("No gaps: every target tier is already held.", "无差距：所有目标等级均已达到。"),
    "schedule_section": ("Week-by-week schedule", "逐周学习安排"),
    "week": ("Week", "周次"),
    "dates": ("Dates", "日期"),
    "module": ("Module", "课程模块"),
    "mode": ("Mode", "形式"),
    "hours": ("Hours", "学时"),
    "hours_unit": ("h", "小时"),
    "cost": ("Cost", "费用"),
    "reaches": ("Reaches", "达成等级"),
    "total": ("Total", "合计"),
    "mandatory": ("mandatory", "强制"),
    "mentor": ("mentor", "导师"),
    "no_modules": ("No modules are planned.", "未安排课程。"),
    "assess_section": ("Assessments and mandatory retraining", "考核与强制复训"),
    "assess_intro": ("Each step is closed by a skills assessment against the indicators of the tier reached; "
                     "a failed assessment leads to mandatory retraining.",
                     "每一步均以所达等级的行为指标进行技能考核；考核未通过者须参加强制复训。"),
    "step": ("Step", "提升步骤"),
    "by_week": ("Assessed in week", "考核周次"),
    "assessed_on": ("Assessed on", "考核内容"),
    "retraining": ("Mandatory retraining", "强制复训"),
    "retraining_none": ("No mandatory retraining in this plan.", "本计划无强制复训。"),
    "failed_on": ("failed assessment", "考核未通过"),
    "remaining_section": ("Gaps remaining after the plan", "计划后仍存在的差距"),
    "reason": ("Why", "原因"),
    "no_reason": ("not given by the plan", "计划未说明"),
    "remaining_none": ("Every target is reached by the end of the plan.", "计划结束时所有目标均已达成。"),
    "signoff_section": ("Sign-off", "签字确认"),
    "signoff_text": ("We agree on this development plan.", "双方确认本发展计划。"),
    "signature": ("Signature", "签名"),
    "colon": (": ", "："),
    "sep": ("; ", "；"),
    "list_sep": (", ", "、"),
    "date": ("Date", "日期"),
    "summary_section": ("Summary", "概要"),
    "agents": ("Agents", "人数"),
    "total_hours": ("Training hours", "培训总学时"),
    "total_cost": ("Cost", "总费用"),
    "cost_vs_budget": ("Cost vs budget", "费用 / 预算"),
    "no_limit": ("no limit", "不限"),
    "gaps_closed_share": ("Share of weighted gaps closed", "加权差距关闭比例"),
    "optimality_gap": ("Optimality gap", "最优性差距"),
    "traded": ("given up for fewer changed bookings", "为减少已通知安排的变动而让出"),
    "value_bound": ("Proven bound", "已证明上界"),
    "status": ("Solver status", "求解状态"),
    "calendar_section": ("Session calendar", "集中课程日历"),
    "calendar_note": ("Cells show participants / class size (min-max).", "单元格为参训人数 / 班级规模（最少-最多）。"),
    "no_sessions": ("No group sessions in this plan.", "本计划无集中授课。"),
    "heatmap_section": ("Target coverage by domain, before and after", "各领域目标达成度（计划前后）"),
    "heatmap_note": ("Share of target tier steps held, per agent and domain.", "每位员工在各领域已达到的目标等级比例。"),
    "before": ("Before", "计划前"),
    "share_section": ("Industry content shares", "行业内容占比"),
    "share_rule": ("Rule", "规则"),
    "share_min": ("Minimum", "最低占比"),
    "share_achieved": ("Achieved", "实际占比"),
    "share_ok": ("met", "达标"),
    "share_missed": ("missed", "未达标"),
    "no_shares": ("No industry share rules apply.", "无适用的行业内容占比规则。"),
    "budget_section": ("Budget", "预算分配"),
    "by_mode": ("By delivery mode", "按培训形式"),
    "by_domain": ("By domain", "按能力领域"),
    "seats": ("Seats", "学员费用"),
    "sessions": ("Sessions", "开班费用"),
    "off_phone": ("Off-phone time", "脱岗成本"),
    "sweep_section": ("Budget sweep", "预算敏感性分析"),
    "sweep_note": ("Weighted gap closure the optimiser reaches at each budget.", "不同预算下优化器可达到的加权差距关闭量。"),
    "value": ("Gap closure", "差距关闭量"),
    "marginal": ("Per extra 1,000 {currency}", "每增加 1,000 {currency} 的收益"),
    "participants": ("Participants", "参训人员"),
    "agents_section": ("Agents", "参训员工"),
    "closed": ("Gaps closed", "已关闭差距"),
    "open": ("Gaps open", "剩余差距"),
    "modules": ("Modules", "课程"),
    "infeasibility": ("Targets that cannot be met", "无法达成的目标"),
    "severity": ("Severity", "严重度"),
    "why": ("Why", "安排原因"),
    "venue": ("Where", "地点"),
    "trainer": ("Trainer", "讲师"),
    "kpi": ("KPI", "KPI"),
    "trainer_section": ("Trainer load", "讲师授课负荷"),
    "trainer_note": ("Sessions and teaching hours per trainer; the peak is the busiest week, against the trainer's "
                     "weekly capacity from the catalog.",
                     "每位讲师的授课场次与学时；峰值为最忙一周的负荷，与目录中讲师的每周上限对比。"),
    "sites": ("Sites", "授课地点"),
    "hours_taught": ("Hours taught", "授课学时"),
    "peak_sessions": ("Sessions in the peak week / capacity", "峰值周场次 / 上限"),
    "peak_hours": ("Hours in the peak week / capacity", "峰值周学时 / 上限"),
    "peak_week_sessions": ("Sessions in the peak week", "峰值周场次"),
    "peak_week_hours": ("Hours in the peak week", "峰值周学时"),
    "cap_sessions": ("Sessions a week allowed", "每周场次上限"),
    "cap_hours": ("Hours a week allowed", "每周学时上限"),
    "no_trainer": ("no trainer assigned", "未指定讲师"),
    "no_trainers": ("No trainer is assigned to a session in this plan.", "本计划的集中课程未指定讲师。"),
    "reason_section": ("Bookings by reason", "按安排原因统计"),
    "reason_note": ("Why each booking is in the plan: it closes a target gap, is mandatory retraining, gives an "
                    "entry level a later module needs, or adds practice hours for an industry share rule.",
                    "每项安排的原因：补齐目标差距、强制复训、为后续课程取得入门等级，或为满足行业占比规则增加练习学时。"),
    "bookings": ("Bookings", "安排数"),
    "sessions_count": ("Sessions", "场次"),
    "over_capacity": ("over capacity", "超出上限"),
    "reason_unknown": ("not recorded (plan file before 1.2)", "未记录（1.2 版之前的计划文件）"),
}

# Booking reason kinds (plan format 1.2) as the cohort report counts them.
REASON_KINDS: dict[str, tuple[str, str]] = {
    "gap": ("Closes a gap", "补齐差距"),
    "mandatory": ("Mandatory retraining", "强制复训"),
    "entry": ("Entry requirement", "入门要求"),
    "practice": ("Practice for a share rule", "行业占比练习"),
}

# Solver statuses (plan.status, sweep points).
STATUSES: dict[str, tuple[str, str]] = {
    "OPTIMAL": ("optimal", "最优"),
    "FEASIBLE": ("feasible", "可行"),
    "PARTIAL": ("partial: some rules relaxed", "部分可行：部分规则已放宽"),
    "INFEASIBLE": ("infeasible", "不可行"),
    "UNKNOWN": ("no plan found in time", "限时内未找到方案"),
    "MODEL_INVALID": ("model invalid", "模型无效"),
}

# KPI metric names: the catalog names metrics by id only, so reports carry the shipped ones
# in both languages; an unknown id is shown as itself.
METRICS: dict[str, tuple[str, str]] = {
    "complaint_rate": ("Complaint rate", "投诉率"),
    "csat": ("Customer satisfaction (CSAT)", "客户满意度（CSAT）"),
    "emotional_match_rate": ("Emotional-response match rate", "情感响应匹配率"),
    "fcr_rate": ("First-contact resolution rate", "首次解决率"),
    "first_response_seconds": ("First response time", "首次响应时长"),
    "nps": ("Net Promoter Score (NPS)", "净推荐值（NPS）"),
    "objection_compliance_rate": ("Objection-handling compliance rate", "异议处理合规率"),
    "positive_wording_rate": ("Positive-wording rate", "积极用语使用率"),
    "proposal_seconds": ("Time to first proposal", "首个方案用时"),
    "second_contact_resolution_rate": ("Second-contact resolution rate", "二次接触解决率"),
    "solution_seconds": ("Time to confirmed solution", "确认解决方案用时"),
    "transfer_efficiency": ("Transfer efficiency", "转接效率"),
}
# KPI units as the shipped catalog writes them; others are shown as written.
UNITS: dict[str, tuple[str, str]] = {
    "%": ("%", "%"),
    "s": ("s", "秒"),
    "points (1-5)": ("points (1-5)", "分（满分 5 分）"),
    "score": ("points", "分"),
}

LANGS = ("en", "zh")


def labels(lang: str, currency: str = "") -> dict[str, str]:
    """Every label in ``lang``; ``{currency}`` in a label becomes the catalog's currency."""
    index = LANGS.index(lang)
    shown = f" {currency}" if currency else ""
    return {key: pair[index].replace(" {currency}", shown) for key, pair in _LABELS.items()}


def status_name(status: str, lang: str) -> str:
    pair = STATUSES.get(status)
    return pair[LANGS.index(lang)] if pair else status


def metric_name(metric: str, lang: str) -> str:
    pair = METRICS.get(metric)
    return pair[LANGS.index(lang)] if pair else metric


def unit_name(unit: str | None, lang: str) -> str:
    if not unit:
        return ""
    pair = UNITS.get(unit)
    return pair[LANGS.index(lang)] if pair else unit


def kpi_text(name: str, low: float | None, high: float | None, unit: str | None, lang: str) -> str:
    """"KPI: Complaint rate ≤ 2 %" / "KPI：投诉率 ≤ 2 %", for a metric already named
    (names.metric_label)."""
    bound = f"≤ {number(high)}" if high is not None else f"≥ {number(low)}"
    shown = unit_name(unit, lang)
    return f"KPI{labels(lang)['colon']}{name} {bound}{' ' + shown if shown else ''}"


def reason_kind(kind: str | None, lang: str) -> str:
    pair = REASON_KINDS.get(kind or "")
    return pair[LANGS.index(lang)] if pair else _LABELS["reason_unknown"][LANGS.index(lang)]


def number(value: float | None, digits: int = 1) -> str:
    """1,234.5 style; integers lose the trailing .0 so tables stay narrow."""
    if value is None:
        return "-"
    text = f"{round(float(value), digits) + 0.0:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def money(value: float | None) -> str:
    """Money to the unit with thousands separators: 137,810 (the currency is named beside it)."""
    return number(value, 0)


def hours(value: float | None, lang: str) -> str:
    """"3 h" / "3 小时": hours always carry their unit."""
    return f"{number(value)} {_LABELS['hours_unit'][LANGS.index(lang)]}"


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f} %"


def date_range(start: dt.date, days: int) -> str:
    end = start + dt.timedelta(days=days - 1)
    return f"{start.isoformat()} – {end.isoformat()}"
