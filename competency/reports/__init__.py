"""Printable reports from a plan file: individual development plans, the cohort curriculum
(Markdown, self-contained HTML, PDF, xlsx) and iCalendar export. See docs/reports.md.

The names below are loaded on first use (PEP 562): ``competency gaps`` imports
``reports.ranking`` and the CLI imports ``reports.fonts``, and neither should pay ~0.8 s
for Jinja, icalendar and the plan schema that the package's own modules pull in.
"""

from importlib import import_module

_WHERE = {
    "plan_to_ics": "calendar",
    "ReportInputs": "inputs", "load_agent_profiles": "inputs", "load_inputs": "inputs", "load_plan": "inputs",
    "COHORT_FORMATS": "output", "IDP_FORMATS": "output", "cohort_bytes": "output", "idp_bytes": "output",
    "safe_file_names": "output",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
