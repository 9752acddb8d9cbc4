"""Seeded HR exports for N agents from the shipped catalog, for the scale benchmark and tests.

Each agent gets one row per competency of the catalog (40 in the shipped one): a percent
score on a date (87 % at or above 75, the advanced mark, so an agent has about as
many gaps as the sample agents: 6-8), and the name, team, site, role and industry columns so that the import
creates the profile. Teams hold 50 agents, sites 1,000. Written as UTF-8 CSV with the
English headers the import recognises (docs/import.md), streamed: 1,000,000 rows never sit
in memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from competency.model.catalog import Catalog

HEADER = ("Employee ID", "Name", "Team", "Site", "Role", "Industry", "Competency", "Score", "Date", "Assessor")
TEAM_SIZE = 50
SITE_SIZE = 1000
MEETS = 0.87


def agent_id(k: int) -> str:
    return f"A{k:06d}"


def team_of(k: int) -> str:
    return f"team-{k // TEAM_SIZE:04d}"


def write_export(path: Path, catalog: Catalog, agents: int, seed: int = 0, first: int = 0,
                 day: dt.date = dt.date(2026, 10, 12)) -> int:
    """Write rows for agents ``first .. first + agents - 1``; returns the number of rows."""
    rng = random.Random(seed)
    roles, industries = sorted(catalog.roles), sorted(catalog.industries)
    competencies = sorted(catalog.competencies)
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for k in range(first, first + agents):
            role, industry = roles[k % len(roles)], industries[(k // len(roles)) % len(industries)]
            person = (agent_id(k), f"Agent {k}", team_of(k), f"site-{k // SITE_SIZE:03d}", role, industry)
            for cid in competencies:
                score = rng.randint(75, 100) if rng.random() < MEETS else rng.randint(35, 74)
                date = day + dt.timedelta(days=rng.randint(0, 20))
                out.writerow((*person, cid, score, date.isoformat(), "QA team"))
                rows += 1
    return rows
