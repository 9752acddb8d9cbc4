"""When sessions of a delivery mode meet in their plan week: a weekday, a start time and the
longest block a day (no I/O).

A plan fixes the week of a module, not the day or hour; calendars need both. The catalog
may set a slot per mode (``catalog: slots:``, docs/catalog.md); the others come from
``DEFAULT_SLOTS``, spread over the week so that one person's different formats rarely meet.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator

from .base import Strict

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = {
    **{name: i for i, name in enumerate(WEEKDAYS)},
    **{name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                         "sunday"))},
    **{f"{prefix}{ch}": i for i, ch in enumerate("一二三四五六日") for prefix in ("周", "星期")},
    "周天": 6, "星期天": 6,
}
DEFAULT_TIMEZONE = "Asia/Shanghai"


class Slot(Strict):
    """``day`` mon..sun (or 1-7, 周一..周日), ``start`` "HH:MM" local time, ``hours`` the
    longest block a day: a longer session continues on the next working days."""

    day: int = Field(ge=0, le=6, description="0 Monday .. 6 Sunday")
    start: str = Field(description='"HH:MM"')  # text, so the catalog cache stores it as it is (io/model_cache.py)
    hours: float = Field(8, gt=0, le=12)

    @field_validator("day", mode="before")
    @classmethod
    def _day(cls, value: object) -> object:
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 7:
            return value - 1  # people count Monday as day 1
        if isinstance(value, str) and value.strip().lower() in _DAY_NAMES:
            return _DAY_NAMES[value.strip().lower()]
        raise ValueError(f"unknown day {value!r}; use mon, tue, wed, thu, fri, sat or sun (or 1-7, 周一-周日)")

    @field_validator("start", mode="before")
    @classmethod
    def _start(cls, value: object) -> object:
        # YAML 1.1 reads an unquoted 9:30 as the base-60 number 570 (minutes); quoted "09:30" is text.
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
            return f"{value // 60:02d}:{value % 60:02d}"
        if isinstance(value, str):
            try:
                return f"{dt.datetime.strptime(value.strip(), '%H:%M'):%H:%M}"
            except ValueError:
                pass
        raise ValueError(f"start {value!r} is not a time of day; write it as \"HH:MM\", e.g. \"09:30\"")

    @model_validator(mode="after")
    def _same_day(self) -> "Slot":
        if self.time.hour * 60 + self.time.minute + self.hours * 60 > 24 * 60:
            raise ValueError(f"a {self.hours:g} h block starting at {self.start} runs past midnight")
        return self

    @property
    def time(self) -> dt.time:
        return dt.time.fromisoformat(self.start)


def _slot(day: int, hour: int, minute: int = 0, hours: float = 8) -> Slot:
    return Slot.model_construct(day=day, start=f"{hour:02d}:{minute:02d}", hours=hours)


# Group formats in the morning, one weekday each; the live online class in the afternoon;
# self-paced and one-to-one formats in afternoons, at most 4 hours a day.
DEFAULT_SLOTS: dict[str, Slot] = {
    "classroom": _slot(0, 9), "workshop": _slot(1, 9), "role_play": _slot(2, 9), "simulation": _slot(3, 9),
    "case_study": _slot(4, 9), "live_online": _slot(2, 14, 0, 4),
    "online_micro": _slot(0, 16, 0, 2), "e_learning": _slot(1, 14, 0, 4), "gamified": _slot(3, 16, 0, 2),
    "vr_ar": _slot(4, 14, 0, 4), "mentoring": _slot(1, 14, 0, 4), "coaching": _slot(3, 14, 0, 4),
}


def check_timezone(value: str) -> str:
    """An IANA time zone name (Asia/Shanghai, Europe/Berlin), as calendar programs need it."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {value!r}; use an IANA name such as Asia/Shanghai or "
                         "Europe/Berlin") from exc
    return value
