"""Infeasibility in the cohort report: worded from the plan's conflict data in the report's
language, with names instead of ids, and the same facts as the planner's English sentence."""

from __future__ import annotations

from english import allowed_words, english_words, visible_text
from test_planner_support import FAST, instance, ladder, learner

from competency.model.tiers import Tier
from competency.planner.plan.conflicts import sentence
from competency.planner.solve import solve
from competency.reports import ReportInputs, cohort_bytes
from competency.reports.conflicts import conflict_lines


def _plans():
    unplannable = learner("A-017", targets={"c0": Tier.BASIC}, mandatory={"c1": Tier.BASIC}, hours_per_week=1)
    clash = learner("A-018", targets={}, mandatory={"c1": Tier.BASIC, "c2": Tier.BASIC}, hours_per_week=3)
    return [solve(instance(ladder(hours=2), [unplannable]), FAST),
            solve(instance(ladder(), [clash], mandatory_within=1), FAST)]


def test_every_infeasibility_sentence_has_its_data_and_the_english_is_made_from_it():
    for plan in _plans():
        assert plan.status == "PARTIAL" and plan.conflicts
        assert plan.infeasibility == [sentence(c) for c in plan.conflicts]


def test_a_chinese_cohort_report_words_the_conflicts_in_chinese_with_names():
    unplannable, clash = _plans()
    cat = ladder(hours=2)
    (line,) = conflict_lines(cat, unplannable, "zh")
    assert line.startswith("A-017：") and "强制复训无法安排" in line and "需要 2 小时，每周只有 1 小时" in line
    (line,) = conflict_lines(ladder(), clash, "zh")
    assert "第 1 周前完成" in line and "每周学时上限 3 小时" in line and line.endswith("无法同时满足。")
    for plan, catalog in ((unplannable, cat), (clash, ladder())):
        inputs = ReportInputs(plan, catalog, {})
        text = visible_text(cohort_bytes(inputs, "zh", "html").decode("utf-8"))
        people = [a.agent_id for a in plan.agents] + [plan.solver]
        assert english_words(text, allowed_words(catalog, people)) == []


def test_english_reports_use_catalog_names_where_the_command_line_uses_ids():
    unplannable, _ = _plans()
    (line,) = conflict_lines(ladder(hours=2), unplannable, "en")
    assert "mandatory C1 retraining (basic) cannot be planned" in line
    assert "takes 2 h but only 1 h a week are available" in line


def test_a_plan_file_before_1_3_shows_its_english_sentences_with_a_note_in_chinese():
    plan, _ = _plans()
    old = plan.model_copy(update={"conflicts": []})
    (line,) = conflict_lines(ladder(hours=2), old, "zh")
    assert line.startswith(plan.infeasibility[0]) and "1.3" in line
