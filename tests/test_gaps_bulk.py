"""`gaps` for everyone from an SQLite store takes a lean path (io/gaps_bulk.py: range
queries, light entries, no pydantic). Its results and output bytes must be those of
scoring each loaded profile with ``score_agent``, for any history and any evidence rule."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from competency.exec import PoolExecutor
from competency.io.gaps_bulk import score_group
from competency.io.gaps_export import gaps_csv, gaps_json
from competency.io.gaps_stream import stream_gaps
from competency.io.hr_pending import Pending
from competency.io.hr_rows import Evidence
from competency.io.profile_db import ProfileDatabase
from competency.model import InputError, load_catalog
from competency.model.profile import AgentProfile, Assessment
from competency.planner.scoring.evidence import EvidenceRule
from competency.planner.scoring.gaps import score_team

CATALOG = load_catalog(None)
# Competencies with KPI thresholds in the shipped catalog, and one metric each, so that
# generated KPI results can miss a threshold (the KPI factor) or meet it.
KPI = {"complaint_handling": "complaint_rate", "empathy": "csat", "response_timeliness": "first_response_seconds",
       "problem_solving": "fcr_rate", "nps_loyalty": "nps"}
COMPETENCIES = sorted(KPI) + ["active_listening", "escalation", "product_knowledge", "not_in_the_catalog"]
RULES = [EvidenceRule(), EvidenceRule(method="highest"), EvidenceRule(method="decaying", half_life_months=2),
         EvidenceRule(kinds=("formal", "self", "kpi"), max_age_months=4),
         EvidenceRule(method="latest", kinds=("formal", "self"), as_of=dt.date(2026, 3, 10))]


@st.composite
def entries(draw, competency: str) -> Assessment:
    kind = draw(st.sampled_from(["formal", "formal", "self", "kpi"]))
    metric = KPI.get(competency, "aht") if kind == "kpi" else None
    score = draw(st.one_of(st.none(), st.floats(0, 200, allow_nan=False))) if kind == "kpi" else None
    # Few dates, sources and raw values: ties that only the history order breaks.
    return Assessment(date=dt.date(2026, draw(st.integers(1, 4)), draw(st.sampled_from([1, 15]))),
                      source=draw(st.sampled_from(["hr.csv", "b.xlsx"])), kind=kind,
                      raw=draw(st.sampled_from(["80", "pass", "进阶"])), tier=draw(st.integers(0, 3)),
                      passed=draw(st.booleans()), metric=metric, score=score)


@st.composite
def agents(draw, k: int) -> AgentProfile:
    history = {}
    for cid in draw(st.lists(st.sampled_from(COMPETENCIES), unique=True, max_size=5)):
        history[cid] = draw(st.lists(entries(cid), min_size=1, max_size=4))
    return AgentProfile(id=f"A{k:03d}", name=draw(st.sampled_from(["Li Na", "=cmd|' /C calc'!A0", "王, 芳"])),
                        team=f"team-{k % 2}", role=draw(st.sampled_from(sorted(CATALOG.roles))),
                        industry=draw(st.sampled_from(sorted(CATALOG.industries))), assessments=history)


stores = st.integers(1, 6).flatmap(lambda n: st.tuples(*(agents(k) for k in range(n))))


def store_of(profiles, folder: Path) -> Path:
    path = folder / "store.sqlite"
    ProfileDatabase(path).write([
        Pending(p.model_copy(update={"assessments": {}}), set(), created=True,
                added=[Evidence(cid, a) for cid, history in p.assessments.items() for a in history])
        for p in profiles])
    return path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stores, st.sampled_from(RULES))
def test_bulk_scores_of_a_store_are_those_of_score_agent_on_its_loaded_profiles(profiles, rule):
    with tempfile.TemporaryDirectory() as tmp:
        path = store_of(profiles, Path(tmp))
        ids = [p.id for p in profiles]
        lean = score_group(path, ids, CATALOG, rule)
        full = score_team(CATALOG, ProfileDatabase(path).read(ids), rule)
        assert [(r.agent_id, r.current, r.targets, r.weights, r.mandatory, r.gaps, r.total_severity, r.as_of)
                for r in lean] == [(r.agent_id, r.current, r.targets, r.weights, r.mandatory, r.gaps,
                                    r.total_severity, r.as_of) for r in full]
        for fmt in ("csv", "json"):
            out = io.StringIO()
            stream_gaps(path, CATALOG, rule, fmt, "zh", PoolExecutor(1), out)
            assert out.getvalue() == (gaps_csv(CATALOG, full, "zh") if fmt == "csv" else gaps_json(CATALOG, full, rule))


def test_bulk_scoring_names_every_agent_whose_role_the_catalog_lacks(tmp_path):
    known = AgentProfile(id="A1", name="n", team="t", role="frontline_agent", industry="retail")
    unknown = [known.model_copy(update={"id": f"A{k}", "role": "astronaut"}) for k in (2, 3)]
    path = store_of([known, *unknown], tmp_path)
    with pytest.raises(InputError) as caught:
        score_group(path, ["A1", "A2", "A3"], CATALOG, EvidenceRule())
    assert [p.file for p in caught.value.problems] == ["profile A2", "profile A3"]
    assert "unknown role 'astronaut'" in caught.value.problems[0].message


def test_a_profile_edited_by_hand_into_the_store_is_reported_by_field_not_by_traceback(tmp_path):
    import sqlite3

    path = store_of([AgentProfile(id="A1", name="n", team="t", role="frontline_agent", industry="retail")], tmp_path)
    with sqlite3.connect(path) as db:
        db.execute("""UPDATE agents SET profile = '{"id": "A1", "team": "t"}' WHERE id = 'A1'""")
    with pytest.raises(InputError) as caught:
        score_group(path, ["A1"], CATALOG, EvidenceRule())
    assert {p.where for p in caught.value.problems} >= {"name", "role", "industry"}
    assert all(p.file == f"{path} agent A1" for p in caught.value.problems)


def test_an_unknown_team_in_a_store_names_thirty_teams_and_counts_the_rest(tmp_path):
    from click.testing import CliRunner

    from competency.cli.main import cli

    people = [AgentProfile(id=f"A{k:03d}", name=f"Agent {k}", team=f"team-{k:03d}", role="frontline_agent",
                           industry="retail") for k in range(40)]
    path = store_of(people, tmp_path)
    result = CliRunner().invoke(cli, ["gaps", "--profiles", str(path), "--team", "team-4O"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "team-029 and 10 more" in result.output and "team-030" not in result.output
    found = CliRunner().invoke(cli, ["gaps", "--profiles", str(path), "--team", "team-007", "--format", "csv"])
    assert found.exit_code == 0 and found.output.splitlines()[1].startswith("A007,Agent 7,team-007")


def test_a_team_in_a_store_with_an_unknown_role_names_the_store_and_agent_not_a_yaml_file(tmp_path):
    from click.testing import CliRunner

    from competency.cli.main import cli

    path = store_of([AgentProfile(id="A1", name="n", team="t", role="astronaut", industry="retail")], tmp_path)
    result = CliRunner().invoke(cli, ["gaps", "--profiles", str(path), "--team", "t"])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert f"{path} agent A1" in result.output and "unknown role 'astronaut'" in result.output
    assert "A1.yaml" not in result.output


def test_a_database_with_our_tables_but_not_our_checks_gets_a_message_not_a_traceback(tmp_path):
    import sqlite3

    from click.testing import CliRunner

    from competency.cli.main import cli

    path = tmp_path / "forged.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE agents (id TEXT PRIMARY KEY, team TEXT, profile TEXT)")
        db.execute("CREATE TABLE assessments (agent, competency, date, source, kind, raw, metric, score, tier, passed)")
        db.execute("""INSERT INTO agents VALUES ('A1', 't', '{"name": "n", "team": "t", "role": "frontline_agent",
                      "industry": "retail"}')""")
        db.execute("INSERT INTO assessments VALUES ('A1', 'empathy', '2026-02-30', 's', 'formal', '80', '', 80, 9, 1)")
    for args in (["--format", "csv"], ["--team", "t"]):
        result = CliRunner().invoke(cli, ["gaps", "--profiles", str(path), *args])
        assert result.exit_code != 0 and "Traceback" not in result.output
        assert "never writes" in result.output and str(path) in result.output
