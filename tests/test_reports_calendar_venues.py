"""Calendar events of a format 1.2 plan: LOCATION is the session's site (or live online),
ORGANIZER its trainer; names and addresses from the catalog cannot break the file."""

from pathlib import Path

from icalendar import Calendar

from competency.model import load_catalog
from competency.model.catalog import Site, Text, Trainer
from competency.reports import load_plan, plan_to_ics

DATA = Path(__file__).parent / "data" / "reports"


def events(data: bytes) -> dict[str, object]:
    return {str(e["uid"]).split("-")[2]: e for e in Calendar.from_ical(data).walk("VEVENT")}


def test_sessions_are_located_at_their_site_and_organised_by_their_trainer():
    plan, catalog = load_plan(DATA / "plan_v12.json"), load_catalog(DATA / "catalog")
    found = events(plan_to_ics(plan, catalog, "en"))
    assert str(found["m_listening_roleplay"]["location"]) == "Chengdu"
    assert str(found["m_speed_cases"]["location"]) == "Live online"
    organizer = found["m_listening_roleplay"]["organizer"]
    assert str(organizer) == "mailto:zhao.lei@example.com" and str(organizer.params["cn"]) == "Zhao Lei"
    # No e-mail in the catalog: the trainer is named by a URN, still with their name.
    sun = found["m_compliance_objections"]["organizer"]
    assert str(sun) == "urn:competency:trainer:t_sun" and str(sun.params["cn"]) == "Sun Hui"
    assert "trainer: Zhao Lei" in str(found["m_speed_cases"]["description"])
    zh = events(plan_to_ics(plan, catalog, "zh"))
    assert str(zh["m_speed_cases"]["location"]) == "线上直播" and str(zh["m_listening_roleplay"]["location"]) == "成都"
    assert str(zh["m_listening_roleplay"]["organizer"].params["cn"]) == "赵磊"


def test_an_agents_file_locates_their_sessions_but_not_their_self_paced_modules():
    plan, catalog = load_plan(DATA / "plan_v12.json"), load_catalog(DATA / "catalog")
    mine = Calendar.from_ical(plan_to_ics(plan, catalog, "en", "a001")).walk("VEVENT")
    located = sorted(str(e["location"]) for e in mine if "location" in e)
    assert located == ["Chengdu", "Chengdu", "Live online"] and len(mine) == 4


def test_an_old_plan_has_no_location_and_the_catalog_organises_its_sessions():
    plan, catalog = load_plan(DATA / "plan.json"), load_catalog(DATA / "catalog")
    for event in Calendar.from_ical(plan_to_ics(plan, catalog)).walk("VEVENT"):
        assert "location" not in event
        assert str(event["organizer"]) == "urn:competency:catalog:report_fixture"
        assert str(event["organizer"].params["cn"]) == catalog.info.name.get("en")


def test_hostile_site_and_trainer_names_stay_text_and_addresses_stay_one_uri():
    plan, catalog = load_plan(DATA / "plan_v12.json"), load_catalog(DATA / "catalog")
    evil = 'Room "A";\r\nATTENDEE:mailto:x@evil.example,<script>'
    catalog = catalog.model_copy(update={
        "sites": {**catalog.sites, "chengdu": Site(id="chengdu", name=Text(en=evil))},
        "trainers": {**catalog.trainers,
                     "t_zhao": Trainer(id="t_zhao", name=Text(en='Zhao "Boss"\nLei;ROLE=CHAIR'),
                                       email='zh"a;o:x,y@ex<am>ple.com', online=True, sites=["chengdu"],
                                       modules=["m_listening_roleplay"])}})
    data = plan_to_ics(plan, catalog, "en")
    lines = data.decode("utf-8").replace("\r\n ", "").split("\r\n")
    assert not any(line.startswith("ATTENDEE:mailto:x@evil") for line in lines)
    found = events(data)
    roleplay = found["m_listening_roleplay"]
    assert str(roleplay["location"]) == 'Room "A"; ATTENDEE:mailto:x@evil.example,<script>'
    organizer = roleplay["organizer"]
    assert str(organizer) == "mailto:zh%22a%3Bo%3Ax%2Cy@ex%3Cam%3Eple.com"
    assert str(organizer.params["cn"]) == "Zhao Boss Lei;ROLE=CHAIR"
    assert "role" not in {k.lower() for k in organizer.params}
    assert len(found["m_listening_roleplay"]["attendee"]) == 2
