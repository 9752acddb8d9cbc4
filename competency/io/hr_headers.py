"""Which column of an HR export means what: built-in Chinese/English headers + mapping files.

A mapping file (YAML, docs/import.md) adds headers, competency names, role/industry
names and scales for exports the built-in spellings do not cover.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..model.problems import InputError, Problem
from . import safe_yaml
from .scales import Scale, normalise, parse_scales

FIELDS: dict[str, tuple[str, ...]] = {
    "agent": ("工号", "员工工号", "员工编号", "坐席工号", "坐席号", "员工id", "employee id", "employee_id",
              "emp id", "emp no", "staff id", "agent id", "agent_id", "agent", "id"),
    "name": ("姓名", "员工姓名", "坐席姓名", "name", "employee name", "agent name", "full name"),
    "team": ("班组", "部门", "组别", "团队", "小组", "team", "group", "department"),
    "site": ("站点", "职场", "地点", "城市", "site", "location", "city"),
    "role": ("岗位", "职位", "角色", "role", "position", "job title"),
    "industry": ("行业", "业务线", "industry", "sector", "line of business"),
    "language": ("语言", "偏好语言", "language", "lang"),
    "competency": ("能力项", "能力", "能力名称", "考核项目", "评估项目", "competency", "competency id",
                   "skill", "competence"),
    "score": ("得分", "分数", "成绩", "评分", "评估结果", "考核结果", "结果", "评级", "score", "result",
              "rating", "grade", "mark"),
    "date": ("评估日期", "考核日期", "日期", "评估时间", "考核时间", "统计日期", "统计周期", "date",
             "assessment date", "assessed on", "period", "完成时间", "完成日期", "学习完成时间", "completed on",
             "completion date", "finished on"),
    "assessor": ("评估人", "考官", "考核人", "评估者", "assessor", "rater", "evaluator", "examiner"),
    "kind": ("评估类型", "评估方式", "类型", "kind", "type", "assessment type"),
    "scale": ("量表", "评分标准", "计分方式", "scale", "rating scale"),
    "level": ("考核级别", "考核等级", "申报级别", "assessed level", "assessed tier", "exam level", "level tested"),
    "metric": ("指标", "指标名称", "kpi", "metric"),
    "value": ("数值", "指标值", "实际值", "value", "kpi value"),
    # LMS completion exports and HR rosters (lms_rows.py)
    "module": ("课程", "课程名称", "课程编号", "课程id", "课程代码", "培训课程", "培训模块", "模块", "module",
               "module id", "course", "course id", "course name", "course code"),
    "completion": ("完成状态", "学习状态", "完成情况", "是否完成", "是否通过", "通过状态", "completion",
                   "completion status", "course status", "completed", "passed", "status"),
    "employment": ("在职状态", "员工状态", "人事状态", "在职", "employment", "employment status",
                   "employee status", "active"),
    "left_on": ("离职日期", "离职时间", "最后工作日", "leave date", "left on", "last day", "exit date"),
    "joined_on": ("入职日期", "入职时间", "hire date", "joined on", "start date"),
}
METRICS: dict[str, tuple[str, ...]] = {
    "first_response_seconds": ("平均首次响应时长", "首次响应时长", "平均首响时长", "首响时长", "平均响应时长",
                               "first response (s)", "avg first response", "average first response time", "frt"),
    "proposal_seconds": ("首次方案时长", "方案提出时长", "time to first proposal"),
    "solution_seconds": ("方案确认时长", "解决时长", "time to solution"),
    "fcr_rate": ("一次解决率", "首次解决率", "fcr", "first contact resolution", "first-contact resolution rate"),
    "second_contact_resolution_rate": ("二次解决率", "second contact resolution"),
    "transfer_efficiency": ("转接效率", "transfer efficiency"),
    "positive_wording_rate": ("积极用语使用率", "积极用语率", "positive wording rate"),
    "objection_compliance_rate": ("异议处理合规度", "异议处理合规率", "objection compliance"),
    "emotional_match_rate": ("情感响应匹配度", "情绪匹配度", "emotional match"),
    "csat": ("满意度", "客户满意度", "csat", "satisfaction"),
    "complaint_rate": ("投诉率", "complaint rate"),
    "nps": ("净推荐值", "nps", "net promoter score"),
}
KINDS = {"正式": "formal", "formal": "formal", "考核": "formal", "official": "formal",
         "自评": "self", "自我评估": "self", "self": "self", "self-evaluation": "self", "self evaluation": "self",
         "kpi": "kpi", "绩效": "kpi"}
MAPPING_KEYS = ("columns", "competencies", "modules", "metrics", "roles", "industries", "scale", "scales", "kind",
                "source", "date_format", "sheet", "defaults")
# Profile fields a mapping file may give for agents the export creates without them.
DEFAULT_FIELDS = ("role", "industry", "team", "site", "hours_per_week", "language")


def key(text: object) -> str:
    """Header spelling folded: case, width, blanks, '_' and '-' do not matter."""
    return "".join(ch for ch in normalise(text) if not ch.isspace() and ch not in "_-")


@dataclass
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)  # header key -> field or metric id
    competencies: dict[str, str] = field(default_factory=dict)  # name key -> competency id
    modules: dict[str, str] = field(default_factory=dict)  # LMS course name key -> module id
    metrics: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    industries: dict[str, str] = field(default_factory=dict)
    scale: str | None = None  # scale for rows that do not name one
    scales: dict[str, Scale] = field(default_factory=dict)
    kind: str | None = None
    source: str | None = None
    date_format: str | None = None
    sheet: str | None = None
    defaults: dict[str, object] = field(default_factory=dict)  # profile field -> value for new agents
    column_scales: dict[str, str] = field(default_factory=dict)  # field or metric -> scale of its column


def load_mapping(path: str | Path | None) -> Mapping:
    if path is None:
        return Mapping()
    name = str(path)
    try:
        data = safe_yaml.load(Path(path).read_text(encoding="utf-8")) or {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise InputError([Problem(name, f"line {mark.line + 1}" if mark else "", f"{exc.problem}; the mapping "
                                  "file must be UTF-8 YAML (docs/import.md)")], "mapping") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError([Problem(name, "", f"cannot read the mapping file ({exc.__class__.__name__}); "
                                  "it must be UTF-8 YAML")], "mapping") from None
    if not isinstance(data, dict) or set(data) - set(MAPPING_KEYS):
        extra = ", ".join(sorted(set(data) - set(MAPPING_KEYS))) if isinstance(data, dict) else "not a mapping"
        raise InputError([Problem(name, "", f"unknown key(s): {extra}; allowed: {', '.join(MAPPING_KEYS)}")], "mapping")
    mapping = Mapping()
    for section in ("columns", "competencies", "modules", "metrics", "roles", "industries"):
        value = data.get(section) or {}
        if not isinstance(value, dict):
            raise InputError([Problem(name, section, "expected 'name in the file: id' lines")], "mapping")
        if section == "columns":
            value = _column_scales(name, value, mapping)
        setattr(mapping, section, {key(k): str(v) for k, v in value.items()})
    mapping.defaults = _defaults(name, data.get("defaults"))
    bad = sorted(v for v in mapping.columns.values() if v not in FIELDS and v not in METRICS)
    if bad:
        raise InputError([Problem(name, "columns", f"unknown target(s) {', '.join(bad)}; use a field "
                                  f"({', '.join(FIELDS)}) or a KPI metric id")], "mapping")
    try:
        mapping.scales = parse_scales(data.get("scales"), "scales")
    except ValueError as exc:
        raise InputError([Problem(name, "scales", str(exc))], "mapping") from None
    for item in ("scale", "kind", "source", "date_format", "sheet"):
        if data.get(item) is not None:
            setattr(mapping, item, str(data[item]))
    if mapping.kind is not None and key(mapping.kind) not in KINDS:
        raise InputError([Problem(name, "kind", "use formal, self or kpi")], "mapping")
    return mapping


def _column_scales(name: str, columns: dict, mapping: Mapping) -> dict:
    """``header: score`` or ``header: {field: score, scale: five_point}``: a column with its own scale."""
    plain = {}
    for header, target in columns.items():
        if isinstance(target, dict):
            if set(target) - {"field", "scale"} or "field" not in target:
                raise InputError([Problem(name, f"columns.{header}", "write 'header: field' or "
                                          "'header: {field: score, scale: five_point}'")], "mapping")
            if target.get("scale") is not None:
                mapping.column_scales[str(target["field"])] = str(target["scale"])
            target = target["field"]
        plain[header] = target
    return plain


def _defaults(name: str, value: object) -> dict[str, object]:
    if value is None:
        return {}
    if not isinstance(value, dict) or set(value) - set(DEFAULT_FIELDS):
        extra = ", ".join(sorted(map(str, set(value) - set(DEFAULT_FIELDS)))) if isinstance(value, dict) else ""
        raise InputError([Problem(name, "defaults", f"unknown field(s) {extra or '(not a mapping)'}; defaults "
                                  f"may give {', '.join(DEFAULT_FIELDS)}")], "mapping")
    out: dict[str, object] = {k: str(v) for k, v in value.items() if k != "hours_per_week" and v is not None}
    if value.get("hours_per_week") is not None:
        hours = value["hours_per_week"]
        if isinstance(hours, bool) or not isinstance(hours, (int, float)) or not 0 <= hours <= 40:
            raise InputError([Problem(name, "defaults.hours_per_week", f"{hours!r} is not a number of hours "
                                      "from 0 to 40, e.g. 4")], "mapping")
        out["hours_per_week"] = float(hours)
    return out


def resolve_headers(headers: list[object], mapping: Mapping) -> tuple[dict[int, str], list[int]]:
    """Column index -> field or metric id, and the indexes of columns nobody understands."""
    known = {key(alias): f for f, aliases in FIELDS.items() for alias in (f, *aliases)}
    known.update({key(alias): m for m, aliases in METRICS.items() for alias in (m, *aliases)})
    known.update(mapping.columns)
    resolved: dict[int, str] = {}
    unknown: list[int] = []
    for index, header in enumerate(headers):
        # "得分(百分制)" and "首次响应时长（秒）" fall back to the header without its note
        plain = re.sub(r"[(（\[【].*?[)）\]】]", "", str(header))
        target = known.get(key(header), known.get(key(plain))) if header not in (None, "") else None
        if target is None or target in resolved.values():
            unknown.append(index)
        else:
            resolved[index] = target
    return resolved, unknown
