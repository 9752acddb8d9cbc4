"""Import LMS completion exports and HR rosters (joiners, leavers) into agent profiles.

Same contract as the assessment import (hr_import.py): everything is read and checked
first, bad rows are listed with file, row and column, history is append-only and a second
import of the same file changes nothing. A leaver's profile is marked ``active: false``
with the date, never deleted, so their history stays and the planner skips them.
"""

from __future__ import annotations

from pathlib import Path

from ..model.catalog import Catalog
from ..model.problems import InputError, Problem
from ..model.profile import AgentProfile, CompletedModule
from .hr_headers import Mapping
from .hr_pending import Lookup, Pending, Replaced
from .hr_rows import RowReader
from .hr_table import Table
from .lms_rows import ProgressReader, ProgressRow

PROGRESS_FIELDS = {"module", "employment", "left_on", "joined_on"}
NEW_AGENT_FIELDS = ("name", "team", "role", "industry")


def is_progress_file(columns: dict[int, str]) -> bool:
    """An LMS export (it names modules) or a roster (employment, no assessment results)."""
    fields = set(columns.values())
    return "module" in fields or (bool(fields & PROGRESS_FIELDS) and not fields & {"competency", "score", "metric"})


def plan_progress_import(path: str | Path, table: Table, catalog: Catalog, lookup: Lookup,
                         mapping: Mapping, columns: dict[int, str], unknown: list[int], report, scales) -> object:
    _check(table, columns, mapping, catalog)
    names = RowReader(catalog, mapping, scales, columns, table.headers, table.file, mapping.source or Path(path).name)
    reader = ProgressReader(catalog, mapping, columns, table.headers, table.file,
                            mapping.source or Path(path).name, names)
    report.problems += [Problem(table.file, f"row 1, column {table.headers[i]}", "column not understood; ignored "
                                "(map it under columns: in a mapping file to use it)", "warning")
                        for i in unknown if table.headers[i]]
    current: dict[str, AgentProfile] = {}
    stored: dict[str, Pending] = {}
    for number, cells in table.rows:
        report.rows += 1
        row, problems = reader.read(number, cells)
        if row is not None and row.agent not in current and row.agent not in report.created:
            found = lookup(row.agent)
            if found is not None:
                stored[row.agent], current[row.agent] = found, found.base
        joined = row is not None and row.agent not in current
        if joined:
            problems = _create(row, current, report, table.file, reader.header("agent"))
        if row is None or problems:
            report.skipped += 1
            report.problems += problems
            continue
        report.seen.add(row.agent)
        if _apply(current, row) or joined:
            report.imported += 1
            if row.agent not in report.created:
                report.updated.add(row.agent)
            _stage(report, stored, current, row.agent)
        else:
            report.unchanged += 1
    return report


def _stage(report, stored: dict[str, Pending], current: dict[str, AgentProfile], agent: str) -> None:
    """What the store writes for the agent: the whole new profile (the history is kept)."""
    before = stored.get(agent)
    report.pending[agent] = Replaced(before.base if before else current[agent], before.keys if before else set(),
                                     created=before is None, new=current[agent])


def _apply(current: dict[str, AgentProfile], row: ProgressRow) -> bool:
    """Add the completion and employment news the profile does not have yet; True if any."""
    profile, update = current[row.agent], {}
    if row.completion is not None and _key(row.completion) not in {_key(c) for c in profile.completed}:
        update["completed"] = [*profile.completed, row.completion]
    if row.active is False and (profile.active or profile.left != row.left):
        update.update(active=False, left=row.left)
    elif row.active is True and not profile.active:
        update.update(active=True, left=None)  # came back: planned again, the history stays
    if row.joined is not None and profile.joined != row.joined:
        update["joined"] = row.joined
    if update:
        current[row.agent] = profile.model_copy(update=update)
    return bool(update)


def _key(c: CompletedModule) -> tuple:
    return (c.module, c.date, c.source, c.passed)


def _create(row: ProgressRow, current: dict[str, AgentProfile], report, file: str, header: str) -> list[Problem]:
    if row.active is False:
        return [Problem(file, f"row {row.number}, column {header}", f"agent {row.agent!r} left but has no profile; "
                        "nothing to mark as left (check the 工号)")]
    missing = [f for f in NEW_AGENT_FIELDS if not row.profile.get(f)]
    if missing:
        return [Problem(file, f"row {row.number}, column {header}",
                        f"agent {row.agent!r} has no profile; create profiles/{row.agent}.yaml or add the "
                        f"column(s) {', '.join(missing)} (姓名/name, 班组/team, 岗位/role, 行业/industry) so "
                        "the import can create it")]
    fields = dict(row.profile)
    if fields.get("language") not in (None, "zh", "en"):
        fields["language"] = "en" if fields["language"].lower().startswith("en") else "zh"
    current[row.agent] = AgentProfile(id=row.agent, joined=row.joined, **fields)
    report.created.add(row.agent)
    return []


def _check(table: Table, columns: dict[int, str], mapping: Mapping, catalog: Catalog) -> None:
    fields = set(columns.values())
    problems = []
    if "agent" not in fields:
        problems.append(Problem(table.file, "row 1", f"no agent id column (工号/employee id) among {table.headers}; "
                                "add it or map your header under columns: in a mapping file (--mapping)"))
    if "module" in fields and "date" not in fields:
        problems.append(Problem(table.file, "row 1", "no completion date column (完成时间/日期/date); add it or map it"))
    if "module" not in fields and not fields & {"date", "left_on", "joined_on"}:
        problems.append(Problem(table.file, "row 1", "a roster needs a date: 离职日期/leave date, 入职日期/hire date "
                                "or 日期/date"))
    for name, target in mapping.modules.items():
        if target not in catalog.modules:
            problems.append(Problem("mapping", f"modules.{name}", f"{target!r} is not a catalog module id"))
    for section, known in (("roles", catalog.roles), ("industries", catalog.industries)):
        for name, target in getattr(mapping, section).items():
            if target not in known:
                problems.append(Problem("mapping", f"{section}.{name}", f"{target!r} is not a catalog id"))
    if problems:
        raise InputError(problems, f"cannot import {table.file}")
