"""Building blocks of the reports: escaping, number formats, charts and per-domain levels."""

from pathlib import Path

from competency.model import load_catalog
from competency.planner.plan.schema import AgentPlan, GapLine, PlannedModule
from competency.reports.charts import radar_svg, sweep_svg
from competency.reports.labels import number, percent
from competency.reports.levels import agent_levels, domain_levels
from competency.reports.render import heat_style, md_escape

DATA = Path(__file__).parent / "data" / "reports"


def test_markdown_escaping_neutralises_markup_and_table_pipes():
    assert md_escape("a|b *c* <i>_d_</i> [x](y)\nnext") == r"a\|b \*c\* \<i\>\_d\_\</i\> \[x\](y) next"
    assert md_escape(None) == ""


def test_numbers_drop_trailing_zeros_and_group_thousands():
    assert [number(12000), number(1.5, 2), number(0.125, 2), number(None)] == ["12,000", "1.5", "0.12", "-"]
    assert [percent(0.4612), percent(None)] == ["46.1 %", "-"]


def test_heat_colours_darken_with_coverage_and_switch_text_colour():
    assert heat_style(0.0) == "background:hsl(210,55%,96%);color:#1a1a1a"
    assert heat_style(1.0) == "background:hsl(210,55%,50%);color:#ffffff"


def test_the_radar_escapes_domain_labels_and_draws_three_series():
    svg = str(radar_svg([("<b>A</b>", 1, 2, 2), ("B", 0, 2, 1), ("C", 2, 2, 2)],
                        {"current": "now", "target": "goal", "planned": "after"}))
    assert "<b>" not in svg and "&lt;b&gt;A&lt;/b&gt;" in svg
    assert svg.count("<polygon") == 3 + 3  # three rings, three series


def test_the_sweep_chart_marks_the_plans_budget():
    svg = str(sweep_svg([(1000, 1), (2000, 3)], 1500, "budget", "value"))
    assert svg.count("<circle") == 2 and 'stroke-dasharray="4,3"' in svg


def test_targeted_competencies_without_a_gap_line_count_as_held_at_target():
    catalog = load_catalog(DATA / "catalog")
    agent = AgentPlan(agent_id="x", role="frontline_agent", industry="retail",
                      gaps=[GapLine(competency="active_listening", current=0, target=2, planned=1, weight=1)],
                      modules=[PlannedModule(module_id="m_listening_roleplay", week=1, hours=3, cost=150,
                                             raises={"active_listening": 1})])
    levels = {lv.competency: lv for lv in agent_levels(catalog, agent)}
    assert (levels["active_listening"].current, levels["active_listening"].planned) == (0, 1)
    assert (levels["self_regulation"].current, levels["self_regulation"].target) == (2, 2)
    communication = next(d for d in domain_levels(catalog, list(levels.values())) if d.domain == "communication")
    assert (communication.coverage_before, communication.coverage_after) == (0.0, 0.5)
