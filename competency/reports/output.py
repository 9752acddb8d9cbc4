"""One entry point per report: inputs in, finished file bytes out, for the CLI and for library users."""

from __future__ import annotations

import re

from .cohort import build_cohort
from .idp import build_idp
from .inputs import ReportInputs
from .render import render

IDP_FORMATS = ("html", "pdf", "md")
COHORT_FORMATS = ("html", "pdf", "md", "xlsx")


def idp_bytes(inputs: ReportInputs, agent_id: str, lang: str, fmt: str) -> bytes:
    context = build_idp(inputs, agent_id, lang)
    if fmt == "pdf":
        from .pdf import html_to_pdf

        return html_to_pdf(render("idp", context, "html"))
    return render("idp", context, fmt).encode("utf-8")


def cohort_bytes(inputs: ReportInputs, lang: str, fmt: str) -> bytes:
    context = build_cohort(inputs, lang)
    if fmt == "pdf":
        from .pdf import html_to_pdf

        return html_to_pdf(render("cohort", context, "html"))
    if fmt == "xlsx":
        from .xlsx import cohort_xlsx

        return cohort_xlsx(context, inputs.plan.start_date)
    return render("cohort", context, fmt).encode("utf-8")


def safe_file_names(ids: list[str], suffix: str) -> dict[str, str]:
    """A file name per id using only [A-Za-z0-9_.-]; ids that clash after cleaning get -2, -3..."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for agent_id in ids:
        stem = re.sub(r"[^A-Za-z0-9_.-]", "_", agent_id).lstrip(".") or "agent"
        name, n = f"{stem}{suffix}", 1
        while name.lower() in taken:
            n += 1
            name = f"{stem}-{n}{suffix}"
        taken.add(name.lower())
        names[agent_id] = name
    return names
