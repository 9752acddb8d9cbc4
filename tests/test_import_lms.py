"""`competency import` of LMS completion exports and HR rosters: completions, joiners, leavers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from competency.cli.main import cli
from competency.io.profiles import load_profile, load_profiles
from competency.model import load_catalog
from competency.planner.problem.instance import learners_from_profiles

SAMPLES = Path(__file__).resolve().parents[1] / "profiles"

LMS_ZH = ("工号,姓名,课程,完成状态,成绩,完成时间\n"
          "SZM001,张伟,一次受理到位,通过,92,2026-11-03\n"
          "SZM001,张伟,inquiry_intake_basic_omni,未完成,,2026-11-04\n"
          "SZM002,李娜,problem_classification_basic_micro,未通过,41,2026/11/05\n")


@pytest.fixture(autouse=True)
def _no_profile_cache(monkeypatch):
    monkeypatch.setenv("COMPETENCY_NO_CACHE", "1")


@pytest.fixture()
def profiles(tmp_path) -> Path:
    target = tmp_path / "profiles"
    shutil.copytree(SAMPLES, target)
    return target


def run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_a_gbk_lms_export_with_chinese_headers_records_passed_and_failed_completions(tmp_path, profiles):
    result = run(write(tmp_path, "lms.csv", LMS_ZH, "gbk"), "--profiles", profiles)
    assert result.exit_code == 0, result.output
    done = {c.module: c for c in load_profile(profiles, "SZM001").completed if c.source == "lms.csv"}
    assert set(done) == {"inquiry_intake_basic_micro"}  # the unfinished course is not a completion
    assert done["inquiry_intake_basic_micro"].passed is True and done["inquiry_intake_basic_micro"].score == 92
    failed = [c for c in load_profile(profiles, "SZM002").completed if c.source == "lms.csv"][0]
    assert failed.module == "problem_classification_basic_micro" and failed.passed is False
    # a failed module test does not count as done: the module may be booked again
    assert "problem_classification_basic_micro" not in load_profile(profiles, "SZM002").completed_ids


def test_importing_the_same_lms_export_twice_changes_nothing(tmp_path, profiles):
    path = write(tmp_path, "lms.csv", LMS_ZH)
    run(path, "--profiles", profiles)
    before = snapshot(profiles)
    again = run(path, "--profiles", profiles)
    assert again.exit_code == 0 and "0 imported, 3 unchanged" in again.output
    assert snapshot(profiles) == before


def test_an_english_lms_export_with_a_mapping_file_reads_its_own_course_names(tmp_path, profiles):
    mapping = write(tmp_path, "map.yaml", "columns: {Learner: agent, Course title: module, Finished: date, "
                                          "Result: completion}\nmodules: {Intake 101: inquiry_intake_basic_micro}\n")
    path = write(tmp_path, "lms_en.csv", "\ufeffLearner,Course title,Finished,Result\nHZR001,Intake 101,2026-11-06,completed\n")
    result = run(path, "--profiles", profiles, "--mapping", mapping)
    assert result.exit_code == 0, result.output
    assert "inquiry_intake_basic_micro" in load_profile(profiles, "HZR001").completed_ids


def test_bad_lms_rows_name_file_row_and_column_and_strict_writes_nothing(tmp_path, profiles):
    path = write(tmp_path, "bad.csv", "工号,课程,完成状态,完成时间\nSZM001,不存在的课,通过,2026-11-03\n"
                                      "SZM002,一次受理到位,maybe,2026-11-03\nSZM003,一次受理到位,通过,昨天\n")
    before = snapshot(profiles)
    result = run(path, "--profiles", profiles, "--strict")
    assert result.exit_code == 1
    assert "row 2, column 课程" in result.output and "unknown module '不存在的课'" in result.output
    assert "row 3, column 完成状态" in result.output and "row 4, column 完成时间" in result.output
    assert "Traceback" not in result.output and snapshot(profiles) == before


def test_a_leaver_is_marked_inactive_keeps_the_history_and_is_not_planned(tmp_path, profiles):
    history = load_profile(profiles, "SZM003").assessments
    roster = write(tmp_path, "roster.csv", "工号,在职状态,离职日期\nSZM003,离职,2026-11-20\n", "gbk")
    result = run(roster, "--profiles", profiles)
    assert result.exit_code == 0, result.output
    left = load_profile(profiles, "SZM003")
    assert (left.active, str(left.left), left.assessments) == (False, "2026-11-20", history)
    catalog = load_catalog(None)
    planned = {a.agent_id for a in learners_from_profiles(catalog, load_profiles(profiles))}
    assert "SZM003" not in planned and "SZM004" in planned
    assert "active: false" in (profiles / "suzhou-manufacturing-hotline" / "SZM003.yaml").read_text(encoding="utf-8")


def test_a_joiner_row_creates_a_profile_with_the_hire_date(tmp_path, profiles):
    roster = write(tmp_path, "roster.csv", "工号,姓名,班组,岗位,行业,站点,入职日期,在职状态\n"
                                          "SZM099,陈新,苏州制造热线一组,一线客服,制造业,苏州工业园区,2026-11-16,在职\n")
    result = run(roster, "--profiles", profiles)
    assert result.exit_code == 0, result.output
    joiner = load_profile(profiles, "SZM099")
    assert (joiner.active, str(joiner.joined), joiner.role, joiner.industry) == (True, "2026-11-16", "frontline_agent",
                                                                                  "manufacturing")


def test_a_leaver_without_a_profile_is_a_bad_row_that_says_so(tmp_path, profiles):
    roster = write(tmp_path, "roster.csv", "工号,在职状态,离职日期\nNOBODY1,离职,2026-11-20\n")
    result = run(roster, "--profiles", profiles)
    assert "NOBODY1" in result.output and "has no profile" in result.output
    assert not (profiles / "NOBODY1.yaml").exists()


def test_profiles_of_agents_who_stay_do_not_gain_an_active_line(tmp_path, profiles):
    run(write(tmp_path, "lms.csv", LMS_ZH), "--profiles", profiles)
    assert "active:" not in (profiles / "suzhou-manufacturing-hotline" / "SZM001.yaml").read_text(encoding="utf-8")


def test_an_lms_row_with_an_agent_id_longer_than_a_profile_id_is_refused_naming_the_row(tmp_path, profiles):
    export = tmp_path / "lms_long_id.csv"
    export.write_text("工号,课程,完成时间\n" + "A" * 90 + ",m_x,2026-10-01\n", encoding="utf-8")
    before = snapshot(profiles)
    result = CliRunner().invoke(cli, ["import", str(export), "--profiles", str(profiles), "--strict"])
    assert result.exit_code == 1 and "row 2, column 工号" in result.output and "at most 80" in result.output
    assert snapshot(profiles) == before
