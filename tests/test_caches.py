"""The catalog and profile caches: identical models, invalidated by any change, never trusted blindly."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from competency.cli.main import cli
from competency.io import catalog_cache, model_cache, profiles as profile_io
from competency.io.profiles import load_profiles
from competency.model import CatalogError, InputError, default_catalog_dir, load_catalog, load_catalog_with_problems
from competency.model import loader
from competency.model.catalog import Mode
from strict import same

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "profiles"


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("COMPETENCY_NO_CACHE", raising=False)
    # Catalogs copied a moment ago are cached at once here; tests that edit a cached file
    # wait for the next file-time tick instead (next_tick).
    monkeypatch.setattr(catalog_cache, "SETTLED_NS", 0)
    return tmp_path / "xdg" / "competency"


def next_tick() -> None:
    """File times have a coarse clock (a few ms): an edit right after the cache was written
    could keep every time stamp. Outside tests, catalog_cache.SETTLED_NS rules that out."""
    time.sleep(0.05)


@pytest.fixture
def catalog_dir(tmp_path) -> Path:
    folder = tmp_path / "catalog"
    shutil.copytree(default_catalog_dir(), folder)
    return folder


class YamlReads:
    """Counts catalog loads that read the YAML files, i.e. cache misses."""

    def __init__(self, monkeypatch):
        self.count = 0
        original = loader._load

        def counting(*args):
            self.count += 1
            return original(*args)

        monkeypatch.setattr(loader, "_load", counting)


def fresh(folder: Path):
    catalog, problems = load_catalog_with_problems(folder)
    assert not [p for p in problems if p.severity == "error"]
    return catalog


def test_a_cached_catalog_is_identical_to_the_parsed_one(cache, catalog_dir, monkeypatch):
    reads = YamlReads(monkeypatch)
    first, second = load_catalog(catalog_dir), load_catalog(catalog_dir)
    assert reads.count == 1
    assert list(cache.glob("catalog-*.json"))
    assert same(second, fresh(catalog_dir)) and same(first, second)


@pytest.mark.parametrize("change", ["edit", "same_size_same_mtime", "add", "remove"])
def test_any_change_to_a_catalog_file_invalidates_the_cache(cache, catalog_dir, monkeypatch, change):
    reads = YamlReads(monkeypatch)
    load_catalog(catalog_dir)
    next_tick()
    roles = catalog_dir / "roles.yaml"
    text = roles.read_text(encoding="utf-8")
    if change == "edit":
        roles.write_text(text.replace("weights:", "weights:  ", 1), encoding="utf-8")
    elif change == "same_size_same_mtime":
        # One character, same length, file times put back: only ctime shows the edit.
        before = roles.stat()
        assert "1.5" in text
        roles.write_text(text.replace("1.5", "1.4", 1), encoding="utf-8")
        os.utime(roles, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert roles.stat().st_size == before.st_size
    elif change == "add":
        (catalog_dir / "extra.yaml").write_text("domains:\n- id: extra\n  name: Extra\n", encoding="utf-8")
    else:
        (catalog_dir / "modules" / "sector_variants.yaml").unlink()
    catalog = load_catalog(catalog_dir)
    assert reads.count == 2
    assert same(catalog, fresh(catalog_dir))
    if change == "same_size_same_mtime":
        assert 1.4 in [w for role in catalog.roles.values() for w in role.weights.values()]
    if change == "add":
        assert "extra" in catalog.domains


def test_a_catalog_changed_moments_ago_is_not_cached_yet(cache, catalog_dir, monkeypatch):
    monkeypatch.setattr(catalog_cache, "SETTLED_NS", 2_000_000_000)
    load_catalog(catalog_dir)
    assert not list(cache.glob("catalog-*.json"))
    monkeypatch.setattr(time, "time_ns", lambda: catalog_dir.stat().st_ctime_ns + 3_000_000_000)
    load_catalog(catalog_dir)
    assert list(cache.glob("catalog-*.json"))


@pytest.mark.parametrize("body", ["{not json", "[]", '{"domains": 5}', '{"info": {"id": 7, "bogus": 1}}', ""])
def test_a_corrupt_catalog_cache_is_ignored(cache, catalog_dir, monkeypatch, body):
    load_catalog(catalog_dir)
    (file,) = cache.glob("catalog-*.json")
    key = file.read_text(encoding="utf-8").split("\n", 1)[0]
    file.write_text(f"{key}\n{body}", encoding="utf-8")  # the right key, so the body itself is read
    reads = YamlReads(monkeypatch)
    catalog = load_catalog(catalog_dir)
    assert reads.count == 1
    assert same(catalog, fresh(catalog_dir))
    file.write_bytes(b"\xff\xfe garbage")
    assert same(load_catalog(catalog_dir), fresh(catalog_dir))


def test_other_code_does_not_read_the_cache(cache, catalog_dir, monkeypatch):
    load_catalog(catalog_dir)
    monkeypatch.setattr(model_cache, "_code_key", "written by another version")
    reads = YamlReads(monkeypatch)
    load_catalog(catalog_dir)
    assert reads.count == 1


def test_no_cache_turns_the_catalog_cache_off(cache, catalog_dir, monkeypatch):
    monkeypatch.setenv("COMPETENCY_NO_CACHE", "1")
    load_catalog(catalog_dir)
    load_catalog(catalog_dir)
    assert not cache.exists()


def test_an_invalid_catalog_is_not_cached(cache, catalog_dir):
    roles = catalog_dir / "roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8").replace("targets:", "targetz:", 1), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(CatalogError):
            load_catalog(catalog_dir)
    assert not list(cache.glob("catalog-*.json"))


def test_free_form_data_json_cannot_give_back_is_not_cached(cache, catalog_dir, monkeypatch):
    # The evidence section is kept as plain YAML data; a date in it would come back as text.
    (catalog_dir / "evidence.yaml").write_text("evidence:\n  method: latest\n  as_of: 2026-06-30\n",
                                               encoding="utf-8")
    reads = YamlReads(monkeypatch)
    for _ in range(2):
        assert load_catalog(catalog_dir).extras["evidence"]["as_of"].isoformat() == "2026-06-30"
    assert reads.count == 2
    assert not list(cache.glob("catalog-*.json"))


def test_cached_profiles_are_identical_to_the_parsed_ones(cache, tmp_path, monkeypatch):
    shutil.copytree(SAMPLES, tmp_path / "p")
    parsed = load_profiles(tmp_path / "p")
    reads = []
    original = profile_io._read
    monkeypatch.setattr(profile_io, "_read", lambda *args: reads.append(args) or original(*args))
    cached = load_profiles(tmp_path / "p")
    assert not reads
    assert same(cached, parsed)
    monkeypatch.setattr(model_cache, "_code_key", "written by another version")
    assert same(load_profiles(tmp_path / "p"), parsed)
    assert len(reads) == len(parsed)


def test_infinite_and_nan_values_are_refused_on_every_load_never_cached(cache, tmp_path):
    # JSON cannot give them back, and they are bad input anyway: the profile is refused each time.
    folder = tmp_path / "p"
    shutil.copytree(SAMPLES, folder)
    path = sorted(folder.rglob("*.yaml"))[0]
    text, budgets = re.subn(r"^budget: .*$", "budget: .inf", path.read_text(encoding="utf-8"), flags=re.M)
    text, scores = re.subn(r"score: [0-9.]+$", "score: .nan", text, count=1, flags=re.M)
    assert budgets == scores == 1
    path.write_text(text, encoding="utf-8")
    for _ in range(2):
        with pytest.raises(InputError) as refused:
            load_profiles(folder)
        assert "budget" in str(refused.value) and "score" in str(refused.value) and "finite" in str(refused.value)


def test_one_team_from_a_warm_cache_is_the_team_of_a_full_load(cache, tmp_path):
    folder = tmp_path / "p"
    shutil.copytree(SAMPLES, folder)
    everyone = load_profiles(folder)
    team = everyone[-1].team
    for _ in range(2):  # cold, then from the cache
        chosen = load_profiles(folder, lambda agent_id, agent_team: agent_team == team)
        assert same(chosen, [p for p in everyone if p.team == team])
    # A broken file of another team is still reported.
    other = next(p for p in everyone if p.team != team)
    path = next(folder.rglob(f"{other.id}.yaml"))
    path.write_text(path.read_text(encoding="utf-8").replace("role:", "role: [", 1), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_profiles(folder, lambda agent_id, agent_team: agent_team == team)
    assert str(path) in raised.value.render()


def test_gaps_prints_the_same_from_the_caches_as_from_the_files(cache, monkeypatch):
    args = ["gaps", "--profiles", str(SAMPLES), "--team", "苏州制造热线一组"]
    warm_up = CliRunner().invoke(cli, args)
    cached = CliRunner().invoke(cli, args)
    monkeypatch.setenv("COMPETENCY_NO_CACHE", "1")
    parsed = CliRunner().invoke(cli, args)
    assert warm_up.exit_code == cached.exit_code == parsed.exit_code == 0
    assert cached.stdout == parsed.stdout == warm_up.stdout
    assert list(cache.glob("profiles-*.json")) and list(cache.glob("catalog-*.json"))


def test_a_catalog_with_a_time_zone_and_session_slots_is_cached_and_identical(cache, catalog_dir, monkeypatch):
    files = sorted(catalog_dir.rglob("*.yaml"))
    first = next(f for f in files if "\ncatalog:" in "\n" + f.read_text(encoding="utf-8"))
    text = first.read_text(encoding="utf-8").replace(
        "\ncatalog:\n", '\ncatalog:\n  timezone: Europe/Berlin\n  slots:\n    workshop: {day: 周四, start: "13:30", hours: 4}\n'
        "    classroom: {day: 2, start: 9:30}\n", 1)
    first.write_text(text, encoding="utf-8")
    reads = YamlReads(monkeypatch)
    cached = load_catalog(catalog_dir), load_catalog(catalog_dir)
    assert reads.count == 1 and list(cache.glob("catalog-*.json"))
    assert same(cached[1], fresh(catalog_dir))
    assert cached[1].info.timezone == "Europe/Berlin" and cached[1].info.slots[Mode.CLASSROOM].start == "09:30"
