"""Many IDPs at once (``report idp --all``) on an executor (competency/exec): pool or Ray.

Jobs are small groups of agents, each carrying only what their IDPs read: the catalog,
their own part of the plan (plus the mentors they name) and their profiles. A job sent to
a Ray node is then kilobytes, not the whole cohort's plan, and no IDP scans all agents.
Results come back in input order, so the files are the same whichever executor runs them.
"""

from __future__ import annotations

from collections.abc import Iterator

from .inputs import ReportInputs
from .output import idp_bytes

GROUP = 16  # agents per job: enough to amortise a job's overhead, small enough to balance


def render_idps(inputs: ReportInputs, languages: dict[str, str], fmt: str, executor) -> Iterator[tuple[str, bytes]]:
    """(agent id, file bytes) for every agent of ``languages`` (id -> language), in its order."""
    ids = list(languages)
    index = {a.agent_id: a for a in inputs.plan.agents}
    jobs = []
    for start in range(0, len(ids), GROUP):
        group = ids[start:start + GROUP]
        jobs.append((slice_inputs(inputs, group, index), [(aid, languages[aid]) for aid in group], fmt))
    if fmt == "pdf":
        from .pdf import warm_up

        warm_up()  # forked pool workers inherit the loaded WeasyPrint and fonts
    for group in executor.imap(_render_group, jobs):
        yield from group


def slice_inputs(inputs: ReportInputs, ids: list[str], index: dict) -> ReportInputs:
    """What the IDPs of ``ids`` read: their agents, the mentors their bookings name, their profiles."""
    wanted = dict.fromkeys(ids)
    for aid in ids:
        for module in index[aid].modules:
            if module.mentor and module.mentor in index:
                wanted.setdefault(module.mentor)
    plan = inputs.plan.model_copy(update={"agents": [index[aid] for aid in wanted if aid in index], "sessions": []})
    return ReportInputs(plan, inputs.catalog, {aid: inputs.profiles[aid] for aid in ids if aid in inputs.profiles})


def _render_group(job: tuple) -> list[tuple[str, bytes]]:
    inputs, agents, fmt = job
    return [(aid, idp_bytes(inputs, aid, lang, fmt)) for aid, lang in agents]
