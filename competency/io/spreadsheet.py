"""Cells that are safe to open in Excel or LibreOffice.

A text cell starting with = + - @ (or a tab / carriage return) is run as a formula by
spreadsheet programs, so a name like "=HYPERLINK(...)" in an HR export could execute when
a manager opens our report (CSV/formula injection). Every spreadsheet we write goes
through ``safe_cell``.
"""

from __future__ import annotations

import datetime as dt

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Return ``value`` unchanged unless it is text that a spreadsheet would run as a formula.

    Numbers stay numbers (a negative number is data, not a formula); risky text gets a
    leading single quote, which Excel shows as plain text.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: list[object]) -> list[object]:
    return [safe_cell(v) for v in values]


def workbook_bytes(book: object, when: dt.datetime | None = None) -> bytes:
    """An openpyxl workbook as .xlsx bytes that depend only on its content.

    openpyxl stamps the document properties and every zip entry with the current time;
    fixing both keeps "same inputs, byte-identical outputs" for Excel reports too.
    """
    import io
    import re
    import zipfile

    fixed = when or dt.datetime(2000, 1, 1)
    book.properties.created = fixed
    book.properties.modified = fixed
    stamp = rb"\g<1>" + fixed.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    raw = io.BytesIO()
    book.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))  # the zip epoch: no clock in the bytes
            entry.compress_type = zipfile.ZIP_DEFLATED
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl sets "modified" to now on save
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", stamp, content)
            dst.writestr(entry, content)
    return out.getvalue()
