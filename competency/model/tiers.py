"""The three-tier path basic -> advanced -> expert, with level 0 meaning "not yet"."""

from __future__ import annotations

from enum import IntEnum


class Tier(IntEnum):
    NONE = 0
    BASIC = 1
    ADVANCED = 2
    EXPERT = 3

    @property
    def key(self) -> str:
        return self.name.lower()

    @property
    def zh(self) -> str:
        return _ZH[self]

    def label(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" else self.key

    @classmethod
    def parse(cls, value: object) -> "Tier":
        """Accept 1/2/3, 'basic', 'Advanced', '专家', 'L2' and the like.

        HR exports spell tiers in many ways; every spelling we accept lives here so the
        catalog, profiles and importers agree.
        """
        if isinstance(value, Tier):
            return value
        if isinstance(value, bool):
            raise ValueError(f"not a tier: {value!r}")
        if isinstance(value, int):
            return cls(value)
        if isinstance(value, float) and value.is_integer():
            return cls(int(value))
        text = str(value).strip().lower()
        if text in _ALIASES:
            return _ALIASES[text]
        raise ValueError(
            f"not a tier: {value!r} (expected one of none, basic, advanced, expert, "
            "无, 基础, 进阶, 专家 or 0-3)"
        )


TIERS = (Tier.BASIC, Tier.ADVANCED, Tier.EXPERT)

_ZH = {Tier.NONE: "无", Tier.BASIC: "基础", Tier.ADVANCED: "进阶", Tier.EXPERT: "专家"}

_ALIASES: dict[str, Tier] = {}
for _tier in Tier:
    _ALIASES[_tier.key] = _tier
    _ALIASES[_ZH[_tier]] = _tier
    _ALIASES[str(int(_tier))] = _tier
    _ALIASES[f"l{int(_tier)}"] = _tier
_ALIASES.update(
    {
        "": Tier.NONE,
        "-": Tier.NONE,
        "无": Tier.NONE,
        "未达标": Tier.NONE,
        "初级": Tier.BASIC,
        "基础级": Tier.BASIC,
        "中级": Tier.ADVANCED,
        "进阶级": Tier.ADVANCED,
        "高级": Tier.EXPERT,
        "专家级": Tier.EXPERT,
        "beginner": Tier.BASIC,
        "intermediate": Tier.ADVANCED,
        "expert-level": Tier.EXPERT,
    }
)
