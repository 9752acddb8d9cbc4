"""Calendar files that Outlook and Google Calendar import as meant: sessions at a day and
time in the catalog's time zone, with site, trainer and invited agents, and files that a
strict RFC 5545 parser accepts line by line."""

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar
from ical.calendar_stream import IcsCalendarStream

from competency.cli.main import cli
from competency.model import load_catalog
from competency.model.catalog import Mode, Text
from competency.model.slots import Slot
from competency.planner.plan.schema import Session
from competency.reports import load_agent_profiles, load_plan, plan_to_ics

DATA = Path(__file__).parent / "data" / "reports"
CATALOG = load_catalog(DATA / "catalog")


def v12(**changes):
    return load_plan(DATA / "plan_v12.json").model_copy(update=changes)


def events(data: bytes) -> dict[str, object]:
    return {str(e["uid"]).split("-")[2]: e for e in Calendar.from_ical(data).walk("VEVENT")}


def with_info(**changes):
    return CATALOG.model_copy(update={"info": CATALOG.info.model_copy(update=changes)})


def rfc5545_problems(data: bytes) -> list[str]:
    """What a strict reader of RFC 5545 section 3 objects to, beyond what parsers forgive."""
    problems = []
    if not data.endswith(b"\r\n") or re.search(rb"(?<!\r)\n", data) or re.search(rb"\r(?!\n)", data):
        problems.append("every line ends in CRLF, and only there")
    lines = data[:-2].split(b"\r\n")
    for number, line in enumerate(lines, start=1):
        if len(line) > 75:
            problems.append(f"line {number} has {len(line)} octets (at most 75)")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {number} folds inside a UTF-8 character")
    unfolded = data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]
    zones = {line.split(":", 1)[1] for line in unfolded if line.startswith("TZID:")}
    event: dict[str, list[str]] = {}
    for line in unfolded:
        name = re.split(r"[;:]", line, maxsplit=1)[0]
        if line == "BEGIN:VEVENT":
            event = {}
        elif line == "END:VEVENT":
            for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "ORGANIZER"):
                if len(event.get(required, [])) != 1:
                    problems.append(f"{event.get('UID')}: {required} {len(event.get(required, []))} times")
            start = event["DTSTART"][0]
            if not re.fullmatch(r"DTSTART;TZID=([^:;]+):\d{8}T\d{6}", start) or start[13:].split(":")[0] not in zones:
                problems.append(f"{start}: a local time with the TZID of a VTIMEZONE in the file")
            if not re.fullmatch(r"DTSTAMP:\d{8}T\d{6}Z", event["DTSTAMP"][0]):
                problems.append(f"{event['DTSTAMP'][0]}: DTSTAMP is UTC")
        else:
            event.setdefault(name, []).append(line)
    return problems


def strict(data: bytes) -> list[str]:
    calendar = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))  # raises on what RFC 5545 forbids
    assert rfc5545_problems(data) == []
    return [str(e.uid) for e in calendar.events]


def test_sessions_start_at_a_time_with_a_tzid_at_their_site_and_organised_by_their_trainer():
    found = events(plan_to_ics(v12(), CATALOG, "zh"))
    roleplay = found["m_listening_roleplay"]
    start = roleplay.decoded("dtstart")
    assert (start.isoformat(), roleplay["dtstart"].params["tzid"]) == ("2025-03-05T09:00:00+08:00", "Asia/Shanghai")
    assert roleplay.decoded("dtend") - start == dt.timedelta(hours=3)  # the module's hours
    assert str(roleplay["location"]) == "成都"
    assert str(roleplay["organizer"]) == "mailto:zhao.lei@example.com"
    workshop = found["m_compliance_objections"]
    assert workshop.decoded("dtstart").isoformat() == "2025-03-18T09:00:00+08:00"  # Tuesday: workshops
    assert str(workshop["organizer"].params["cn"]) == "孙慧"


def test_cohort_and_agent_files_pass_a_strict_rfc5545_check_and_share_uids_and_times():
    plan = v12()
    cohort = plan_to_ics(plan, CATALOG, "zh", profiles=load_agent_profiles(DATA / "profiles"))
    mine = plan_to_ics(plan, CATALOG, "zh", "a001", profiles=load_agent_profiles(DATA / "profiles"))
    shared = set(strict(cohort)) & set(strict(mine))
    assert len(shared) == 3
    for uid in shared:
        key = uid.split("-")[2]
        assert events(cohort)[key].decoded("dtstart") == events(mine)[key].decoded("dtstart")
    assert b"BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\n" in cohort


def test_long_chinese_text_is_folded_at_75_octets_between_characters():
    long = "贷款咨询异议处理与合规话术综合工作坊：情景演练、逐句点评、录音复盘与考核" * 3
    module = CATALOG.modules["m_compliance_objections"]
    catalog = CATALOG.model_copy(update={"modules": {
        **CATALOG.modules, module.id: module.model_copy(update={"title": Text(zh=long, en=long)})}})
    data = plan_to_ics(v12(), catalog, "zh")
    strict(data)
    assert str(events(data)["m_compliance_objections"]["summary"]) == long


def test_agents_are_invited_by_the_email_in_their_profile_else_by_mail_domain_or_id():
    profiles = load_agent_profiles(DATA / "profiles")
    profiles["a001"] = profiles["a001"].model_copy(update={"email": "zhang.wei@bank.example"})
    data = plan_to_ics(v12(), CATALOG, "en", mail_domain="corp.example", profiles=profiles)
    invited = sorted(str(a) for a in events(data)["m_listening_roleplay"]["attendee"])
    assert invited == ["mailto:a003@corp.example", "mailto:zhang.wei@bank.example"]
    without = plan_to_ics(v12(), CATALOG, "en", profiles=profiles)
    assert sorted(str(a) for a in events(without)["m_listening_roleplay"]["attendee"]) == [
        "mailto:zhang.wei@bank.example", "urn:competency:agent:a003"]


def test_catalog_slots_and_time_zone_set_day_and_hour_and_the_vtimezone_follows():
    catalog = with_info(timezone="Europe/Berlin",
                        slots={Mode.ROLE_PLAY: Slot(day="thu", start="13:30"), Mode.WORKSHOP: Slot(day=5, start="08:00")})
    data = plan_to_ics(v12(), catalog, "en")
    found = events(data)
    roleplay = found["m_listening_roleplay"]
    assert roleplay.decoded("dtstart").isoformat() == "2025-03-06T13:30:00+01:00"
    assert roleplay["dtstart"].params["tzid"] == "Europe/Berlin"
    assert found["m_compliance_objections"].decoded("dtstart").isoformat() == "2025-03-21T08:00:00+01:00"
    # The plan runs into summer time (30 March 2025): the zone says when clocks change.
    text = data.decode("utf-8")
    assert "TZID:Europe/Berlin" in text and "BEGIN:DAYLIGHT" in text and "TZOFFSETTO:+0200" in text
    strict(data)


def test_a_session_longer_than_the_days_block_goes_on_at_the_same_time_on_the_next_working_days():
    catalog = with_info(slots={Mode.WORKSHOP: Slot(day="fri", start="09:00", hours=4)})
    workshop = events(plan_to_ics(v12(), catalog, "en"))["m_compliance_objections"]  # 6 hours
    # Friday and the next Monday would leave the plan week, so it starts on Thursday.
    assert workshop.decoded("dtstart").isoformat() == "2025-03-20T09:00:00+08:00"
    assert workshop.decoded("dtend") - workshop.decoded("dtstart") == dt.timedelta(hours=3)
    assert workshop["rrule"]["freq"] == ["DAILY"] and workshop["rrule"]["count"] == [2]
    assert workshop["rrule"]["byday"] == ["MO", "TU", "WE", "TH", "FR"]


def test_a_trainer_busy_at_the_slot_teaches_the_next_day_of_the_week():
    plan = v12()
    first = next(s for s in plan.sessions if s.module_id == "m_listening_roleplay")
    again = Session(module_id=first.module_id, week=first.week, participants=["a002"], cost=first.cost,
                    site=first.site, trainer=first.trainer)
    found = sorted(Calendar.from_ical(plan_to_ics(v12(sessions=[*plan.sessions, again]), CATALOG, "en"))
                   .walk("VEVENT"), key=lambda e: str(e["uid"]))
    starts = [e.decoded("dtstart").isoformat() for e in found if "m_listening_roleplay" in str(e["uid"])]
    assert starts == ["2025-03-05T09:00:00+08:00", "2025-03-06T09:00:00+08:00"]


@pytest.mark.parametrize(("slots", "words"), [
    ({"role_play": {"day": "someday", "start": "09:00"}}, ["slots", "role_play", "day", "mon, tue"]),
    ({"role_play": {"day": "wed", "start": "9h"}}, ["slots", "start", '"HH:MM"']),
    ({"role_play": {"day": "wed", "start": "22:00", "hours": 4}}, ["slots", "past midnight"]),
])
def test_a_bad_slot_is_reported_with_the_field_and_the_fix(tmp_path, slots, words):
    import yaml

    text = (DATA / "catalog" / "catalog.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["catalog"]["slots"] = slots
    (tmp_path / "catalog.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "--catalog", str(tmp_path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert all(word in result.output for word in words), result.output


def test_an_unknown_time_zone_is_reported_with_an_example_of_a_good_one(tmp_path):
    text = (DATA / "catalog" / "catalog.yaml").read_text(encoding="utf-8")
    (tmp_path / "catalog.yaml").write_text(text.replace("currency: CNY", "currency: CNY\n  timezone: China/Beijing"),
                                           encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "--catalog", str(tmp_path)])
    assert result.exit_code == 1 and "China/Beijing" in result.output and "Asia/Shanghai" in result.output


def test_the_cli_invites_agents_by_the_email_in_the_profiles_folder(tmp_path):
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    for path in (DATA / "profiles").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if path.stem == "a003":
            text = text.replace("\nname:", "\nemail: chen.jing@example.com\nname:", 1)
        (profiles / path.name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", "ics", "--plan", str(DATA / "plan_v12.json"), "--catalog",
                                      str(DATA / "catalog"), "--profiles", str(profiles)])
    assert result.exit_code == 0, result.output
    assert b"mailto:chen.jing@example.com" in result.stdout_bytes.replace(b"\r\n ", b"")


def test_slot_overrides_on_the_command_line_move_one_export_and_bad_ones_teach_the_format():
    args = ["export", "ics", "--plan", str(DATA / "plan_v12.json"), "--catalog", str(DATA / "catalog")]
    result = CliRunner().invoke(cli, [*args, "--slot", "workshop=thu@13:30/4"])
    assert result.exit_code == 0, result.output
    workshop = events(result.stdout_bytes)["m_compliance_objections"]  # 6 hours: two afternoons of 3
    assert workshop.decoded("dtstart").isoformat() == "2025-03-20T13:30:00+08:00"
    assert workshop["rrule"]["count"] == [2]
    bad = CliRunner().invoke(cli, [*args, "--slot", "workshop=someday@13:30"])
    assert bad.exit_code == 2 and "--slot" in bad.output and "MODE=DAY@HH:MM" in bad.output
    assert "Traceback" not in bad.output
