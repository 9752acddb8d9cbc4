"""Cells that are safe to open in Excel or LibreOffice.

A text cell starting with = + - @ (or a tab / carriage return) is run as a formula by
spreadsheet programs, so a name like "=HYPERLINK(...)" in an HR export could execute when
a manager opens our report (CSV/formula injection). Every CSV and XLSX cell we write,
header rows included, goes through ``safe_cell``: the one place that decides.
"""

from __future__ import annotations

import datetime as dt
import re

# ASCII starters (OWASP's list) and their full-width forms, which some spreadsheet
# programs normalise to ASCII when a CSV is imported.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Control characters XML 1.0 cannot hold: openpyxl refuses them (IllegalCharacterError),
# and in a CSV they are garbage from a broken export, never data.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_CELL = 32767  # Excel's limit on characters in a cell; longer text is cut with a mark


def safe_cell(value: object) -> object:
    """``value`` as a spreadsheet may hold it: numbers unchanged, text inert and storable.

    A negative number is data, not a formula, and stays a number. Text that would run as a
    formula gets a leading single quote (Excel and LibreOffice show it as plain text);
    control characters become U+FFFD, line breaks LF; text over Excel's 32,767 characters is cut with a
    trailing "…", since Excel would refuse to open the file otherwise.
    """
    if not isinstance(value, str):
        return value
    text = _CONTROL.sub("\ufffd", value)
    if text.lstrip(" ").startswith(FORMULA_STARTS):
        text = "'" + text
    # A lone CR does not make Python's csv writer quote the cell (our line end is LF), so
    # Excel would start a new row there, and a formula could begin it.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_CELL:
        text = text[:MAX_CELL - 1] + "…"
    return text


def plain_cell(text: str) -> str:
    """Undo ``safe_cell``'s quote on text read back from a file we wrote (Moodle round trips)."""
    if text.startswith("'") and text[1:].lstrip(" ").startswith((*FORMULA_STARTS, "\n")):  # "\n": was "\r"
        return text[1:]
    return text


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
