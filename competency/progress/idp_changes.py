"""The IDP's "changed since the last plan" section: one agent's lines of a plan diff, in
the report's language."""

from __future__ import annotations

from ..model.catalog import Catalog
from .diff import PlanDiff

TEXT = {
    "en": {"title": "Changed since the last plan", "added": "added", "moved": "moved", "dropped": "dropped",
           "change": "change", "module": "module", "was": "was (week of)", "now": "now (week of)", "why": "why",
           "failed_assessment": "failed assessment: mandatory retraining", "completed_early": "completed early",
           "left": "left", "joined": "joined", "new_gap": "new gap", "budget_change": "budget change",
           "missed": "missed: booked again", "new_weeks": "in weeks the last plan did not cover",
           "rescheduled": "rescheduled to make room"},
    "zh": {"title": "与上一版计划相比的变化", "added": "新增", "moved": "调整", "dropped": "取消",
           "change": "变化", "module": "课程", "was": "原定（周）", "now": "现定（周）", "why": "原因",
           "failed_assessment": "考核未通过：强制复训", "completed_early": "已提前完成", "left": "已离职",
           "joined": "新入职", "new_gap": "新的能力差距", "budget_change": "预算调整", "missed": "未完成：重新安排",
           "new_weeks": "上一版计划未覆盖的新周次", "rescheduled": "为其他调整让出时间"},
}


def idp_changes(diff: PlanDiff | None, agent_id: str, catalog: Catalog, lang: str) -> dict | None:
    """Title, column labels and rows for one agent; None when there is no earlier plan."""
    if diff is None:
        return None
    from ..reports.names import module_title

    t = TEXT.get(lang, TEXT["en"])
    rows = [{"change": t[c.change], "module": module_title(catalog, c.module_id, lang),
             "was": str(c.old_week or ""), "now": str(c.new_week or ""), "why": t.get(c.reason, c.reason)}
            for c in diff.for_agent(agent_id)]
    return {"t": t, "rows": rows}
