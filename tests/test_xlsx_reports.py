"""Workbooks as Excel users expect them: numbers as numbers with formats (money with
thousands separators, shares as %, dates as dates), an autofilter and print titles on every
table sheet, columns wide enough for Chinese names, colour scales, total rows and sheet
names that are not cut off."""

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from competency.cli.main import cli
from competency.io.xlsx_table import text_width
from competency.model import load_catalog
from competency.reports import ReportInputs, cohort_bytes, load_agent_profiles, load_plan
from competency.reports.xlsx import SHEETS

DATA = Path(__file__).parent / "data" / "reports"
TEAM = "苏州制造热线一组"


@pytest.fixture(scope="module")
def cohort() -> openpyxl.Workbook:
    inputs = ReportInputs(load_plan(DATA / "plan_v12.json"), load_catalog(DATA / "catalog"),
                          load_agent_profiles(DATA / "profiles"))
    return openpyxl.load_workbook(io.BytesIO(cohort_bytes(inputs, "zh", "xlsx")))


@pytest.fixture(scope="module")
def heatmap(tmp_path_factory) -> openpyxl.Workbook:
    out = tmp_path_factory.mktemp("gaps") / "team.xlsx"
    result = CliRunner().invoke(cli, ["gaps", "--team", TEAM, "--format", "xlsx", "--lang", "zh", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(out)


def table(ws) -> tuple[list, list[list], list]:
    """Header, data rows and total row (the row after the autofilter range, if any)."""
    rows = [list(r) for r in ws.iter_rows()]
    last = int(ws.auto_filter.ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    return rows[0], rows[1:last], rows[last] if len(rows) > last else []


def column(ws, header: str) -> list:
    head, data, _ = table(ws)
    index = [c.value for c in head].index(header)
    return [row[index] for row in data]


def test_every_sheet_name_is_whole_and_fits_excels_31_characters(cohort, heatmap):
    assert all(len(name) <= 31 for pair in SHEETS.values() for name in pair)
    wanted = [SHEETS[k][1] for k in ("summary", "agents", "schedule", "calendar", "sessions", "trainers", "coverage",
                                     "shares", "by_mode", "reasons", "by_domain", "sweep")]
    assert cohort.sheetnames == wanted
    assert heatmap.sheetnames == ["差距热力图", "差距明细", "图例"]


def test_every_table_sheet_has_an_autofilter_over_its_rows_print_titles_and_a_frozen_header(cohort, heatmap):
    sheets = cohort.worksheets[1:] + heatmap.worksheets[:2]
    for ws in sheets:
        head, data, _ = table(ws)
        assert ws.auto_filter.ref == f"A1:{head[-1].column_letter}{len(data) + 1}", ws.title
        assert ws.print_title_rows == "$1:$1", ws.title
        assert ws.freeze_panes is not None and ws.freeze_panes.endswith("2"), ws.title
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1


def test_money_hours_counts_and_shares_are_numbers_with_their_formats(cohort):
    agents = cohort["参训员工"]
    for cell in column(agents, "费用 (CNY)"):
        assert isinstance(cell.value, (int, float)) and cell.number_format == "#,##0"
    for cell in column(agents, "学时"):
        assert isinstance(cell.value, (int, float)) and cell.number_format == "#,##0.0"
    sessions = cohort["集中课程"]
    assert all(isinstance(c.value, int) and c.number_format == "#,##0" for c in column(sessions, "人数"))
    # Participants per week in the calendar are numbers, not text such as "2".
    calendar = [c for c in column(cohort["集中课程日历"], "周次 1") if c.value is not None]
    assert calendar and all(isinstance(c.value, int) for c in calendar)
    for header in ("最低占比", "实际占比"):
        cells = column(cohort["行业内容占比"], header)
        assert cells and all(0 <= c.value <= 1 and c.number_format == "0.0%" for c in cells)
    summary = {r[0].value: r[1] for r in cohort["概要"].iter_rows()}
    assert summary["加权差距关闭比例"].number_format == "0.0%" and 0 < summary["加权差距关闭比例"].value <= 1
    assert summary["总费用 (CNY)"].value == 5860 and summary["总费用 (CNY)"].number_format == "#,##0"


def test_dates_are_dates(cohort, heatmap):
    sessions = cohort["集中课程"]
    starts, ends = column(sessions, "开始日期"), column(sessions, "结束日期")
    assert [c.value.date() for c in starts] == [dt.date(2025, 3, 3), dt.date(2025, 3, 10), dt.date(2025, 3, 17)]
    assert all(e.value - s.value == dt.timedelta(days=6) for s, e in zip(starts, ends))
    assert all(c.number_format == "yyyy-mm-dd" for c in starts + ends)
    assert all(isinstance(c.value, dt.datetime) for c in column(heatmap["差距热力图"], "证据截至"))


def test_total_rows_add_up_the_rows_above(cohort, heatmap):
    for ws, header in ((cohort["参训员工"], "费用 (CNY)"), (cohort["集中课程"], "人数"),
                       (heatmap["差距热力图"], "严重度合计"), (heatmap["差距明细"], "差距级数")):
        head, data, total = table(ws)
        index = [c.value for c in head].index(header)
        assert total[0].value == "合计" and total[0].font.b
        assert total[index].value == pytest.approx(sum(r[index].value or 0 for r in data))


def test_columns_are_wide_enough_for_their_chinese_text(cohort, heatmap):
    for ws in cohort.worksheets[1:] + heatmap.worksheets[:2]:
        for cells in ws.iter_cols(min_row=2):
            width = ws.column_dimensions[cells[0].column_letter].width
            texts = [c.value for c in cells if isinstance(c.value, str) and not c.alignment.wrap_text]
            assert all(text_width(t) + 2 <= width for t in texts), (ws.title, cells[0].column_letter, width)
    # The team column fits the longest team name, which counts its Chinese characters double.
    team = heatmap["差距热力图"].column_dimensions["C"].width
    assert team >= 2 * len(TEAM) + 2


def test_coverage_and_heatmap_sheets_carry_a_colour_scale_over_their_values(cohort, heatmap):
    coverage = cohort["目标达成度"]
    head, data, _ = table(coverage)
    (rule,) = list(coverage.conditional_formatting)
    assert str(rule.sqref) == f"B2:{head[-1].column_letter}{len(data) + 1}"
    assert rule.rules[0].type == "colorScale"
    steps = heatmap["差距热力图"]
    (rule,) = list(steps.conditional_formatting)
    assert rule.rules[0].type == "colorScale" and [v.val for v in rule.rules[0].colorScale.cfvo] == [0, 1, 3]


def test_each_budget_sweep_point_shows_its_proven_bound_and_gap_in_the_workbook_and_the_page():
    plan = load_plan(DATA / "plan_v12.json")
    points = [p.model_copy(update={"bound": p.value + 1.5, "gap": 1.5 / (p.value + 1.5)}) for p in plan.sweep]
    inputs = ReportInputs(plan.model_copy(update={"sweep": points}), load_catalog(DATA / "catalog"),
                          load_agent_profiles(DATA / "profiles"))
    sheet = openpyxl.load_workbook(io.BytesIO(cohort_bytes(inputs, "en", "xlsx")))["Budget sweep"]
    assert [c.value for c in column(sheet, "Proven bound")] == [p.value + 1.5 for p in plan.sweep]
    gaps = column(sheet, "Optimality gap")
    assert [c.value for c in gaps] == pytest.approx([p.gap for p in points]) and all(c.number_format.endswith("%") for c in gaps)
    page = cohort_bytes(inputs, "en", "html").decode()
    first = points[0]
    assert f"{first.gap * 100:.1f} %" in page.split('id="sweep"')[1]
