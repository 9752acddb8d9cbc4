"""Gap results as data: the documented JSON document (docs/gaps.md), CSV rows and an Excel heatmap."""

from __future__ import annotations

import csv
import io
import json

from ..model.catalog import Catalog
from ..model.tiers import Tier
from ..planner.scoring.evidence import EvidenceRule
from ..planner.scoring.gaps import AgentGaps, Gap
from .spreadsheet import safe_cell, safe_row

GAPS_FORMAT_VERSION = "1.0"
CSV_COLUMNS = ("agent_id", "name", "team", "role", "industry", "competency", "competency_name", "current",
               "target", "steps", "weight", "severity", "mandatory", "mandatory_tier", "kpi")


def _num(value: float) -> float:
    return round(value, 4)


def gaps_document(catalog: Catalog, results: list[AgentGaps], rule: EvidenceRule) -> dict:
    """The stable JSON shape, schema competency/schemas/gaps.schema.json."""
    return {
        "format_version": GAPS_FORMAT_VERSION,
        "catalog": catalog.info.id,
        "catalog_version": catalog.info.version,
        "rule": rule.describe(),
        "agents": [_agent(catalog, r) for r in results],
    }


def _agent(catalog: Catalog, result: AgentGaps) -> dict:
    p = result.profile
    return {
        "agent_id": result.agent_id,
        "name": p.name if p else "",
        "team": p.team if p else "",
        "role": p.role if p else "",
        "industry": p.industry if p else "",
        "as_of": result.as_of.isoformat() if result.as_of else None,
        "total_severity": _num(result.total_severity),
        "current": {c: t.key for c, t in sorted(result.current.items())},
        "targets": {c: t.key for c, t in sorted(result.targets.items())},
        "weights": {c: _num(w) for c, w in sorted(result.weights.items())},
        "mandatory": {c: t.key for c, t in sorted(result.mandatory.items())},
        "gaps": [
            {
                "competency": g.competency,
                "name": {"en": catalog.competencies[g.competency].name.get("en"),
                         "zh": catalog.competencies[g.competency].name.get("zh")},
                "current": g.current.key,
                "target": g.target.key,
                "steps": g.steps,
                "weight": _num(g.weight),
                "severity": _num(g.severity),
                "mandatory": g.mandatory,
                "mandatory_tier": g.mandatory_tier.key if g.mandatory_tier is not None else None,
                "kpi": list(g.kpi),
            }
            for g in result.gaps
        ],
    }


def gaps_json(catalog: Catalog, results: list[AgentGaps], rule: EvidenceRule) -> str:
    return json.dumps(gaps_document(catalog, results, rule), ensure_ascii=False, indent=2) + "\n"


def gaps_csv(catalog: Catalog, results: list[AgentGaps], lang: str = "en") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(safe_row(list(CSV_COLUMNS)))
    return buffer.getvalue() + gap_lines(catalog, results, lang)


def gap_lines(catalog: Catalog, results: list[AgentGaps], lang: str = "en") -> str:
    """The CSV rows of ``results`` (no header line).

    Built from pieces: an agent's five cells once per agent and each distinct gap's ten
    cells once per call (the same gaps recur across agents of a role), each written by
    csv.writer. A writer quotes cell by cell (QUOTE_MINIMAL), so the pieces joined by a
    comma are the bytes it writes for the whole row; gaps for 100,000 agents are 800,000
    rows. Every cell goes through ``safe_cell`` (formula injection, io/spreadsheet.py).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")

    def line(cells: list[object]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(safe_row(cells))
        return buffer.getvalue()

    tails: dict[Gap, str] = {}
    parts: list[str] = []
    for r in results:
        p = r.profile
        head = line([r.agent_id, p.name if p else "", p.team if p else "", p.role if p else "",
                     p.industry if p else ""])[:-1] + ","
        for g in r.gaps:
            tail = tails.get(g)
            if tail is None:
                tail = tails[g] = line([
                    g.competency, catalog.competencies[g.competency].name.get(lang), g.current.key, g.target.key,
                    g.steps, _num(g.weight), _num(g.severity), "yes" if g.mandatory else "no",
                    g.mandatory_tier.key if g.mandatory_tier is not None else "", " | ".join(g.kpi)])
            parts += (head, tail)
    return "".join(parts)


def heatmap_columns(catalog: Catalog, results: list[AgentGaps]) -> list[str]:
    """Competencies with a gap for at least one agent, in catalog order."""
    wanted = {g.competency for r in results for g in r.gaps}
    return [c for c in catalog.competencies if c in wanted]


def heatmap_cell(result: AgentGaps, cid: str) -> tuple[int | None, bool]:
    """(missing steps or None when the competency has no target for the agent, mandatory?)."""
    mandatory = cid in result.mandatory
    if cid not in result.targets and not mandatory:
        return None, False
    return max(0, int(result.targets.get(cid, Tier.NONE)) - int(result.current[cid])), mandatory
