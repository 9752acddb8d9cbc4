"""The committed plan JSON Schema matches the plan models."""

from __future__ import annotations

from pathlib import Path

from competency.planner.plan.schema import PLAN_FORMAT_VERSION, plan_schema_json

SCHEMA = Path(__file__).resolve().parents[1] / "competency" / "schemas" / "plan.schema.json"


def test_the_committed_plan_schema_is_current():
    assert SCHEMA.read_text(encoding="utf-8") == plan_schema_json(), (
        "regenerate: python -c 'from competency.planner.plan.schema import write_schema; write_schema()'")


def test_the_plan_schema_carries_the_format_version():
    assert PLAN_FORMAT_VERSION in plan_schema_json()


def test_a_version_1_0_plan_file_without_stage_endings_still_reads():
    from competency.planner.plan.schema import Plan

    old = ('{"format_version": "1.0", "status": "OPTIMAL", "objective": 1.0, "bound": 1.0, "gap": 0.0, '
           '"weeks": 12, "start_date": "2026-11-02", '
           '"stages": [{"name": "value", "status": "OPTIMAL", "value": 1.0, "bound": 1.0, "seconds": 0.5}]}')
    plan = Plan.model_validate_json(old)
    assert plan.format_version == "1.0" and plan.stages[0].ended is None
