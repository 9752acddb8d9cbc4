"""Catalog domain types: competencies, modules, roles, industries (pydantic v2, no I/O).

Unknown fields are errors everywhere (``extra="forbid"``) so a typo in a YAML key is
reported instead of silently ignored.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from .base import MAX_ID, Id, Strict  # noqa: F401  (MAX_ID: the id length others check against)
from .slots import DEFAULT_SLOTS, Slot, check_timezone
from .tiers import Tier


_LANG_CODE = r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$"


class Text(Strict):
    """A string in one or more languages. English and Chinese have their own fields; any
    other language (``ja``, ``ko`` ...) is kept under its code in ``other``, so an imported
    framework keeps the language it was written in. At least one text is required; a
    language that is missing falls back to English, Chinese, then the others."""

    en: str | None = None
    zh: str | None = None
    other: dict[Annotated[str, Field(pattern=_LANG_CODE)], str] = {}

    @model_validator(mode="before")
    @classmethod
    def _other_languages(cls, value: object) -> object:
        # `{ja: "..."}` in YAML reads as other: {ja: ...}; zh-CN / zh-Hans are Chinese.
        if isinstance(value, dict):
            value = dict(value)
            for code in [k for k in value if isinstance(k, str) and k not in ("en", "zh", "other")]:
                if code.lower().startswith("zh") and value.get("zh") is None:
                    value["zh"] = value.pop(code)
                elif code.lower().startswith("en") and value.get("en") is None:
                    value["en"] = value.pop(code)
                else:
                    value["other"] = {**(value.get("other") or {}), code: value.pop(code)}
        return value

    @model_validator(mode="after")
    def _one_language(self) -> "Text":
        if not (self.en or self.zh or any(self.other.values())):
            raise ValueError("give at least one of 'en', 'zh' or another language code")
        return self

    def get(self, lang: str = "en") -> str:
        first_other = next((v for v in self.other.values() if v), "")
        if lang == "zh":
            return self.zh or self.en or first_other
        if lang in self.other and self.other[lang]:
            return self.other[lang]
        return self.en or self.zh or first_other


def _coerce_text(value: object) -> object:
    # A plain string is accepted as English so small user catalogs stay short.
    return {"en": value} if isinstance(value, str) else value


class TierField(Strict):
    """Helper base: a ``tier`` field accepting names, Chinese names or numbers."""

    @field_validator("tier", mode="before", check_fields=False)
    @classmethod
    def _tier(cls, value: object) -> Tier:
        return Tier.parse(value)


class Level(TierField):
    """A (competency, tier) pair: what a module raises or requires."""

    competency: Id
    tier: Tier


class KpiThreshold(Strict):
    """A measurable standard a tier asks for, e.g. first response <= 5 s."""

    metric: Id
    max: float | None = None
    min: float | None = None
    unit: str | None = None
    # How reports name the metric ("Complaint rate" / "投诉率"); without it the shipped
    # metric names are used (reports/labels.py), else the id.
    name: Text | None = None

    _text = field_validator("name", mode="before")(_coerce_text)

    @model_validator(mode="after")
    def _one_bound(self) -> "KpiThreshold":
        if self.max is None and self.min is None:
            raise ValueError("give 'max' or 'min'")
        return self

    def met_by(self, value: float) -> bool:
        if self.max is not None and value > self.max:
            return False
        if self.min is not None and value < self.min:
            return False
        return True


class TierSpec(Strict):
    indicators: list[Text] = Field(min_length=1)
    kpi: list[KpiThreshold] = []

    _text = field_validator("indicators", mode="before")(
        lambda value: [_coerce_text(v) for v in value] if isinstance(value, list) else value
    )


class Prerequisite(Strict):
    """Tier ``tier`` of the owning competency needs tier ``needs_tier`` of ``needs``."""

    tier: Tier
    needs: Id
    needs_tier: Tier

    @field_validator("tier", "needs_tier", mode="before")
    @classmethod
    def _tiers(cls, value: object) -> Tier:
        return Tier.parse(value)

    @model_validator(mode="after")
    def _real_tiers(self) -> "Prerequisite":
        if self.tier == Tier.NONE or self.needs_tier == Tier.NONE:
            raise ValueError("prerequisite tiers must be basic, advanced or expert")
        return self


class Reference(Strict):
    """A relation kept from an imported framework that planning does not use.

    ``relation`` is the CASE association type (isRelatedTo, exactMatchOf, or any other);
    the target is a competency of this catalog or a node outside it (identifier/URI).
    """

    relation: str = Field(min_length=1, max_length=80)
    competency: Id | None = None
    identifier: str | None = None
    uri: str | None = None
    title: str | None = None

    @model_validator(mode="after")
    def _one_target(self) -> "Reference":
        if self.competency is None and not (self.identifier or self.uri):
            raise ValueError("give 'competency' or the 'identifier'/'uri' of an outside node")
        return self


# ``external`` fields hold what an imported framework has and the model does not (CASE
# identifiers and URIs, Moodle rules, HTML descriptions), keyed by format, so an export
# gives it back. Planning never reads them.
External = dict[str, Any]


class Domain(Strict):
    id: Id
    name: Text
    description: Text | None = None
    external: External = {}

    _text = field_validator("name", "description", mode="before")(_coerce_text)


class Competency(Strict):
    id: Id
    name: Text
    domain: Id
    description: Text | None = None
    tiers: dict[Tier, TierSpec]
    prerequisites: list[Prerequisite] = []
    tags: list[Id] = []
    parent: Id | None = Field(None, description="enclosing competency in an imported tree")
    references: list[Reference] = []
    external: External = {}

    _text = field_validator("name", "description", mode="before")(_coerce_text)

    @field_validator("tiers", mode="before")
    @classmethod
    def _tier_keys(cls, value: object) -> object:
        if isinstance(value, dict):
            return {Tier.parse(k): v for k, v in value.items()}
        return value

    @model_validator(mode="after")
    def _all_tiers(self) -> "Competency":
        missing = [t.key for t in (Tier.BASIC, Tier.ADVANCED, Tier.EXPERT) if t not in self.tiers]
        if missing:
            raise ValueError(f"tiers: indicators missing for {', '.join(missing)}")
        if Tier.NONE in self.tiers:
            raise ValueError("tiers: use basic, advanced and expert (not none)")
        return self


class Mode(str, Enum):
    ONLINE_MICRO = "online_micro"  # 线上微课
    E_LEARNING = "e_learning"  # LMS self-paced course
    CLASSROOM = "classroom"  # 课堂讲授
    WORKSHOP = "workshop"  # 工作坊
    ROLE_PLAY = "role_play"  # 角色扮演
    SIMULATION = "simulation"  # 情景模拟
    CASE_STUDY = "case_study"  # 案例研讨
    MENTORING = "mentoring"  # 导师制
    VR_AR = "vr_ar"  # VR/AR 模拟
    COACHING = "coaching"  # 在岗辅导
    GAMIFIED = "gamified"  # 游戏化
    LIVE_ONLINE = "live_online"  # 直播课: a virtual classroom at a set time, open to every site

    @property
    def is_group(self) -> bool:
        """Group formats run as sessions shared by the agents who take them together."""
        return self in GROUP_MODES

    @property
    def in_person(self) -> bool:
        """In-person group formats run at one site and seat only agents who work there."""
        return self in IN_PERSON_MODES


IN_PERSON_MODES = frozenset(
    {Mode.CLASSROOM, Mode.WORKSHOP, Mode.ROLE_PLAY, Mode.SIMULATION, Mode.CASE_STUDY}
)
GROUP_MODES = IN_PERSON_MODES | {Mode.LIVE_ONLINE}
ONLINE = "online"  # the venue of live online sessions

# model_construct: constants need no validation, and validating them would build Text's
# validator at import (see Strict).
MODE_NAMES = {
    Mode.ONLINE_MICRO: Text.model_construct(en="Online micro-course", zh="线上微课"),
    Mode.E_LEARNING: Text.model_construct(en="E-learning", zh="在线课程"),
    Mode.CLASSROOM: Text.model_construct(en="Classroom", zh="课堂讲授"),
    Mode.WORKSHOP: Text.model_construct(en="Workshop", zh="工作坊"),
    Mode.ROLE_PLAY: Text.model_construct(en="Role-play", zh="角色扮演"),
    Mode.SIMULATION: Text.model_construct(en="Scenario simulation", zh="情景模拟"),
    Mode.CASE_STUDY: Text.model_construct(en="Case study", zh="案例研讨"),
    Mode.MENTORING: Text.model_construct(en="Mentoring", zh="导师制"),
    Mode.VR_AR: Text.model_construct(en="VR/AR simulation", zh="VR/AR 模拟"),
    Mode.COACHING: Text.model_construct(en="On-the-job coaching", zh="在岗辅导"),
    Mode.GAMIFIED: Text.model_construct(en="Gamified learning", zh="游戏化学习"),
    Mode.LIVE_ONLINE: Text.model_construct(en="Live online class", zh="直播课"),
}


class ClassSize(Strict):
    min: int = Field(1, ge=1)
    max: int = Field(ge=1)

    @model_validator(mode="after")
    def _order(self) -> "ClassSize":
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is larger than max ({self.max})")
        return self


class Audience(Strict):
    """Who a module is meant for: agents of any listed industry and any listed role (an
    empty list admits everyone on that axis)."""

    industries: list[Id] = []
    roles: list[Id] = []

    def admits(self, role: str, industry: str) -> bool:
        return (not self.industries or industry in self.industries) and (not self.roles or role in self.roles)


class AudienceDefault(Audience):
    """The audience of every module carrying ``tag`` that names none itself, e.g. all
    sector variants tagged ``finance`` are for finance agents."""

    tag: Id


class Module(Strict):
    id: Id
    title: Text
    mode: Mode
    hours: float = Field(gt=0, le=40)
    cost: float = Field(0, ge=0, description="per participant, in the catalog's currency")
    session_cost: float = Field(0, ge=0, description="per session (group formats), in the catalog's currency")
    class_size: ClassSize | None = None
    raises: list[Level] = Field(min_length=1)
    requires: list[Level] = []
    tags: list[Id] = []
    description: Text | None = None
    audience: Audience | None = Field(None, description="industries and roles the module is for; default: "
                                                        "the catalog's audience for one of its tags, else everyone")

    _text = field_validator("title", "description", mode="before")(_coerce_text)

    @model_validator(mode="after")
    def _group_fields(self) -> "Module":
        if self.class_size is not None and not self.mode.is_group:
            raise ValueError(f"class_size is only for group formats, not mode {self.mode.value}")
        if self.session_cost and not self.mode.is_group:
            raise ValueError(f"session_cost is only for group formats, not mode {self.mode.value}")
        if any(level.tier == Tier.NONE for level in self.raises):
            raise ValueError("raises: a module must raise a competency to basic or above")
        return self

    @property
    def is_group(self) -> bool:
        return self.mode.is_group

    @property
    def seats(self) -> ClassSize:
        if self.class_size is not None:
            return self.class_size
        return ClassSize(min=1, max=1_000_000) if self.is_group else ClassSize(min=1, max=1)


class Role(Strict):
    id: Id
    name: Text
    description: Text | None = None
    targets: dict[Id, Tier]
    weights: dict[Id, float] = {}

    _text = field_validator("name", "description", mode="before")(_coerce_text)

    @field_validator("targets", mode="before")
    @classmethod
    def _tiers(cls, value: object) -> object:
        if isinstance(value, dict):
            return {k: Tier.parse(v) for k, v in value.items()}
        return value


class ShareRule(Strict):
    """At least ``min`` (0..1) of a learner's planned training hours carry ``tag``."""

    tag: Id
    min: float = Field(gt=0, le=1, description="a fraction: 25 % is 0.25")
    label: Text | None = None

    _text = field_validator("label", mode="before")(_coerce_text)

    @field_validator("min", mode="before")
    @classmethod
    def _fraction(cls, value: object) -> object:
        # `min: 25` meant 25 %; say so instead of pydantic's bare "less than or equal to 1".
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 < value <= 100:
            raise ValueError(f"a share is a fraction of the hours: write {value / 100:g} for {value:g} %, "
                             f"not {value:g}")
        if isinstance(value, str) and value.strip().endswith("%"):
            raise ValueError(f"a share is a fraction of the hours: write {value.strip()[:-1].strip()}/100 "
                             f"as a number (25 % is 0.25), not {value!r}")
        return value


class Industry(Strict):
    id: Id
    name: Text
    description: Text | None = None
    weights: dict[Id, float] = Field(default_factory=dict, description="competency or domain id")
    targets: dict[Id, Tier] = {}
    shares: list[ShareRule] = []

    _text = field_validator("name", "description", mode="before")(_coerce_text)

    @field_validator("targets", mode="before")
    @classmethod
    def _tiers(cls, value: object) -> object:
        if isinstance(value, dict):
            return {k: Tier.parse(v) for k, v in value.items()}
        return value


class Site(Strict):
    """A place where in-person sessions run; profiles name it by id, name or alias."""

    id: Id
    name: Text
    aliases: list[Annotated[str, Field(min_length=1, max_length=80)]] = []

    _text = field_validator("name", mode="before")(_coerce_text)

    def known_as(self) -> set[str]:
        return {self.id, *(n for n in (self.name.en, self.name.zh) if n), *self.aliases}


class Away(Strict):
    """Days a trainer cannot teach, ``start`` to ``end`` inclusive (one day when no end)."""

    start: dt.date
    end: dt.date | None = None

    @model_validator(mode="after")
    def _order(self) -> "Away":
        if self.end is not None and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        return self.start <= last and (self.end or self.start) >= first


class Trainer(Strict):
    """Someone who teaches group sessions: what, where, how much a week, and when not."""

    id: Id
    name: Text
    modules: list[Id] = Field([], description="modules they may teach")
    teaches: list[Level] = Field([], description="competencies they may teach, up to the tier given")
    sites: list[Id] = Field([], description="sites they teach in person at")
    online: bool = Field(False, description="teaches live online sessions")
    sessions_per_week: int | None = Field(None, ge=0, le=100)
    hours_per_week: float | None = Field(None, ge=0, le=80)
    away: list[Away] = []
    email: str | None = Field(None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")

    _text = field_validator("name", mode="before")(_coerce_text)

    def qualified(self, module: "Module") -> bool:
        """Listed for the module, or teaches every competency it raises up to its tier."""
        if module.id in self.modules:
            return True
        return bool(self.teaches) and all(
            any(t.competency == r.competency and t.tier >= r.tier for t in self.teaches) for r in module.raises)

    def teaches_at(self, venue: str) -> bool:
        return self.online if venue == ONLINE else venue in self.sites

    def away_between(self, first: dt.date, last: dt.date) -> bool:
        return any(a.overlaps(first, last) for a in self.away)


class CatalogInfo(Strict):
    id: Id = "catalog"
    name: Text = Text.model_construct(en="Competency catalog")  # not validated: see MODE_NAMES
    version: str = "1"
    currency: str = Field("CNY", pattern=r"^[A-Z]{3}$", description="ISO 4217 code of every cost and budget")
    # The language the catalog's users read: the default of `validate` and of a profile
    # without its own `language`. Unset, it follows the names the catalog has (Catalog.language).
    language: Literal["en", "zh"] | None = None
    pass_target: float = Field(0.98, gt=0, le=1, description="share of assessments that should pass (competency progress)")
    description: Text | None = None
    external: External = {}
    timezone: str = Field("Asia/Shanghai", description="IANA time zone of session times in calendars")
    slots: dict[Mode, Slot] = Field({}, description="weekday and time of sessions per mode; others default")

    _text = field_validator("name", "description", mode="before")(_coerce_text)
    _timezone = field_validator("timezone")(lambda value: check_timezone(value))

    def slot(self, mode: Mode) -> Slot:
        """When sessions of ``mode`` meet in their week: the catalog's slot, else the default."""
        return self.slots.get(mode) or DEFAULT_SLOTS[mode.value]


class Catalog(Strict):
    """A whole, cross-checked catalog. Build it with ``model.loader.load_catalog``."""

    info: CatalogInfo = CatalogInfo.model_construct()  # not validated: see MODE_NAMES
    domains: dict[str, Domain]
    competencies: dict[str, Competency]
    modules: dict[str, Module]
    roles: dict[str, Role]
    industries: dict[str, Industry]
    sites: dict[str, Site] = {}
    trainers: dict[str, Trainer] = {}
    audiences: list[AudienceDefault] = []
    extras: dict[str, object] = {}

    @property
    def language(self) -> str:
        """``info.language``, else ``zh`` for a catalog named only in Chinese, else ``en``."""
        if self.info.language:
            return self.info.language
        name = self.info.name
        return "zh" if name.zh and not name.en else "en"

    def audience(self, module: Module) -> Audience | None:
        """The module's own audience, else the first catalog default for one of its tags."""
        if module.audience is not None:
            return module.audience
        return next((a for a in self.audiences if a.tag in module.tags), None)

    def admits(self, module: Module, role: str, industry: str) -> bool:
        audience = self.audience(module)
        return audience is None or audience.admits(role, industry)

    def site_of(self, name: str | None) -> str:
        """A profile's site as a site id when the catalog knows it (by id, name or alias),
        else the name as given; "" for no site."""
        if not name:
            return ""
        for site in self.sites.values():
            if name in site.known_as():
                return site.id
        return name

    def competency(self, cid: str) -> Competency:
        return self.competencies[cid]

    def modules_raising(self, cid: str, tier: Tier) -> list[Module]:
        return [
            m
            for m in self.modules.values()
            if any(r.competency == cid and r.tier == tier for r in m.raises)
        ]

    def weight(self, cid: str, role: Role | None, industry: Industry | None) -> float:
        """Importance of a competency for a role in an industry (product of the weights)."""
        weight = 1.0
        if role is not None:
            weight *= role.weights.get(cid, 1.0)
        if industry is not None:
            comp = self.competencies[cid]
            weight *= industry.weights.get(cid, industry.weights.get(comp.domain, 1.0))
        return weight

    def targets(self, role: Role, industry: Industry | None) -> dict[str, Tier]:
        """Target tier per competency: the higher of the role's and the industry's."""
        result = dict(role.targets)
        if industry is not None:
            for cid, tier in industry.targets.items():
                result[cid] = max(result.get(cid, Tier.NONE), tier)
        return result
