"""Read a Moodle competency framework CSV (admin/tool/lpimportcsv) into a ``Catalog``.

Top-level competencies that have children become domains, every other row a competency;
rows under a non-top-level row keep it as ``parent``. What Moodle has and the model does
not (HTML, scale, rules, exported id) is kept in ``external["moodle"]``.
"""

from __future__ import annotations

import csv
import io
import json

from ..model.catalog import Catalog, CatalogInfo, Competency, Domain, Reference
from ..io.spreadsheet import plain_cell
from ..model.problems import InputError, Problem
from .common import ROOT, IdMaker, Imported, derived_tiers, html_to_text, text

COLUMNS = ("parentidnumber", "idnumber", "shortname", "description", "descriptionformat", "scalevalues",
           "scaleconfiguration", "ruletype", "ruleoutcome", "ruleconfig", "relatedidnumbers", "exportid",
           "isframework", "taxonomy")
KEPT = ("description", "descriptionformat", "scalevalues", "scaleconfiguration", "ruletype",
        "ruleoutcome", "ruleconfig", "exportid")


def _rows(data: str, source: str, problems: list[Problem]) -> list[tuple[str, dict]]:
    reader = csv.reader(io.StringIO(data, newline=""))
    rows, line = [], 1
    try:
        for n, cells in enumerate(reader, start=1):
            where, line = f"row {n} (line {line})", reader.line_num + 1
            if n == 1 or not any(c.strip() for c in cells):
                continue  # header (its wording varies between Moodle versions) or blank
            if len(cells) != len(COLUMNS):
                problems.append(Problem(source, where, f"has {len(cells)} columns, expected 14 (parent id "
                                        "number ... taxonomy); quote fields that contain commas"))
                continue
            rows.append((where, dict(zip(COLUMNS, map(plain_cell, cells)))))
    except csv.Error as exc:
        problems.append(Problem(source, f"line {reader.line_num}", f"not valid CSV: {exc}"))
    return rows


def _scale(row: dict, where: str, source: str, problems: list[Problem]) -> list[str] | None:
    """The proficient value and those above it, lowest first; None when the row has no scale."""
    if not row["scalevalues"].strip():
        return None
    values = [v.strip() for v in row["scalevalues"].split(",")]
    try:
        config = json.loads(row["scaleconfiguration"] or "[]")
        flagged = [int(c["id"]) for c in config[1:] if int(c.get("proficient", 0))]
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        problems.append(Problem(source, f"{where}, column scale configuration",
                                f"not a Moodle scale configuration ({exc}); expected JSON like "
                                '[{"scaleid":"1"},{"id":2,"scaledefault":1,"proficient":1}]'))
        return None
    first = min(flagged, default=len(values))
    return values[max(first, 1) - 1:] or values[-1:]


def read_moodle(data: str, source: str) -> Imported:
    problems: list[Problem] = []
    rows = _rows(data, source, problems)
    flags = [r["isframework"].strip().lower() not in ("", "0", "false") for _, r in rows]
    frameworks = [wr for wr, flag in zip(rows, flags) if flag]
    items = [wr for wr, flag in zip(rows, flags) if not flag]
    if len(frameworks) != 1:
        where = ", ".join(w for w, _ in frameworks) or "column is framework"
        problems.append(Problem(source, where, f"{len(frameworks)} framework rows; exactly one row (the "
                                "framework's own) must have 1 in column 13 'Is framework'"))
    for where, row in frameworks[:1]:
        _required(row, where, source, problems)
    seen: dict[str, str] = {}
    for where, row in items:
        _required(row, where, source, problems)
        if row["idnumber"] in seen:
            problems.append(Problem(source, where, f"duplicate id number {row['idnumber']!r} "
                                    f"(first at {seen[row['idnumber']]}); id numbers must be unique"))
        seen.setdefault(row["idnumber"], where)
    for where, row in items if len(frameworks) == 1 else []:  # else the framework rows are the problem
        if row["parentidnumber"] and row["parentidnumber"] not in seen:
            problems.append(Problem(source, where, f"parent id number {row['parentidnumber']!r} does not "
                                    "exist in this file; fix it or leave it empty for a top-level competency"))
    if problems:
        raise InputError(problems, f"{source}: not imported, nothing written")
    return _build(source, frameworks[0], items, problems)


def _required(row: dict, where: str, source: str, problems: list[Problem]) -> None:
    for col in ("idnumber", "shortname"):
        if not row[col].strip():
            problems.append(Problem(source, where, f"empty {col}; Moodle needs an id number and a short name"))


def _build(source: str, framework: tuple[str, dict], items: list[tuple[str, dict]], problems) -> Imported:
    fw_where, fw = framework
    fw_scale = _scale(fw, fw_where, source, problems)
    children: dict[str, list[tuple[str, dict]]] = {}
    for where, row in items:
        children.setdefault(row["parentidnumber"], []).append((where, row))
    ids = IdMaker()
    info = CatalogInfo(id=ids.make(fw["idnumber"], fw["shortname"]), name=text(fw["shortname"] or fw["idnumber"]),
                       description=described(fw), external={"moodle": _kept(fw, fw["idnumber"], ("taxonomy",))})
    domains: dict[str, Domain] = {}
    comps: dict[str, Competency] = {}
    by_idnumber: dict[str, str] = {}
    pending: list[tuple[str, dict, str, str | None]] = []  # where, row, domain, parent

    def visit(idnumber: str, domain: str, parent: str | None) -> None:
        for where, row in children.get(idnumber, []):
            cid = by_idnumber[row["idnumber"]] = ids.make(row["idnumber"], row["shortname"])
            pending.append((where, row, domain, parent))
            visit(row["idnumber"], domain, cid)

    root = ids.make(f"{info.id}_framework")
    for where, row in children.get("", []):
        if children.get(row["idnumber"]):
            did = by_idnumber[row["idnumber"]] = ids.make(row["idnumber"], row["shortname"])
            domains[did] = Domain(id=did, name=text(row["shortname"]), description=described(row),
                                  external={"moodle": _kept(row, did, ("relatedidnumbers",))})
            visit(row["idnumber"], did, None)
        else:
            by_idnumber[row["idnumber"]] = ids.make(row["idnumber"], row["shortname"])
            pending.append((where, row, root, None))
    if any(d == root for _, _, d, _ in pending):
        domains[root] = Domain(id=root, name=info.name, external={ROOT: True})
    for where, row in items:
        if row["idnumber"] not in by_idnumber:
            problems.append(Problem(source, where, f"parent links of {row['idnumber']!r} form a loop and never "
                                    "reach the framework; give one of them an empty parent id number"))
    locations = {}
    for where, row, domain, parent in pending:
        cid = by_idnumber[row["idnumber"]]
        locations[cid] = where
        scale = _scale(row, where, source, problems) or fw_scale
        refs = [_related(rid.replace("%2C", ","), by_idnumber, domains)
                for rid in row["relatedidnumbers"].split(",") if rid]
        comps[cid] = Competency(
            id=cid, name=text(row["shortname"]), domain=domain, description=described(row), parent=parent,
            tiers=derived_tiers(text(row["shortname"]), scale, {"en": "Moodle scale", "zh": " Moodle 量表"}),
            references=refs,
            external={"moodle": _kept(row, cid)})
    if problems:
        raise InputError(problems, f"{source}: not imported, nothing written")
    catalog = Catalog(info=info, domains=domains, competencies=comps, modules={}, roles={}, industries={})
    notes = [f"{source}: {len(comps)} competencies in {len(domains)} domains from framework {fw['idnumber']!r}"]
    return Imported(catalog, notes, locations)


def _related(idnumber: str, by_idnumber: dict[str, str], domains: dict) -> Reference:
    cid = by_idnumber.get(idnumber)
    if cid is not None and cid not in domains:
        return Reference(relation="isRelatedTo", competency=cid)
    # Moodle ignores unknown cross-references; keep them by id number so nothing is lost.
    return Reference(relation="isRelatedTo", identifier=idnumber)


def described(row: dict):
    """The description as plain text; formats 2 (plain) and 4 (markdown) are not HTML."""
    raw = row["description"]
    plain = raw if row.get("descriptionformat", "").strip() in ("2", "4") else html_to_text(raw)
    return text(plain.strip()) if plain.strip() else None


def _kept(row: dict, cid: str, extra: tuple[str, ...] = ()) -> dict:
    kept = {k: row[k] for k in KEPT + extra if row[k] != ""}
    if row["idnumber"] != cid:
        kept["idnumber"] = row["idnumber"]
    return kept
