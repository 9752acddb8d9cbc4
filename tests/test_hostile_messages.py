"""Classes 7 and 8 of issue 14: every traceback becomes a message, exit codes as documented.

Exit codes (docs/security.md): 0 done; 1 bad input or a failed run, with the file and
row/field on stderr; 2 a wrong command line (click's usage errors).
"""

import json
import shutil

import pytest
import yaml
from icalendar import Calendar

from hostile import REPORT_ARGS, REPORTS, assert_clean, invoke, snapshot

CATALOG = ["--catalog", str(REPORTS / "catalog")]


def _copy_profiles(tmp_path):
    folder = tmp_path / "profiles"
    shutil.copytree(REPORTS / "profiles", folder)
    return folder


def _edit(path, **fields):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(fields)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize("field, value", [("role", "moodle_role"), ("industry", "moodle_industry")])
def test_plan_with_a_profile_naming_a_role_the_catalog_lacks_is_a_message(tmp_path, field, value):
    profiles = _copy_profiles(tmp_path)
    _edit(profiles / "a001.yaml", **{field: value})
    text = assert_clean(invoke(["plan", *CATALOG, "--profiles", profiles, "--weeks", "2"]), 1)
    assert value in text and field in text


def test_decaying_evidence_over_centuries_with_a_tiny_half_life_is_scored(tmp_path):
    profiles = _copy_profiles(tmp_path)
    history = [{"date": "1900-01-01", "source": "s", "raw": "1", "tier": "expert"},
               {"date": "2199-12-31", "source": "s", "raw": "1", "tier": "basic"}]
    _edit(profiles / "a001.yaml", assessments={"active_listening": history})
    text = assert_clean(invoke(["gaps", *CATALOG, "--profiles", profiles, "--agent", "a001", "--format", "json",
                                "--rule", "decaying", "--half-life-months", "0.0001"]), 0)
    assert json.loads(text[text.index("{"):])["agents"]


@pytest.mark.parametrize("name", ["A\x01B", "\x00", "bell\x07", "\x1b[31mred", "vt\x0bff\x0c"])
def test_control_characters_in_names_do_not_crash_the_workbooks(tmp_path, name):
    profiles = _copy_profiles(tmp_path)
    _edit(profiles / "a001.yaml", name=name, team=name)
    assert_clean(invoke(["gaps", *CATALOG, "--profiles", profiles, "--format", "xlsx", "--out", tmp_path / "g.xlsx"]), 0)
    plan = json.loads((REPORTS / "plan.json").read_text(encoding="utf-8"))
    plan["agents"][0]["name"] = name
    (tmp_path / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    assert_clean(invoke(["report", "cohort", "--plan", tmp_path / "plan.json", *REPORT_ARGS, "--format", "xlsx",
                         "--out", tmp_path / "c.xlsx"]), 0)


def test_line_breaks_in_calendar_fields_stay_inside_their_property(tmp_path):
    catalog = yaml.safe_load((REPORTS / "catalog" / "catalog.yaml").read_text(encoding="utf-8"))
    for module in catalog["modules"]:
        module["title"] = {"en": "T\r\nBEGIN:VEVENT\r\nSUMMARY:evil", "zh": "标题\nEND:VCALENDAR"}
    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog" / "catalog.yaml").write_text(yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "s.ics"
    assert_clean(invoke(["export", "ics", "--plan", REPORTS / "plan.json", "--catalog", tmp_path / "catalog",
                         "--out", out]), 0)
    calendar = Calendar.from_ical(out.read_bytes())
    events = [c for c in calendar.walk("VEVENT")]
    assert events and all("BEGIN:VEVENT" in str(e["summary"]) for e in events)
    lines = out.read_bytes().split(b"\r\n")  # an escaped "\n" inside a SUMMARY starts no line
    assert lines.count(b"BEGIN:VEVENT") == len(events) and not any(line.startswith(b"SUMMARY:evil") for line in lines)


@pytest.mark.parametrize("domain", ["x.com\r\nX-EVIL:1", "a@b.com", "", "-x.com", "x..com", "x.com/evil"])
def test_a_mail_domain_that_is_not_one_is_a_usage_error(domain):
    text = assert_clean(invoke(["export", "ics", "--plan", REPORTS / "plan.json", *CATALOG, "--mail-domain",
                                domain]), 2)
    assert "is not a mail domain" in text


@pytest.mark.parametrize("text, line", [("catalog:\n  id: x\n  id: y\n", 3),
                                        ("roles:\n  - id: r\n    name: R\n    name: S\n", 4)])
def test_a_duplicate_key_in_a_catalog_file_is_an_error_naming_the_line(tmp_path, text, line):
    folder = tmp_path / "catalog"
    shutil.copytree(REPORTS / "catalog", folder)
    (folder / "extra.yaml").write_text(text, encoding="utf-8")
    out = assert_clean(invoke(["validate", "--catalog", folder]), 1)
    assert f"extra.yaml:line {line}" in out and "duplicate key" in out


def test_a_duplicate_key_in_a_profile_is_refused(tmp_path):
    profiles = _copy_profiles(tmp_path)
    (profiles / "a001.yaml").write_text((profiles / "a001.yaml").read_text(encoding="utf-8") + "budget: 5\n",
                                        encoding="utf-8")
    out = assert_clean(invoke(["gaps", *CATALOG, "--profiles", profiles]), 1)
    assert "a001.yaml:line" in out


# --- class 8: exit codes -------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["plan", "--no-such-option"], ["report", "idp", "--plan"], ["gaps", "--format", "pdf"],
    ["plan", "--weeks", "0"], ["plan", "--budget", "nan"], ["report", "cohort"], ["export", "ics"],
    ["report", "idp", "--plan", str(REPORTS / "plan.json")], ["catalog", "show"], ["nonsense"],
    ["gaps", "--profiles", "/no/such/folder"], ["report", "cohort", "--plan", "/no/such/plan.json"],
    ["plan", *CATALOG, "--profiles", str(REPORTS / "profiles"), "--start", "9999-12-31"],
])
def test_a_wrong_command_line_exits_2(args):
    assert_clean(invoke(args), 2)


@pytest.mark.parametrize("content", [b"{}", b"not json", b'{"status": "OPTIMAL"}'])
@pytest.mark.parametrize("command", [["report", "cohort", *REPORT_ARGS], ["export", "ics", *CATALOG],
                                     ["report", "idp", "--all", *REPORT_ARGS, "--out", "idp"]])
def test_a_bad_input_file_exits_1_for_every_command(tmp_path, monkeypatch, content, command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.json").write_bytes(content)
    text = assert_clean(invoke([*command, "--plan", "plan.json"]), 1)
    assert "plan.json" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/null", "fifo"])
def test_a_device_or_fifo_given_as_an_input_file_is_refused_without_reading_it(tmp_path, special):
    import os

    if special == "fifo":
        special = tmp_path / "fifo"
        os.mkfifo(special)
    for args in (["report", "cohort", *REPORT_ARGS, "--plan", special], ["catalog", "import", special, "--format",
                 "case", "--out", tmp_path / "out"], ["export", "ics", *CATALOG, "--plan", special]):
        assert "not a regular file" in assert_clean(invoke(args), 1)
    folder = tmp_path / "catalog"
    shutil.copytree(REPORTS / "catalog", folder)
    (folder / "zero.yaml").symlink_to(special)
    assert_clean(invoke(["validate", "--catalog", folder]), 0)  # a catalog folder reads regular files only


def test_a_bad_fix_file_is_bad_input(tmp_path):
    (tmp_path / "old.json").write_text("{}")
    text = assert_clean(invoke(["plan", *CATALOG, "--profiles", REPORTS / "profiles", "--fix", tmp_path / "old.json"]), 1)
    assert "--fix" in text and "old.json" in text


def test_a_plan_that_cannot_be_completed_exits_1_and_writes_nothing_unless_asked(tmp_path):
    args = ["plan", *CATALOG, "--profiles", REPORTS / "profiles", "--hours-per-week", "0", "--weeks", "1",
            "--out", tmp_path / "plan.json"]
    text = assert_clean(invoke(args), 1)
    assert "status PARTIAL" in text and "--allow-partial" in text and not (tmp_path / "plan.json").exists()
    assert_clean(invoke([*args, "--allow-partial"]), 1)
    assert json.loads((tmp_path / "plan.json").read_text())["status"] == "PARTIAL"
    before = snapshot(tmp_path)
    report = ["report", "idp", "--all", "--plan", tmp_path / "plan.json", *REPORT_ARGS, "--out", tmp_path / "idp"]
    assert "PARTIAL" in assert_clean(invoke(report), 1)
    assert snapshot(tmp_path) == before
    assert_clean(invoke([*report, "--force"]), 0)
