"""Rating scales: how a raw HR result (82, 4, 'B', '通过', '进阶') becomes a tier.

Different HR systems rate on different scales; declaring each scale here makes their
results comparable. Built-in scales cover the common cases; a catalog (section
``scales:``) or an import mapping file can declare more, in the same shape:

    ten_point: {min: 0, max: 10, basic: 6, advanced: 7.5, expert: 9, pass: 6}
    qa_grade:  {labels: {C: none, B: basic, A: advanced, S: expert}, pass: basic}
"""

from __future__ import annotations

import math

import unicodedata
from dataclasses import dataclass, field

from ..model.tiers import Tier

PASS_WORDS = {"pass", "passed", "yes", "通过", "合格", "达标", "是", "√", "✓"}
FAIL_WORDS = {"fail", "failed", "no", "不通过", "未通过", "不合格", "未达标", "否", "×", "✗"}


@dataclass(frozen=True)
class Reading:
    tier: Tier
    passed: bool
    score: float | None = None


@dataclass(frozen=True)
class Scale:
    id: str
    min: float | None = None  # numeric scales: the allowed range
    max: float | None = None
    bands: tuple[float, float, float] | None = None  # lowest score for basic, advanced, expert
    pass_mark: float | None = None  # numeric: lowest passing score (default: the basic band)
    labels: dict[str, Tier] = field(default_factory=dict)  # label scales: label -> tier
    pass_tier: Tier = Tier.BASIC  # label scales: lowest passing tier
    pass_fail: bool = False
    tier_names: bool = False  # the tier spellings Tier.parse knows: 基础, advanced, L3 ...

    @property
    def numeric(self) -> bool:
        return self.bands is not None

    def read(self, raw: object, level: Tier | None = None) -> Reading:
        """Read one result. ``level`` is the tier the assessment tested, when HR gives it.

        Raises ValueError with a message a user can act on.
        """
        if self.numeric:
            score = parse_number(raw)
            if not self.min <= score <= self.max:
                raise ValueError(f"score {score:g} is out of range {self.min:g}-{self.max:g} for scale {self.id}")
            passed = score >= (self.pass_mark if self.pass_mark is not None else self.bands[0])
            if level is not None:
                # A levelled exam proves the tested tier or, when failed, the one below it.
                return Reading(level if passed else Tier(max(0, level - 1)), passed, score)
            return Reading(Tier(sum(score >= b for b in self.bands)), passed, score)
        text = normalise(raw)
        if self.pass_fail:
            if text in PASS_WORDS or text in FAIL_WORDS:
                passed = text in PASS_WORDS
                tested = level or Tier.BASIC
                return Reading(tested if passed else Tier(tested - 1), passed)
            raise ValueError(f"{raw!r} is neither pass nor fail (e.g. 通过/不通过, pass/fail)")
        if self.tier_names:
            tier = Tier.parse(text)
            return Reading(tier, tier >= (level or self.pass_tier))
        if text not in self.labels:
            raise ValueError(f"{raw!r} is not a label of scale {self.id} ({', '.join(self.labels)})")
        tier = self.labels[text]
        return Reading(tier, tier >= (level or self.pass_tier))


def normalise(value: object) -> str:
    """Full-width to half-width, case and surrounding blanks folded: '８２分 ' -> '82分'."""
    return unicodedata.normalize("NFKC", str(value)).strip().lower()


def parse_number(value: object) -> float:
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = normalise(value).replace(",", "")
        for unit in ("分", "points", "point", "pts", "%", "秒", "sec", "s"):
            if text.endswith(unit):
                text = text[: -len(unit)].strip()
                break
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"not a number: {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"not a finite number: {value!r}")
    return number


BUILTIN: dict[str, Scale] = {
    "percent": Scale("percent", 0, 100, (60, 75, 90)),
    "five_point": Scale("five_point", 1, 5, (3, 4, 5)),
    "four_point": Scale("four_point", 0, 4, (2, 3, 4)),
    "tiers": Scale("tiers", tier_names=True),
    "pass_fail": Scale("pass_fail", pass_fail=True),
}
SCALE_ALIASES = {
    "百分制": "percent", "100": "percent", "0-100": "percent", "percent": "percent",
    "五分制": "five_point", "5分制": "five_point", "1-5": "five_point",
    "四分制": "four_point", "4分制": "four_point", "0-4": "four_point",
    "等级": "tiers", "级别": "tiers", "tier": "tiers", "tiers": "tiers",
    "通过制": "pass_fail", "pass/fail": "pass_fail", "合格制": "pass_fail",
}


def parse_scales(config: object, where: str) -> dict[str, Scale]:
    """Scales declared in a catalog or mapping file; ValueError names the bad entry."""
    if config is None:
        return {}
    if not isinstance(config, dict):
        raise ValueError(f"{where}: expected a mapping of scale id -> definition")
    scales = {}
    for sid, spec in config.items():
        here = f"{where}.{sid}"
        if not isinstance(spec, dict):
            raise ValueError(f"{here}: expected a mapping (min, max, basic, advanced, expert, pass) or labels")
        try:
            scales[str(sid)] = _scale(str(sid), spec)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{here}: {exc}; see docs/import.md#scales") from None
    return scales


def _scale(sid: str, spec: dict) -> Scale:
    if "labels" in spec:
        labels = {normalise(k): Tier.parse(v) for k, v in spec["labels"].items()}
        return Scale(sid, labels=labels, pass_tier=Tier.parse(spec.get("pass", "basic")))
    if spec.get("pass_fail"):
        return Scale(sid, pass_fail=True)
    bands = (float(spec["basic"]), float(spec["advanced"]), float(spec["expert"]))
    low, high = float(spec["min"]), float(spec["max"])
    if not low <= bands[0] <= bands[1] <= bands[2] <= high:
        raise ValueError("need min <= basic <= advanced <= expert <= max")
    pass_mark = float(spec["pass"]) if "pass" in spec else None
    return Scale(sid, low, high, bands, pass_mark)


def find_scale(name: object, scales: dict[str, Scale]) -> Scale:
    key = normalise(name)
    for sid, scale in scales.items():
        if normalise(sid) == key:
            return scale
    if key in SCALE_ALIASES and SCALE_ALIASES[key] in scales:
        return scales[SCALE_ALIASES[key]]
    raise ValueError(f"unknown scale {name!r}; use one of {', '.join(scales)} or declare it under scales:")


def guess_scale(raw: object, scales: dict[str, Scale]) -> Scale:
    """No scale given: tier names and pass/fail words read as such, numbers as percent."""
    text = normalise(raw)
    if _is_tier_name(text):
        return scales["tiers"]
    if text in PASS_WORDS or text in FAIL_WORDS:
        return scales["pass_fail"]
    return scales["percent"]


def _is_tier_name(text: str) -> bool:
    try:
        parse_number(text)
        return False  # numbers are scores, not tier numbers, unless a scale says otherwise
    except ValueError:
        pass
    try:
        Tier.parse(text)
        return bool(text)
    except ValueError:
        return False
