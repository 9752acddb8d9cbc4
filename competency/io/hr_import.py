"""Import HR assessment and KPI exports into agent profiles (append-only, idempotent).

``plan_import`` reads and checks everything and returns the profiles to write;
``write_import`` writes them, each atomically. A strict run writes nothing when any row is bad.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model.catalog import Catalog
from ..model.problems import InputError, Problem
from ..model.profile import AgentProfile
from .hr_headers import Mapping, resolve_headers
from .hr_rows import PROFILE_FIELDS, Evidence, Row, RowReader
from .hr_table import read_table
from .lms_import import is_progress_file, plan_progress_import
from .profiles import save_profile
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
    profiles: dict[str, AgentProfile] = field(default_factory=dict)  # changed profiles only
    defaults: dict[str, object] = field(default_factory=dict)  # mapping defaults, ids resolved

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def summary(self) -> str:
        agents_unchanged = len(self.seen - self.updated - self.created)
        return (f"{self.file}: {self.rows} rows: {self.imported} imported, {self.unchanged} unchanged, "
                f"{self.skipped} skipped; agents: {len(self.updated)} updated, {len(self.created)} created, "
                f"{agents_unchanged} unchanged; competencies: {len(self.competencies_updated)} updated, "
                f"{len(self.competencies_seen - self.competencies_updated)} unchanged")


def plan_import(path: str | Path, catalog: Catalog, profiles: list[AgentProfile],
                mapping: Mapping | None = None) -> ImportReport:
    mapping = mapping or Mapping()
    table = read_table(path, mapping.sheet)
    scales = _scales(catalog, mapping, table.file)
    columns, unknown = resolve_headers(table.headers, mapping)
    report = ImportReport(table.file)
    if is_progress_file(columns):  # LMS completions, joiners and leavers: lms_import.py
        return plan_progress_import(path, table, catalog, profiles, mapping, columns, unknown, report, scales)
    _check_columns(table.file, table.headers, columns, unknown, mapping, catalog, report)
    reader = RowReader(catalog, mapping, scales, columns, table.headers, table.file,
                       mapping.source or Path(path).name)
    current = {p.id: p for p in profiles}
    for number, cells in table.rows:
        report.rows += 1
        row, problems = reader.read(number, cells)
        if row is not None and row.agent not in current:
            problems = _create(row, current, report, table.file, reader.header("agent"))
        if row is None or problems:
            report.skipped += 1
            report.problems += problems
            continue
        report.seen.add(row.agent)
        added = _append(current, row.agent, _relevant(catalog, current[row.agent], row.evidence))
        report.competencies_seen.update(e.competency for e in row.evidence)
        if added:
            report.imported += 1
            report.competencies_updated.update(e.competency for e in added)
            if row.agent not in report.created:
                report.updated.add(row.agent)
            report.profiles[row.agent] = current[row.agent]
        else:
            report.unchanged += 1
    report.problems += [Problem(table.file, f"column for {m}", f"no competency in the catalog has a KPI threshold "
                                f"on {m}; its values were not imported", "warning") for m in sorted(reader.unmeasured)]
    return report


def write_import(report: ImportReport, directory: str | Path) -> list[Path]:
    return [save_profile(directory, report.profiles[aid]) for aid in sorted(report.profiles)]


def _append(current: dict[str, AgentProfile], agent: str, evidence: list[Evidence]) -> list[Evidence]:
    """Add the evidence not already in the history; the history is never edited."""
    profile = current[agent]
    have = {Evidence(cid, a).key for cid, entries in profile.assessments.items() for a in entries}
    added, assessments = [], {cid: list(entries) for cid, entries in profile.assessments.items()}
    for item in evidence:
        if item.key not in have:
            have.add(item.key)
            added.append(item)
            assessments.setdefault(item.competency, []).append(item.assessment)
    if added:
        current[agent] = profile.model_copy(update={"assessments": assessments})
    return added


def _relevant(catalog: Catalog, profile: AgentProfile, evidence: list[Evidence]) -> list[Evidence]:
    """KPI evidence only for competencies the agent's role or industry targets (or that have a history).

    One complaint rate matches the thresholds of several competencies (complaint handling,
    medical complaints, financial disputes ...); storing it under all of them would bury a
    manufacturing agent's profile in healthcare and finance entries.
    """
    role, industry = catalog.roles.get(profile.role), catalog.industries.get(profile.industry)
    if role is None:
        return evidence
    wanted = set(catalog.targets(role, industry)) | set(profile.assessments)
    return [e for e in evidence if e.assessment.kind != "kpi" or e.competency in wanted]


def _create(row: Row, current: dict[str, AgentProfile], report: ImportReport, file: str,
            header: str) -> list[Problem]:
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
    current[row.agent] = AgentProfile(id=row.agent, **fields)
    report.created.add(row.agent)
    report.profiles[row.agent] = current[row.agent]
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
