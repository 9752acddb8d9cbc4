"""docs/profiles.md: every profile field is documented, and its complete example is a valid
profile whose failed expert exam means mandatory retraining toward expert."""

import re
from pathlib import Path

import yaml

from competency.model import load_catalog
from competency.model.profile import AgentProfile, Assessment
from competency.model.tiers import Tier
from competency.planner.scoring.gaps import score_team
from competency.reports.language import profile_language

DOC = (Path(__file__).parents[1] / "docs" / "profiles.md").read_text(encoding="utf-8")


def _example() -> dict:
    return yaml.safe_load(re.search(r"```yaml\n(.*?)```", DOC, re.S).group(1))


def test_every_profile_and_assessment_field_has_a_row_in_the_doc():
    for model in (AgentProfile, Assessment):
        for name in model.model_fields:
            assert f"| `{name}` |" in DOC, f"{model.__name__}.{name} is not documented in docs/profiles.md"


def test_the_complete_example_is_a_valid_profile_of_the_shipped_catalog():
    catalog = load_catalog()
    profile = AgentProfile.model_validate(_example())
    assert profile.role in catalog.roles and profile.industry in catalog.industries
    assert set(profile.assessments) <= set(catalog.competencies)
    assert {c.module for c in profile.completed} <= set(catalog.modules)
    (result,) = score_team(catalog, [profile])
    assert result.mandatory == {"emotion_recognition": Tier.EXPERT}


def test_the_documented_defaults_are_the_models():
    catalog = load_catalog()
    smallest = AgentProfile.model_validate({k: _example()[k] for k in ("id", "name", "team", "role", "industry")})
    assert smallest.hours_per_week == 4 and smallest.language is None and smallest.budget is None
    assert profile_language(smallest, catalog) == catalog.language
    assert "| `hours_per_week` | no | **4** |" in DOC
