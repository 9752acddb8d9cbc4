"""Printable reports from a plan file: individual development plans, the cohort curriculum
(Markdown, self-contained HTML, PDF, xlsx) and iCalendar export. See docs/reports.md."""

from .calendar import plan_to_ics
from .inputs import ReportInputs, load_agent_profiles, load_inputs, load_plan
from .output import COHORT_FORMATS, IDP_FORMATS, cohort_bytes, idp_bytes, safe_file_names

__all__ = [
    "COHORT_FORMATS", "IDP_FORMATS", "ReportInputs", "cohort_bytes", "idp_bytes", "load_agent_profiles",
    "load_inputs", "load_plan", "plan_to_ics", "safe_file_names",
]
