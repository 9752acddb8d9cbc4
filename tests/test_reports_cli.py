"""`competency report idp|cohort`: outputs, batch files, determinism and user mistakes."""

import io
import zipfile
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from competency.cli.main import cli
from competency.reports import safe_file_names

DATA = Path(__file__).parent / "data" / "reports"
ARGS = ["--plan", str(DATA / "plan.json"), "--catalog", str(DATA / "catalog"), "--profiles", str(DATA / "profiles")]


def run(*args: str):
    return CliRunner().invoke(cli, ["report", *args])


def test_an_idp_goes_to_stdout_in_the_agents_profile_language():
    result = run("idp", "a001", *ARGS, "--format", "md")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# 个人发展计划：张伟")


def test_lang_overrides_the_profile_language():
    result = run("idp", "a001", *ARGS, "--format", "md", "--lang", "en")
    assert result.output.startswith("# Individual development plan: 张伟")


def test_an_unknown_agent_is_rejected_with_the_closest_ids():
    result = run("idp", "a01", *ARGS)
    assert result.exit_code == 2 and "'a01' is not in" in result.output and "a001" in result.output


def test_an_agent_id_or_all_is_required_but_not_both():
    assert run("idp", *ARGS).exit_code == 2
    assert run("idp", "a001", "--all", *ARGS).exit_code == 2


def test_all_without_an_output_folder_asks_for_one():
    result = run("idp", "--all", *ARGS)
    assert result.exit_code == 2 and "--out DIR" in result.output


def test_all_writes_one_file_per_agent_named_by_id(tmp_path):
    result = run("idp", "--all", *ARGS, "--format", "html", "--out", str(tmp_path / "idp"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "idp").iterdir()) == ["a001.html", "a002.html", "a003.html"]
    assert "Li Na" in (tmp_path / "idp" / "a002.html").read_text(encoding="utf-8")


def test_file_names_keep_only_safe_characters_and_never_collide():
    names = safe_file_names(["../etc/passwd", "a b", "a_b", "A_B", "张伟"], ".pdf")
    assert names == {"../etc/passwd": "_etc_passwd.pdf", "a b": "a_b.pdf", "a_b": "a_b-2.pdf",
                     "A_B": "A_B-3.pdf", "张伟": "__.pdf"}


def test_a_broken_plan_file_is_reported_with_the_field_to_fix(tmp_path):
    bad = tmp_path / "plan.json"
    bad.write_text((DATA / "plan.json").read_text(encoding="utf-8").replace('"weeks": 6', '"weeks": "six"'),
                   encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", "cohort", "--plan", str(bad), "--catalog", str(DATA / "catalog")])
    assert result.exit_code == 1 and "weeks" in result.output and str(bad) in result.output


def test_the_cohort_workbook_is_byte_identical_across_runs_and_has_the_sheets(tmp_path):
    outs = [tmp_path / "a.xlsx", tmp_path / "b.xlsx"]
    for out in outs:
        assert run("cohort", *ARGS, "--format", "xlsx", "--out", str(out)).exit_code == 0
    assert outs[0].read_bytes() == outs[1].read_bytes()
    assert {i.date_time for i in zipfile.ZipFile(outs[0]).infolist()} == {(1980, 1, 1, 0, 0, 0)}
    book = openpyxl.load_workbook(io.BytesIO(outs[0].read_bytes()))
    assert book.sheetnames[:3] == ["Summary", "Agents", "Week-by-week schedule"]
    assert "Budget sweep" in book.sheetnames
    sessions = list(book["Sessions"].iter_rows(values_only=True))
    assert len(sessions) == 1 + 3 + 1 and sessions[1][5] == 2 and sessions[-1][:1] == ("Total",)


def test_a_binary_format_without_out_is_written_to_a_pipe():
    result = run("cohort", *ARGS, "--format", "xlsx")
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"PK")
