"""The SQLite profile store holds the same profiles as the YAML folder and gives the same
gaps; its tables refuse values the domain model would refuse; bad files get messages."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from competency.cli.main import cli
from competency.io.hr_pending import Pending
from competency.io.hr_rows import Evidence
from competency.io.profile_db import ProfileDatabase
from competency.io.profiles import load_profiles

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "profiles"


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    """The sample profiles copied into a database through the store's own write."""
    path = tmp_path_factory.mktemp("db") / "sample.sqlite"
    changed = [Pending(p.model_copy(update={"assessments": {}}), set(), created=True,
                       added=[Evidence(cid, a) for cid, history in p.assessments.items() for a in history])
               for p in load_profiles(SAMPLE)]
    ProfileDatabase(path).write(changed)
    return path


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_the_database_gives_back_every_sample_profile_unchanged(sample_db):
    from_db = {p.id: p for p in load_profiles(sample_db)}
    from_yaml = {p.id: p for p in load_profiles(SAMPLE)}
    assert from_db.keys() == from_yaml.keys()
    for aid, profile in from_yaml.items():
        stored = from_db[aid]
        assert stored.model_dump(exclude={"assessments"}) == profile.model_dump(exclude={"assessments"})
        assert {c: stored.history(c) for c in stored.assessments} == {c: profile.history(c) for c in profile.assessments}


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_gaps_for_everyone_from_the_database_are_byte_for_byte_those_of_the_folder(sample_db, fmt):
    folder = run("gaps", "--profiles", str(SAMPLE), "--format", fmt)
    database = run("gaps", "--profiles", str(sample_db), "--format", fmt)
    assert folder.exit_code == 0 and database.exit_code == 0, database.output
    assert database.stdout == folder.stdout


def test_gaps_for_one_team_from_the_database_match_the_folder(sample_db):
    team = "苏州制造热线一组"
    folder = run("gaps", "--profiles", str(SAMPLE), "--team", team, "--format", "json")
    database = run("gaps", "--profiles", str(sample_db), "--team", team, "--format", "json")
    assert database.exit_code == 0
    assert database.stdout == folder.stdout and team in database.stdout


def test_the_database_refuses_a_history_entry_the_model_would_refuse(sample_db, tmp_path):
    copy = tmp_path / "copy.sqlite"
    with sqlite3.connect(sample_db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    db = sqlite3.connect(copy)
    row = db.execute("SELECT * FROM assessments LIMIT 1").fetchone()
    bad_values = {9: 7, 2: "2026-02-30", 4: "rumour", 10: 2, 8: "high"}  # tier, date, kind, passed, score
    for column, value in bad_values.items():
        broken = list(row)
        broken[column], broken[3] = value, "another source"
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(f"INSERT INTO assessments VALUES ({','.join('?' * len(row))})", broken)
    db.close()


def test_a_file_named_sqlite_that_is_not_a_database_gets_a_message_not_a_traceback(tmp_path):
    fake = tmp_path / "centre.sqlite"
    fake.write_text("id: not a database\n", encoding="utf-8")
    result = run("gaps", "--profiles", str(fake))
    assert result.exit_code == 1
    assert "not a usable SQLite profile database" in result.output and "Traceback" not in result.output


def test_an_import_creates_the_database_and_a_second_import_of_the_same_file_changes_nothing(tmp_path):
    export = tmp_path / "q4.csv"
    export.write_text("工号,姓名,班组,岗位,行业,能力项,得分,评估日期\n"
                      "N001,新人,测试组,frontline_agent,retail,empathy,82,2026-10-01\n", encoding="utf-8")
    store = tmp_path / "centre.sqlite"
    first = run("import", str(export), "--profiles", str(store))
    second = run("import", str(export), "--profiles", str(store))
    assert first.exit_code == 0 and "1 created" in first.output
    assert second.exit_code == 0 and "0 imported, 1 unchanged" in second.output
    (profile,) = load_profiles(store)
    assert profile.id == "N001" and [a.raw for a in profile.history("empathy")] == ["82"]
