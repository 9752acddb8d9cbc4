"""The profile store and the shipped sample profiles."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from pathlib import Path

import pytest

from competency.io.profile_cache import MIN_FILES
from competency.io.profiles import dump_profile, load_profile, load_profiles, profile_path, save_profile
from competency.model import InputError, Tier, load_catalog
from competency.model.profile import AgentProfile, Assessment
from competency.planner.scoring.gaps import score_team

SAMPLES = Path(__file__).resolve().parents[1] / "profiles"


@pytest.fixture(autouse=True)
def _no_profile_cache(monkeypatch):
    monkeypatch.setenv("COMPETENCY_NO_CACHE", "1")  # keep the user's cache folder clean


def agent(aid: str = "A001", **extra) -> AgentProfile:
    history = {"empathy": [Assessment(date=dt.date(2026, 3, 1), source="q1.csv", raw="82", score=82,
                                      scale="percent", tier=Tier.ADVANCED, assessor="李敏")]}
    return AgentProfile(id=aid, name="王芳", team="T1", role="frontline_agent", industry="retail",
                        assessments=extra.pop("assessments", history), **extra)


def test_a_saved_profile_loads_back_equal(tmp_path):
    save_profile(tmp_path, agent(budget=2000))
    assert load_profile(tmp_path, "A001") == agent(budget=2000)


def test_saving_the_same_profile_twice_gives_identical_bytes(tmp_path):
    path = save_profile(tmp_path, agent())
    first = path.read_bytes()
    save_profile(tmp_path, load_profile(tmp_path, "A001"))
    assert path.read_bytes() == first


def test_profiles_are_human_readable_yaml_with_tier_names_and_chinese_text(tmp_path):
    text = save_profile(tmp_path, agent()).read_text(encoding="utf-8")
    assert "tier: advanced" in text and "王芳" in text and "李敏" in text


def test_load_profiles_reads_team_subfolders_and_sorts_by_id(tmp_path):
    for aid, folder in (("B2", "team-b"), ("A9", "team-a"), ("A1", "")):
        target = tmp_path / folder / f"{aid}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dump_profile(agent(aid)), encoding="utf-8")
    assert [p.id for p in load_profiles(tmp_path)] == ["A1", "A9", "B2"]


def test_saving_an_existing_agent_rewrites_its_file_where_it_lives(tmp_path):
    (tmp_path / "team-a").mkdir()
    (tmp_path / "team-a" / "A001.yaml").write_text(dump_profile(agent()), encoding="utf-8")
    path = save_profile(tmp_path, agent(hours_per_week=6))
    assert path == tmp_path / "team-a" / "A001.yaml"
    assert not (tmp_path / "A001.yaml").exists()
    assert load_profile(tmp_path, "A001").hours_per_week == 6


def test_a_file_name_that_does_not_match_the_id_is_reported_with_the_fix(tmp_path):
    (tmp_path / "wrong.yaml").write_text(dump_profile(agent()), encoding="utf-8")
    with pytest.raises(InputError, match="A001.yaml"):
        load_profiles(tmp_path)


def test_every_broken_profile_is_reported_at_once(tmp_path):
    (tmp_path / "X1.yaml").write_text("id: X1\nname: a\nteam: t\nrole: r\n", encoding="utf-8")
    (tmp_path / "X2.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_profiles(tmp_path)
    files = {Path(p.file).name for p in info.value.problems}
    assert files == {"X1.yaml", "X2.yaml"}


def test_an_id_that_could_leave_the_folder_is_refused(tmp_path):
    with pytest.raises(ValueError):
        profile_path(tmp_path, "../etc/passwd")


def test_the_same_agent_id_in_two_files_is_an_error(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "A001.yaml").write_text(dump_profile(agent()), encoding="utf-8")
    with pytest.raises(InputError, match="duplicate agent id"):
        load_profiles(tmp_path)


@pytest.fixture(scope="module")
def samples():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COMPETENCY_NO_CACHE", "1")
        return load_profiles(SAMPLES)


def test_the_samples_hold_three_teams_in_three_industries_and_at_least_42_agents(samples):
    assert len(samples) >= 42
    teams = Counter((p.team, p.industry) for p in samples)
    assert len({industry for _, industry in teams}) >= 3 and len(teams) >= 3


def test_sample_agents_use_catalog_roles_and_train_three_to_six_hours_a_week(samples):
    catalog = load_catalog()
    assert all(p.role in catalog.roles and p.industry in catalog.industries for p in samples)
    assert all(3 <= p.hours_per_week <= 6 for p in samples)
    assert any(p.budget for p in samples) and any(p.completed for p in samples)
    assert any(not p.name.isascii() for p in samples) and any(p.name.isascii() for p in samples)


def test_sample_histories_mix_formal_self_and_kpi_evidence_over_2026(samples):
    kinds = Counter(a.kind for p in samples for h in p.assessments.values() for a in h)
    assert kinds["formal"] > 0 and kinds["self"] > 0 and kinds["kpi"] > 0
    assert all(a.date.year == 2026 for p in samples for h in p.assessments.values() for a in h)


def test_sample_gaps_are_realistic_four_to_ten_per_agent_and_about_ten_percent_mandatory(samples):
    results = score_team(load_catalog(), samples)
    counts = sorted(len(r.gaps) for r in results)
    assert 4 <= counts[len(counts) // 2] <= 10
    with_mandatory = sum(1 for r in results if r.mandatory)
    assert 0.05 <= with_mandatory / len(results) <= 0.2


def test_sample_profiles_copy_and_reload_unchanged(tmp_path, samples):
    shutil.copytree(SAMPLES, tmp_path / "p")
    for profile in samples[:5]:
        before = profile_path(tmp_path / "p", profile.id).read_bytes()
        save_profile(tmp_path / "p", profile)
        assert profile_path(tmp_path / "p", profile.id).read_bytes() == before


def test_a_cached_folder_still_sees_an_edited_profile(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("COMPETENCY_NO_CACHE", raising=False)
    folder = tmp_path / "p"
    for number in range(MIN_FILES):
        save_profile(folder, agent(f"A{number:03d}"))
    assert load_profiles(folder)[1].hours_per_week == 4
    assert list((tmp_path / "cache" / "competency").glob("profiles-*.json"))
    save_profile(folder, agent("A001", hours_per_week=5.5))
    assert load_profiles(folder)[1].hours_per_week == 5.5
    (folder / "A001.yaml").unlink()
    assert "A001" not in [p.id for p in load_profiles(folder)]


def test_a_corrupt_cache_falls_back_to_parsing_the_files(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("COMPETENCY_NO_CACHE", raising=False)
    agents = [agent(f"A{number:03d}") for number in range(MIN_FILES)]
    for profile in agents:
        save_profile(tmp_path / "p", profile)
    load_profiles(tmp_path / "p")
    caches = list((tmp_path / "cache" / "competency").glob("*.json"))
    assert caches
    for file in caches:
        file.write_text("{not json", encoding="utf-8")
    assert load_profiles(tmp_path / "p") == agents
