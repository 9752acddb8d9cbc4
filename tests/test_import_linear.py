"""Issue 14, class 9: an import costs time in proportion to its rows. One agent's long history
is read into its keys once and the profile rebuilt once, however many rows name the agent
(rebuilding both per row made 30,000 entries take over a minute)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from competency.io import hr_import, hr_pending
from competency.io.profiles import load_profiles
from competency.model import load_catalog

ROOT = Path(__file__).resolve().parents[1]


def test_an_agent_named_in_3000_rows_has_its_history_read_once_and_its_profile_built_once(tmp_path, monkeypatch):
    profiles = tmp_path / "profiles"
    shutil.copytree(ROOT / "profiles", profiles)
    rows = ["Employee ID,Competency,Score,Scale,Date"]
    day = dt.date(2020, 1, 1)
    for k in range(3000):
        rows.append(f"SHF001,compliance_scripts,{1 + k % 5},1-5,{day + dt.timedelta(days=k)}")
    export = tmp_path / "long_history.csv"
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    calls = {"keys": 0, "profile": 0}
    keys, profile = hr_pending.history_keys, hr_pending.Pending.profile

    def counted_keys(p):
        calls["keys"] += 1
        return keys(p)

    def counted_profile(self):
        calls["profile"] += 1
        return profile(self)

    monkeypatch.setattr(hr_pending, "history_keys", counted_keys)
    monkeypatch.setattr(hr_pending.Pending, "profile", counted_profile)
    report = hr_import.plan_import(export, load_catalog(ROOT / "catalog"), load_profiles(profiles))
    assert not report.errors, report.errors[:3]
    assert report.imported == 3000 and list(report.profiles) == ["SHF001"]
    assert calls == {"keys": 1, "profile": 1}
    assert len(report.profiles["SHF001"].history("compliance_scripts")) >= 3000
