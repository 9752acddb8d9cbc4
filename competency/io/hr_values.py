"""Cell values from HR exports: ids, dates and KPI numbers as Excel and HR systems write them."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .scales import normalise

EXCEL_EPOCH = dt.date(1899, 12, 30)
_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ t].*)?$")
_YM = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def cell_text(value: object) -> str:
    """'SZ001', 10023.0 -> '10023' (Excel turns numeric ids into floats)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_date(value: object, date_format: str | None = None) -> dt.date:
    """``read_date``, refusing years no HR result has (0026 for 2026, 9999 for "unknown")."""
    from ..model.profile import FIRST_DATE, LAST_DATE

    date = read_date(value, date_format)
    if not FIRST_DATE <= date <= LAST_DATE:
        raise ValueError(f"date {date.isoformat()} is outside {FIRST_DATE.year}-{LAST_DATE.year}; check the year")
    return date


def read_date(value: object, date_format: str | None = None) -> dt.date:
    """Year-first dates in any common spelling; a month ('2026-03', a KPI period) means its last day.

    Day-first or month-first dates (03/04/2026) are ambiguous and need ``date_format`` in
    the mapping file.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 20000 < value < 80000:
        return EXCEL_EPOCH + dt.timedelta(days=int(value))  # an unformatted Excel date serial
    text = normalise(cell_text(value))
    if date_format:
        try:
            return dt.datetime.strptime(text, date_format).date()
        except ValueError:
            raise ValueError(f"date {value!r} does not match date_format {date_format!r}") from None
    for pattern in (_YMD, _COMPACT):
        match = pattern.match(text)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                break
    else:
        match = _YM.match(text)
        if match:
            year, month = int(match[1]), int(match[2])
            if 1 <= month <= 12:
                return dt.date(year, month, calendar.monthrange(year, month)[1])
    raise ValueError(f"not a date: {value!r}; write it as YYYY-MM-DD or set date_format in a mapping file")

