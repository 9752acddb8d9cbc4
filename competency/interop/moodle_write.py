"""Write a ``Catalog`` as the CSV Moodle's "Import competency framework" tool reads.

Domains become top-level competencies, competencies sit under their parent or domain.
Values kept from a Moodle import (HTML, scale, rules, exported id) are written back
unchanged; a description edited since the import is written as fresh HTML.
"""

from __future__ import annotations

import csv
import io
import json

from ..io.spreadsheet import safe_row
from ..model.catalog import Catalog, Competency, Domain
from ..model.tiers import TIERS, Tier
from .common import text_to_html, tree
from .moodle_read import COLUMNS, described

HEADER = ("Parent ID number", "ID number", "Short name", "Description", "Description format", "Scale values",
          "Scale configuration", "Rule type (optional)", "Rule outcome (optional)", "Rule config (optional)",
          "Cross-referenced competency ID numbers", "Exported ID (optional)", "Is framework", "Taxonomy")


def _tier_scale(lang: str) -> tuple[str, str]:
    """Our tiers as a Moodle scale: "not yet" is the default, basic and above are proficient."""
    values = ",".join(t.label(lang).capitalize() for t in (Tier.NONE, *TIERS))
    if lang == "en":
        values = values.replace("None", "Not yet", 1)
    config = [{"scaleid": "1"}] + [
        {"id": i + 1, "scaledefault": int(i == 0), "proficient": int(i > 0)} for i in range(4)]
    return values, json.dumps(config, separators=(",", ":"))


def idnumber(node: Domain | Competency) -> str:
    return node.external.get("moodle", {}).get("idnumber", node.id)


def _escape(value: str) -> str:
    return value.replace(",", "%2C")


def _description(node, stored: dict, lang: str) -> tuple[str, str]:
    if "description" in stored and described(stored) == node.description:
        return stored["description"], stored.get("descriptionformat", "1")
    html = text_to_html(node.description.get(lang)) if node.description else ""
    return html, "1"


def _related(comp: Competency, catalog: Catalog, counts: dict[str, int]) -> str:
    out: list[str] = []
    for ref in comp.references:
        if ref.relation != "isRelatedTo":
            counts["other"] += 1
        elif ref.competency is not None:
            out.append(idnumber(catalog.competencies[ref.competency]))
        elif ref.identifier:
            out.append(ref.identifier)
    for pre in comp.prerequisites:
        target = idnumber(catalog.competencies[pre.needs])
        if target not in out:
            counts["prerequisites"] += 1
            out.append(target)
    return ",".join(_escape(v) for v in out)


def write_moodle(catalog: Catalog, lang: str = "en", raw_cells: bool = False) -> tuple[str, list[str]]:
    """CSV text and notes on what Moodle cannot hold.

    Cells a spreadsheet would run as formulas get a leading quote (``safe_cell``), which our
    importer removes again; ``raw_cells`` writes them unchanged for a byte-exact round trip.
    """
    counts = {"other": 0, "prerequisites": 0}
    fw = catalog.info.external.get("moodle", {})
    depth = {}
    rows = []
    for node, parent in tree(catalog):
        stored = node.external.get("moodle", {})
        depth[node.id] = depth[parent.id] + 1 if parent is not None else 1
        row = {"ruleoutcome": "0", "ruleconfig": "null"} if not stored else {}
        row.update({k: v for k, v in stored.items() if k in COLUMNS})
        row["parentidnumber"] = idnumber(parent) if parent is not None else ""
        row["idnumber"] = idnumber(node)
        row["shortname"] = node.name.get(lang)
        row["description"], row["descriptionformat"] = _description(node, stored, lang)
        if isinstance(node, Competency):
            row["relatedidnumbers"] = _related(node, catalog, counts)
        rows.append(row)
    values, config = _tier_scale(lang)
    top = {k: v for k, v in fw.items() if k in COLUMNS}
    top |= {"idnumber": fw.get("idnumber", catalog.info.id), "shortname": catalog.info.name.get(lang),
           "scalevalues": fw.get("scalevalues", values), "scaleconfiguration": fw.get("scaleconfiguration", config),
           "isframework": "1",
           "taxonomy": fw.get("taxonomy", ",".join(["domain"] + ["competency"] * (max(depth.values(), default=1) - 1)))}
    top["description"], top["descriptionformat"] = _description(catalog.info, fw, lang)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    guarded = 0
    for row in [top, *rows]:
        cells = [row.get(col, "") for col in COLUMNS]
        if not raw_cells:
            safe = safe_row(cells)
            guarded += sum(a != b for a, b in zip(cells, safe))
            cells = safe
        writer.writerow(cells)
    notes = []
    if guarded:
        notes.append(f"{guarded} cell(s) that a spreadsheet would run as formulas start with ' (our import "
                     "removes it; pass --raw-cells for a byte-exact copy that must not be opened in Excel)")
    if counts["prerequisites"]:
        notes.append(f"{counts['prerequisites']} prerequisite(s) written as cross-references: "
                     "Moodle has no prerequisite relation")
    if counts["other"]:
        notes.append(f"{counts['other']} reference(s) other than isRelatedTo not written: Moodle only "
                     "cross-references competencies (use --format case to keep them)")
    return buf.getvalue(), notes
