"""Import HR assessment and KPI exports into agent profiles (append-only, idempotent).

``plan_import`` reads and checks everything and returns what each touched agent gains;
``import_file`` does that and writes it under the store's lock, all or nothing
(io/store.py). A strict run writes nothing when any row is bad.

Each row costs time in proportion to its own evidence: an agent's history keys are built
once, when the agent is first met, and the profile is rebuilt once, at the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model.catalog import Catalog
from ..model.problems import InputError, Problem
from ..model.profile import AgentProfile
from .hr_headers import Mapping, resolve_headers
from .hr_pending import Lookup, Pending, from_list
from .hr_rows import PROFILE_FIELDS, Evidence, Row, RowReader
from .hr_table import read_table
from .lms_import import is_progress_file, plan_progress_import
from .scales import BUILTIN, parse_scales

NEW_AGENT_FIELDS = ("name", "team", "role", "industry")


@dataclass
class ImportReport:
    file: str
    rows: int = 0
    imported: int = 0  # rows that added at least one entry
    unchanged: int = 0  # rows whose entries were all there already
    skipped: int = 0  # bad rows
    problems: list[Problem] = field(default_factory=list)
    created: set[str] = field(default_factory=set)
    updated: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)
    competencies_updated: set[str] = field(default_factory=set)
    competencies_seen: set[str] = field(default_factory=set)
    pending: dict[str, Pending] = field(default_factory=dict)  # every agent the file names
    written: int = 0  # profiles written (0 for a dry or refused run)
    defaults: dict[str, object] = field(default_factory=dict)  # mapping defaults, ids resolved

    @property
    def changed(self) -> list[Pending]:
        return [self.pending[aid] for aid in sorted(self.pending) if self.pending[aid].changed]

    @property
    def profiles(self) -> dict[str, AgentProfile]:
        """Changed profiles as they will be stored."""
        return {p.base.id: p.profile() for p in self.changed}

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def summary(self) -> str:
        agents_unchanged = len(self.seen - self.updated - self.created)
        return (f"{self.file}: {self.rows} rows: {self.imported} imported, {self.unchanged} unchanged, "
                f"{self.skipped} skipped; agents: {len(self.updated)} updated, {len(self.created)} created, "
                f"{agents_unchanged} unchanged; competencies: {len(self.competencies_updated)} updated, "
                f"{len(self.competencies_seen - self.competencies_updated)} unchanged")


def import_file(path: str | Path, catalog: Catalog, store, mapping: Mapping | None = None,
                strict: bool = False, dry_run: bool = False) -> ImportReport:
    """Read, check and write one export while holding the store's lock, so that two imports
    touching the same agents run one after the other and neither loses the other's entries."""
    if dry_run:  # reads only: no lock, and a store that does not exist yet is not created
        return plan_import(path, catalog, store.lookup() if store.exists() else [], mapping)
    with store.locked():
        report = plan_import(path, catalog, store.lookup(), mapping)
        if not (strict and report.errors):
            report.written = store.write(report.changed)
    return report


def plan_import(path: str | Path, catalog: Catalog, profiles: list[AgentProfile] | Lookup,
                mapping: Mapping | None = None) -> ImportReport:
    mapping = mapping or Mapping()
    table = read_table(path, mapping.sheet)
    scales = _scales(catalog, mapping, table.file)
    columns, unknown = resolve_headers(table.headers, mapping)
    report = ImportReport(table.file)
    lookup = from_list(profiles) if isinstance(profiles, list) else profiles
    if is_progress_file(columns):  # LMS completions, joiners and leavers: lms_import.py
        return plan_progress_import(path, table, catalog, lookup, mapping, columns, unknown, report, scales)
    _check_columns(table.file, table.headers, columns, unknown, mapping, catalog, report)
    reader = RowReader(catalog, mapping, scales, columns, table.headers, table.file,
                       mapping.source or Path(path).name)
    current = report.pending
    for number, cells in table.rows:
        report.rows += 1
        row, problems = reader.read(number, cells)
        if row is not None and row.agent not in current:
            known = lookup(row.agent)
            if known is not None:
                current[row.agent] = known
            else:
                problems = _create(row, current, report, table.file, reader.header("agent"),
                                   getattr(lookup, "new", Pending))
        if row is None or problems:
            report.skipped += 1
            report.problems += problems
            continue
        report.seen.add(row.agent)
        added = _append(current[row.agent], _relevant(catalog, current[row.agent], row.evidence))
        report.competencies_seen.update(e.competency for e in row.evidence)
        if added:
            report.imported += 1
            report.competencies_updated.update(e.competency for e in added)
            if row.agent not in report.created:
                report.updated.add(row.agent)
        else:
            report.unchanged += 1
    report.problems += [Problem(table.file, f"column for {m}", f"no competency in the catalog has a KPI threshold "
                                f"on {m}; its values were not imported", "warning") for m in sorted(reader.unmeasured)]
    return report


def _append(pending: Pending, evidence: list[Evidence]) -> list[Evidence]:
    """Add the evidence not already in the history; the history is never edited."""
    added = []
    for item in evidence:
        if item.key not in pending.keys:
            pending.keys.add(item.key)
            pending.competencies.add(item.competency)
            added.append(item)
    pending.add(added)
    return added


def _relevant(catalog: Catalog, pending: Pending, evidence: list[Evidence]) -> list[Evidence]:
    """KPI evidence only for competencies the agent's role or industry targets (or that have a history).

    One complaint rate matches the thresholds of several competencies (complaint handling,
    medical complaints, financial disputes ...); storing it under all of them would bury a
    manufacturing agent's profile in healthcare and finance entries.
    """
    profile = pending.base
    role, industry = catalog.roles.get(profile.role), catalog.industries.get(profile.industry)
    if role is None or all(e.assessment.kind != "kpi" for e in evidence):
        return evidence
    wanted = set(catalog.targets(role, industry))
    return [e for e in evidence if e.assessment.kind != "kpi" or e.competency in wanted
            or e.competency in pending.competencies]


def _create(row: Row, current: dict[str, Pending], report: ImportReport, file: str,
            header: str, new: type[Pending] = Pending) -> list[Problem]:
    defaults = report.defaults  # from the mapping file, role and industry as catalog ids
    missing = [f for f in NEW_AGENT_FIELDS if not row.profile.get(f) and f not in defaults]
    if missing:
        return [Problem(file, f"row {row.number}, column {header}",
                        f"agent {row.agent!r} has no profile; create profiles/{row.agent}.yaml or add the "
                        f"column(s) {', '.join(missing)} (姓名/name, 班组/team, 岗位/role, 行业/industry), or give "
                        "defaults: in a mapping file (role, industry, team, site, hours_per_week), so the "
                        "import can create it")]
    fields = {**defaults, **{f: row.profile[f] for f in PROFILE_FIELDS if f in row.profile}}
    if fields.get("language"):
        fields["language"] = language_code(fields["language"])
        if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}", fields["language"]):
            return [Problem(file, f"row {row.number}, column language",
                            f"language {fields['language']!r} is not understood; write a language code such as "
                            "zh, en or ja (or 中文, English, 日本語)")]
    current[row.agent] = new(AgentProfile(id=row.agent, **fields), set(), created=True)
    report.created.add(row.agent)
    return []


_LANGUAGE_WORDS = {"中文": "zh", "汉语": "zh", "普通话": "zh", "简体中文": "zh", "chinese": "zh", "mandarin": "zh",
                   "繁体中文": "zh-TW", "英文": "en", "英语": "en", "english": "en", "日语": "ja", "日文": "ja",
                   "日本語": "ja", "japanese": "ja", "韩语": "ko", "korean": "ko"}


def language_code(value: str) -> str:
    """HR's language cell as a language code: "中文" -> zh, "English" -> en, "日本語" -> ja;
    a code (ja, zh-CN) is kept as given, so a Japanese agent is never filed as Chinese."""
    text = value.strip()
    return _LANGUAGE_WORDS.get(text.lower(), text)


def _scales(catalog: Catalog, mapping: Mapping, file: str) -> dict:
    try:
        from_catalog = parse_scales(catalog.extras.get("scales"), "catalog scales")
    except ValueError as exc:
        raise InputError([Problem(file, "", str(exc))], "import") from None
    return {**BUILTIN, **from_catalog, **mapping.scales}


def _check_columns(file, headers, columns, unknown, mapping, catalog, report) -> None:
    fields = set(columns.values())
    problems = []
    if "agent" not in fields:
        problems.append(Problem(file, "row 1", f"no agent id column (工号/employee id) among {headers}; "
                                "add it or map your header under columns: in a mapping file (--mapping)"))
    if "date" not in fields:
        problems.append(Problem(file, "row 1", "no date column (评估日期/date); add it or map it (--mapping)"))
    for section, table in (("competencies", catalog.competencies), ("roles", catalog.roles),
                           ("industries", catalog.industries)):
        for name, target in getattr(mapping, section).items():
            if target not in table:
                problems.append(Problem("mapping", f"{section}.{name}", f"{target!r} is not a catalog id"))
    report.defaults = dict(mapping.defaults)
    for field_, table in (("role", catalog.roles), ("industry", catalog.industries)):
        given = mapping.defaults.get(field_)
        if given is None:
            continue
        found = next((item.id for item in table.values() if str(given) in (item.id, item.name.en, item.name.zh)), None)
        if found is None:
            problems.append(Problem("mapping", f"defaults.{field_}", f"{given!r} is not a catalog {field_}; use one "
                                    f"of {', '.join(table)}"))
        report.defaults[field_] = found
    if problems:
        raise InputError(problems, f"cannot import {file}")
    report.problems += [Problem(file, f"row 1, column {headers[i]}", "column not understood; ignored (map it "
                                "under columns: in a mapping file to use it)", "warning")
                        for i in unknown if headers[i]]
