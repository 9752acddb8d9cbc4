"""One LMS completion or HR roster row -> a completion, a joiner or a leaver, or its problems.

An LMS export says who finished which module when (完成状态 completed / passed / failed,
an optional score); an HR roster says who joined (入职) and who left (离职). Both can be
in one file. A module is named by catalog id, English or Chinese title, or a mapping alias.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from ..model.catalog import Catalog
from ..model.problems import Problem
from ..model.profile import CompletedModule
from .hr_headers import Mapping, key
from .hr_values import cell_text, parse_date
from .hr_rows import PROFILE_FIELDS, RowReader
from .profiles import agent_id_problem
from .scales import parse_number

# status word -> passed (True), failed (False), finished without a test (None); "open" means not finished
COMPLETION = {
    **dict.fromkeys(("已完成", "完成", "已学完", "completed", "complete", "done", "finished", "是", "yes", "y",
                     "1", "true"), None),
    **dict.fromkeys(("通过", "已通过", "合格", "passed", "pass"), True),
    **dict.fromkeys(("未通过", "不通过", "不合格", "failed", "fail"), False),
    **dict.fromkeys(("未完成", "进行中", "学习中", "未开始", "未学习", "in progress", "inprogress", "notstarted",
                     "not started", "incomplete", "open", "否", "no", "n", "0", "false"), "open"),
}
EMPLOYMENT = {
    **dict.fromkeys(("在职", "在岗", "试用", "试用期", "active", "employed", "current", "joined", "new hire"), True),
    **dict.fromkeys(("离职", "已离职", "离岗", "辞职", "left", "inactive", "terminated", "resigned", "leaver",
                     "former"), False),
}
MAX_SCORE = 1e6  # a score column holds marks, never anything this big


@dataclass
class ProgressRow:
    number: int
    agent: str
    completion: CompletedModule | None  # None: not finished, or a roster-only row
    active: bool | None  # None: the row says nothing about employment
    left: dt.date | None
    joined: dt.date | None
    profile: dict[str, str]


class ProgressReader:
    def __init__(self, catalog: Catalog, mapping: Mapping, columns: dict[int, str], headers: list[object],
                 file: str, source: str, names: RowReader):
        self.catalog, self.mapping, self.headers, self.file, self.source = catalog, mapping, headers, file, source
        self.index = {f: i for i, f in columns.items()}
        self.names = names  # the assessment reader: it knows role and industry names
        self.modules: dict[str, str] = {}
        for mid, module in catalog.modules.items():
            for spelling in (mid, module.title.en, module.title.zh):
                if spelling:
                    self.modules.setdefault(key(spelling), mid)
        self.modules.update({k: v for k, v in mapping.modules.items() if v in catalog.modules})

    def header(self, field: str) -> str:
        index = self.index.get(field)
        return str(self.headers[index]) if index is not None else field

    def read(self, number: int, cells: list[object]) -> tuple[ProgressRow | None, list[Problem]]:
        problems: list[Problem] = []
        get = lambda f: cells[self.index[f]] if f in self.index else ""  # noqa: E731

        def bad(f: str, message: str) -> None:
            problems.append(Problem(self.file, f"row {number}, column {self.header(f)}", message))

        agent = cell_text(get("agent"))
        if (wrong := agent_id_problem(agent)) is not None:
            bad("agent", wrong)
        date = self._date(get, bad, "date")
        left, joined = self._date(get, bad, "left_on"), self._date(get, bad, "joined_on")
        active = None
        if cell_text(get("employment")):
            active = EMPLOYMENT.get(key(cell_text(get("employment"))))
            if active is None:
                bad("employment", f"unknown employment status {cell_text(get('employment'))!r}; "
                                  "use 在职/active or 离职/left")
        if active is False and left is None:
            left = date
        completion = self._completion(get, bad, date) if "module" in self.index else None
        if active is False and left is None:
            bad("left_on", "a leaver needs a date: fill 离职日期/leave date or 日期/date")
        profile = self._profile(get, bad)
        if problems:
            return None, problems
        return ProgressRow(number, agent, completion, active, left, joined, profile), []

    def _profile(self, get, bad) -> dict[str, str]:
        """Name, team, role ... for a joiner's new profile, as the assessment import reads them."""
        profile = {f: cell_text(get(f)) for f in PROFILE_FIELDS if cell_text(get(f))}
        for f, names, table in (("role", self.names.role_names, "roles"),
                                ("industry", self.names.industry_names, "industries")):
            if f in profile:
                profile[f] = names.get(key(profile[f]), "")
                if not profile[f]:
                    bad(f, f"unknown {f} {cell_text(get(f))!r}; use one of {', '.join(getattr(self.catalog, table))} "
                           f"or add it under {table}: in a mapping file")
        return profile

    def _date(self, get, bad, field: str) -> dt.date | None:
        text = cell_text(get(field))
        if not text:
            if field == "date" and "module" in self.index:
                bad("date", "empty date; the completion date (完成时间/date) is needed")
            return None
        try:
            return parse_date(get(field), self.mapping.date_format)
        except ValueError as exc:
            bad(field, str(exc))
            return None

    def _completion(self, get, bad, date: dt.date | None) -> CompletedModule | None:
        name = cell_text(get("module"))
        mid = self.modules.get(key(name))
        if mid is None:
            bad("module", f"unknown module {name!r}; use a catalog module id or title, "
                          "or add it under modules: in a mapping file")
        status = cell_text(get("completion"))
        passed = COMPLETION.get(key(status), "?") if status else None
        if passed == "?":
            bad("completion", f"unknown completion status {status!r}; use 已完成/completed, 通过/passed, "
                              "未通过/failed or 未完成/in progress")
        score = None
        if cell_text(get("score")):
            try:
                score = parse_number(get("score"))
            except ValueError as exc:
                bad("score", str(exc))
            else:
                if not math.isfinite(score) or abs(score) > MAX_SCORE:
                    bad("score", f"score {cell_text(get('score'))!r} is not a mark; give a number like 85")
                    score = None
        if mid is None or date is None or passed in ("?", "open"):
            return None
        return CompletedModule(module=mid, date=date, source=self.source, passed=passed, score=score)
