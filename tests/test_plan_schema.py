"""The committed plan JSON Schema matches the plan models."""

from __future__ import annotations

from pathlib import Path

from competency.planner.plan import PLAN_FORMAT_VERSION, plan_schema_json

SCHEMA = Path(__file__).resolve().parents[1] / "competency" / "schemas" / "plan.schema.json"


def test_the_committed_plan_schema_is_current():
    assert SCHEMA.read_text(encoding="utf-8") == plan_schema_json(), (
        "regenerate: python -c 'from competency.planner.plan import write_schema; write_schema()'")


def test_the_plan_schema_carries_the_format_version():
    assert PLAN_FORMAT_VERSION in plan_schema_json()
