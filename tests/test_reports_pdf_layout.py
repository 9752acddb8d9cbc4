"""Printed IDP tables use fixed column widths (issue 15: WeasyPrint's automatic layout measured
every cell and cost a fifth of the render). The widths must still hold what goes in them:
no text may run past its cell, in Chinese or English, even a name far longer than any sample."""

import logging
from pathlib import Path

import pytest

from competency.model import load_catalog
from competency.reports import ReportInputs, load_agent_profiles, load_plan
from competency.reports.idp import build_idp
from competency.reports.render import render

DATA = Path(__file__).parent / "data" / "reports"
SLACK_PX = 0.5  # rounding in WeasyPrint's positions


@pytest.fixture(scope="module")
def inputs():
    return ReportInputs(load_plan(DATA / "plan.json"), load_catalog(DATA / "catalog"),
                        load_agent_profiles(DATA / "profiles"))


def spills(html: str) -> list[str]:
    """Text boxes that end right of their table cell's content box, as 'section: text'."""
    weasyprint = pytest.importorskip("weasyprint")
    from weasyprint.formatting_structure import boxes

    logging.getLogger("weasyprint").setLevel(logging.ERROR)

    def walk(box, section, cell):
        if box.element_tag == "section" and box.element is not None:
            section = box.element.get("id")
        if isinstance(box, boxes.TableCellBox):
            cell = box
        if isinstance(box, boxes.TextBox) and cell is not None:
            if box.position_x + box.width > cell.content_box_x() + cell.width + SLACK_PX:
                yield f"{section}: {box.text!r}"
        for child in getattr(box, "children", []):
            yield from walk(child, section, cell)

    document = weasyprint.HTML(string=html).render()
    return [found for page in document.pages for found in walk(page._page_box, None, None)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_text_runs_past_its_table_cell_in_the_printed_idp(inputs, lang):
    for agent in inputs.plan.agents:
        html = render("idp", build_idp(inputs, agent.agent_id, lang), "html")
        assert "table-layout: fixed" in html
        assert spills(html) == [], agent.agent_id


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_competency_name_far_longer_than_its_column_wraps_inside_it(inputs, lang):
    context = build_idp(inputs, "a001", lang)
    long_name = {"zh": "客户沟通与情绪安抚及投诉升级处理综合能力提升专项", "en": "Customercommunicationandescalationexcellence"}
    context["gaps"][0]["competency"] = long_name[lang]
    html = render("idp", context, "html")
    assert long_name[lang] in html
    assert spills(html) == []
