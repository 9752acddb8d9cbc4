"""`competency export ics`: an RFC 5545 file that parses back, one event per session."""

from pathlib import Path

from click.testing import CliRunner
from icalendar import Calendar

from competency.cli.main import cli
from competency.model import load_catalog
from competency.reports import load_plan, plan_to_ics

DATA = Path(__file__).parent / "data" / "reports"
ARGS = ["--plan", str(DATA / "plan.json"), "--catalog", str(DATA / "catalog")]


def events(data: bytes) -> list:
    return Calendar.from_ical(data).walk("VEVENT")


def test_the_cohort_file_has_one_event_per_session_with_participants_as_attendees(tmp_path):
    result = CliRunner().invoke(cli, ["export", "ics", *ARGS, "--out", str(tmp_path / "s.ics")])
    assert result.exit_code == 0, result.output
    found = events((tmp_path / "s.ics").read_bytes())
    plan = load_plan(DATA / "plan.json")
    assert len(found) == len(plan.sessions) == 3
    first = next(e for e in found if "m_listening_roleplay" in str(e["uid"]))
    attendees = first["attendee"]
    assert sorted(str(a) for a in attendees) == ["urn:competency:agent:a001", "urn:competency:agent:a003"]
    assert sorted(str(a.params["cn"]) for a in attendees) == ["张伟", "陈静"]
    # A role-play meets on Wednesday of its plan week at 09:00 (the default slot), Shanghai time.
    assert first.decoded("dtstart").isoformat() == "2025-03-05T09:00:00+08:00"
    assert first["dtstart"].params["tzid"] == "Asia/Shanghai"


def test_uids_are_unique_and_the_same_on_every_export():
    plan, catalog = load_plan(DATA / "plan.json"), load_catalog(DATA / "catalog")
    first, second = plan_to_ics(plan, catalog), plan_to_ics(plan, catalog)
    assert first == second
    uids = [str(e["uid"]) for e in events(first)]
    assert len(set(uids)) == len(uids)


def test_an_agents_file_holds_their_sessions_and_individual_modules_with_the_cohort_uids():
    plan, catalog = load_plan(DATA / "plan.json"), load_catalog(DATA / "catalog")
    cohort_uids = {str(e["uid"]) for e in events(plan_to_ics(plan, catalog))}
    mine = events(plan_to_ics(plan, catalog, "en", "a002", mail_domain="example.com"))
    assert len(mine) == len(plan.agent("a002").modules) == 4
    shared = [e for e in mine if str(e["uid"]) in cohort_uids]
    assert len(shared) == 1 and "a001@example.com" in [str(a).lower().split(":")[1] for a in shared[0]["attendee"]]
    mandatory = [str(e["summary"]) for e in mine if "mandatory" in str(e["summary"])]
    assert mandatory == ["Disclosure scripts for finance (mandatory)"]


def test_an_unknown_agent_is_a_usage_error_naming_the_option():
    result = CliRunner().invoke(cli, ["export", "ics", *ARGS, "--agent", "nobody"])
    assert result.exit_code == 2 and "--agent" in result.output and "nobody" in result.output
