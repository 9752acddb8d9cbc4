"""One HR row -> evidence (assessments and KPI results) or the problems that make it bad."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.catalog import Catalog
from ..model.problems import Problem
from ..model.profile import Assessment
from ..model.suggest import did_you_mean, suggest
from ..model.tiers import Tier
from .hr_headers import KINDS, METRICS, Mapping, key
from .hr_kpi import kpi_evidence, metric_id
from .hr_values import cell_text, parse_date
from .profiles import agent_id_problem
from .scales import Scale, find_scale, guess_scale, parse_number

PROFILE_FIELDS = ("name", "team", "site", "role", "industry", "language")


@dataclass(frozen=True)
class Evidence:
    competency: str
    assessment: Assessment

    @property
    def key(self) -> tuple:
        a = self.assessment
        return (self.competency, a.date, a.source, a.kind, a.raw, a.metric)


@dataclass
class Row:
    number: int
    agent: str
    evidence: list[Evidence]
    profile: dict[str, str]  # name/team/role/industry... when the row carries them


def _tier_word(raw: str) -> Tier | None:
    try:
        tier = Tier.parse(raw)
    except ValueError:
        return None
    return tier if not str(raw).strip().lstrip("-").replace(".", "", 1).isdigit() else None


class RowReader:
    def __init__(self, catalog: Catalog, mapping: Mapping, scales: dict[str, Scale],
                 columns: dict[int, str], headers: list[object], file: str, source: str):
        self.catalog, self.mapping, self.scales = catalog, mapping, scales
        self.columns, self.headers, self.file, self.source = columns, headers, file, source
        self.index = {f: i for i, f in columns.items()}
        self.competency_names = _names(catalog.competencies, mapping.competencies)
        self.role_names = _names(catalog.roles, mapping.roles)
        self.industry_names = _names(catalog.industries, mapping.industries)
        self.unmeasured: set[str] = set()  # KPI metrics no competency has a threshold for

    def read(self, number: int, cells: list[object]) -> tuple[Row | None, list[Problem]]:
        problems: list[Problem] = []
        get = lambda f: cells[self.index[f]] if f in self.index else ""  # noqa: E731

        def bad(f: str, message: str) -> None:
            problems.append(Problem(self.file, f"row {number}, column {self.header(f)}", message))

        agent = cell_text(get("agent"))
        if (wrong := agent_id_problem(agent)) is not None:
            bad("agent", wrong)
        date = None
        try:
            date = parse_date(get("date"), self.mapping.date_format)
        except ValueError as exc:
            bad("date", str(exc))
        kind = KINDS.get(key(cell_text(get("kind")) or self.mapping.kind or "formal"))
        if kind is None:
            bad("kind", f"unknown kind {cell_text(get('kind'))!r}; use 正式/formal, 自评/self or kpi")
        profile = {f: cell_text(get(f)) for f in PROFILE_FIELDS if cell_text(get(f))}
        for f, names, table in (("role", self.role_names, "roles"), ("industry", self.industry_names, "industries")):
            if f in profile:
                profile[f] = names.get(key(profile[f]), "")
                if not profile[f]:
                    items = getattr(self.catalog, table)
                    close = suggest(cell_text(get(f)), {i.id: (i.name.en, i.name.zh) for i in items.values()}, 3)
                    hint = did_you_mean(close, lambda i: f"{items[i].name.get('zh')} ({i})")
                    bad(f, f"unknown {f} {cell_text(get(f))!r}.{hint} Use one of {', '.join(items)} "
                           f"or add it under {table}: in a mapping file")
        evidence: list[Evidence] = []
        if date is not None and kind is not None:
            evidence += self._assessment(get, bad, date, kind)
            evidence += self._kpis(get, bad, date)
        if not problems and not evidence and not self._has_result(get):
            problems.append(Problem(self.file, f"row {number}", "nothing to import: no 能力项/competency with "
                                    "得分/score and no KPI value"))
        return (None if problems else Row(number, agent, evidence, profile)), problems

    def header(self, field_or_metric: str) -> str:
        index = self.index.get(field_or_metric)
        return str(self.headers[index]) if index is not None else field_or_metric

    def _has_result(self, get) -> bool:
        return bool(cell_text(get("score")) or cell_text(get("value"))
                    or any(cell_text(get(m)) for m in self.index if m in METRICS))

    def _assessment(self, get, bad, date, kind) -> list[Evidence]:
        name, raw = cell_text(get("competency")), cell_text(get("score"))
        if not name and not raw:
            return []
        cid = self.competency_names.get(key(name))
        if cid is None:
            close = suggest(name, {c.id: (c.name.en, c.name.zh) for c in self.catalog.competencies.values()}, 3)
            hint = did_you_mean(close, lambda c: f"{self.catalog.competencies[c].name.get('zh')} ({c})")
            bad("competency", f"unknown competency {name!r}.{hint} Use a catalog id or name (`competency "
                              "catalog list --search TEXT`), or add it under competencies: in a mapping file")
        if not raw:
            bad("score", "empty score")
            return []
        level = None
        if cell_text(get("level")):
            try:
                level = Tier.parse(cell_text(get("level")))
            except ValueError as exc:
                bad("level", str(exc))
        named = cell_text(get("scale")) or self.mapping.column_scales.get("score") or self.mapping.scale
        try:
            scale = find_scale(named, self.scales) if named else guess_scale(raw, self.scales)
        except ValueError as exc:
            bad("scale", str(exc))
            return []
        try:
            reading = scale.read(get("score"), level)
        except ValueError as exc:
            tier = _tier_word(raw) if scale.numeric else None
            if tier is None:
                bad("score", str(exc) + ("; write a number, or a tier word (基础/进阶/专家, basic/advanced/expert) "
                                         "which is read as that tier" if scale.numeric else ""))
                return []
            # "进阶" in a percent column: HR wrote the tier itself, so it is read as the tier.
            scale = self.scales["tiers"]
            reading = scale.read(raw, level)
        if cid is None:
            return []
        assessor = cell_text(get("assessor")) or None
        return [Evidence(cid, Assessment(date=date, source=self.source, kind=kind, raw=raw, scale=scale.id,
                                         score=reading.score, tier=reading.tier, passed=reading.passed,
                                         assessor=assessor, level=level))]

    def _kpis(self, get, bad, date) -> list[Evidence]:
        values = [(m, get(m)) for m in sorted(self.index) if m in METRICS and cell_text(get(m))]
        if cell_text(get("metric")):
            metric = metric_id(cell_text(get("metric")), self.mapping)
            if metric is None:
                bad("metric", f"unknown KPI metric {cell_text(get('metric'))!r}; use one of {', '.join(METRICS)}")
                return []
            values.append((metric, get("value")))
        evidence = []
        for metric, raw in values:
            try:
                value = parse_number(raw)
            except ValueError as exc:
                bad(metric if metric in self.index else "value", str(exc))
                continue
            found = kpi_evidence(self.catalog, metric, value, raw, date, self.source)
            if not found:
                self.unmeasured.add(metric)
            evidence += [Evidence(cid, assessment) for cid, assessment in found]
        return evidence


def _names(items: dict, extra: dict[str, str]) -> dict[str, str]:
    """Lookup by id, English or Chinese name (folded), plus a mapping file's aliases."""
    names: dict[str, str] = {}
    for iid, item in items.items():
        for spelling in (iid, item.name.en, item.name.zh):
            if spelling:
                names.setdefault(key(spelling), iid)
    names.update({k: v for k, v in extra.items() if v in items})
    return names

