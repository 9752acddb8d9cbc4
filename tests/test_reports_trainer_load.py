"""The cohort report of a format 1.2 plan: sessions with site and trainer, the per-trainer
load against the catalog's weekly capacity, and bookings summarised by reason."""

from pathlib import Path

from competency.model import load_catalog
from competency.planner.plan.schema import Session
from competency.reports.cohort import build_cohort
from competency.reports.inputs import ReportInputs, load_plan
from competency.reports.render import render

DATA = Path(__file__).parent / "data" / "reports"


def inputs(plan=None) -> ReportInputs:
    return ReportInputs(plan or load_plan(DATA / "plan_v12.json"), load_catalog(DATA / "catalog"), {})


def test_every_session_row_names_its_site_and_trainer():
    context = build_cohort(inputs(), "en")
    rows = [(x["title"], x["venue"], x["trainer"]) for x in context["sessions"]]
    assert rows == [("Active listening role-play", "Chengdu", "Zhao Lei"),
                    ("First proposal in 30 seconds: scenario cases", "Live online", "Zhao Lei"),
                    ("Loan enquiry objections workshop", "Chengdu", "Sun Hui")]
    assert context["session_venues"] and context["session_trainers"]


def test_trainer_load_counts_sessions_and_hours_and_compares_the_peak_week_with_capacity():
    load = {r["name"]: r for r in build_cohort(inputs(), "en")["trainer_load"]}
    zhao = load["Zhao Lei"]
    assert (zhao["sessions"], zhao["hours"], zhao["sites"]) == (2, 7, ["Chengdu", "Live online"])
    assert (zhao["peak_sessions"], zhao["cap_sessions"], zhao["peak_hours"], zhao["cap_hours"]) == (1, 2, 4, 8)
    assert not zhao["over"]
    sun = load["Sun Hui"]
    assert (sun["sessions"], sun["hours"], sun["peak_sessions"], sun["cap_sessions"]) == (1, 6, 1, 1)


def test_a_trainer_over_capacity_in_a_week_is_flagged_in_both_languages():
    plan = load_plan(DATA / "plan_v12.json")
    extra = Session(module_id="m_solving_cases", week=3, participants=["a002", "a003"], cost=800,
                    site="hangzhou", trainer="t_sun")
    plan = plan.model_copy(update={"sessions": [*plan.sessions, extra]})
    load = {r["name"]: r for r in build_cohort(inputs(plan), "zh")["trainer_load"]}
    sun = load["孙慧"]
    assert (sun["peak_sessions"], sun["peak_hours"], sun["peak_week"], sun["over"]) == (2, 10, 3, True)
    assert sun["sites"] == ["成都", "杭州"]
    assert "超出上限" in render("cohort", build_cohort(inputs(plan), "zh"), "html")
    assert "over capacity" in render("cohort", build_cohort(inputs(plan), "en"), "md")


def test_bookings_are_summarised_by_reason_and_old_plans_show_no_such_table():
    reasons = build_cohort(inputs(), "en")["reasons"]
    assert [(r["name"], r["bookings"]) for r in reasons] == [
        ("Closes a gap", 9), ("Mandatory retraining", 1), ("Entry requirement", 1), ("Practice for a share rule", 1)]
    plan = inputs().plan
    assert sum(r["cost"] for r in reasons) == sum(a.total_cost for a in plan.agents)
    old = build_cohort(inputs(load_plan(DATA / "plan.json")), "en")
    assert old["reasons"] == [] and old["trainer_load"] == [] and not old["session_venues"]
    html = render("cohort", old, "html")
    assert "Trainer load" not in html and "Bookings by reason" not in html


def test_trainer_load_and_venues_render_in_markdown_and_html_in_both_languages():
    for lang, words in (("en", ["Trainer load", "Zhao Lei", "Live online", "1 / 2", "4 / 8"]),
                        ("zh", ["讲师授课负荷", "赵磊", "线上直播", "峰值周场次 / 上限"])):
        context = build_cohort(inputs(), lang)
        for fmt in ("md", "html"):
            text = render("cohort", context, fmt)
            for word in words:
                assert word in text, (lang, fmt, word)


def test_the_workbook_has_site_and_trainer_per_session_and_a_trainer_load_sheet():
    import io

    import openpyxl

    from competency.reports import cohort_bytes

    book = openpyxl.load_workbook(io.BytesIO(cohort_bytes(inputs(), "en", "xlsx")))
    sessions = list(book["Sessions"].iter_rows(values_only=True))
    assert sessions[0][-2:] == ("Where", "Trainer") and sessions[2][-2:] == ("Live online", "Zhao Lei")
    load = list(book["Trainer load"].iter_rows(values_only=True))
    assert load[0][:8] == ("Trainer", "Sites", "Sessions", "Hours taught", "Sessions in the peak week",
                           "Sessions a week allowed", "Hours in the peak week", "Hours a week allowed")
    assert load[2][:8] == ("Zhao Lei", "Chengdu, Live online", 2, 7, 1, 2, 4, 8)
    schedule = list(book["Week-by-week schedule"].iter_rows(values_only=True))
    assert schedule[0][-3:] == ("Why", "Where", "Trainer")
    assert "Entry requirement: Active listening at basic" in schedule[1][-3]
    assert [r[0] for r in book["Bookings by reason"].iter_rows(values_only=True)][1:] == [
        "Closes a gap", "Mandatory retraining", "Entry requirement", "Practice for a share rule", "Total"]
