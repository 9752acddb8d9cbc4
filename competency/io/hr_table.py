"""Read an HR export (.csv in any encoding Chinese Excel produces, or .xlsx) into rows.

Row numbers are the ones a user sees in Excel: the header is row 1, blank rows count.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..model.problems import InputError, Problem

# Tried in order. gb18030 is a superset of GBK/GB2312, as saved by Chinese Excel.
ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass
class Table:
    file: str
    headers: list[object]
    rows: Iterable[tuple[int, list[object]]]  # (row number, cells), read once: a big CSV is streamed


def read_table(path: str | Path, sheet: str | None = None) -> Table:
    path = Path(path)
    if not path.is_file():
        raise InputError([Problem(str(path), "", "no such file")], "import")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet)
    if suffix in (".csv", ".tsv", ".txt"):
        return _read_csv(path)
    raise InputError([Problem(str(path), "", f"cannot read {suffix or 'files without extension'}; "
                              "save the export as .csv or .xlsx")], "import")


def _read_csv(path: Path) -> Table:
    data = path.read_bytes()
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError([Problem(str(path), "", "not UTF-8 or GBK/GB18030 text; save it as CSV UTF-8 from Excel")],
                         "import")
    first = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _table(str(path), enumerate(reader, start=1))


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    from openpyxl import load_workbook  # slow to import; only the xlsx path pays for it

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise InputError([Problem(str(path), "", f"not a readable .xlsx file ({exc.__class__.__name__}); "
                                  "open and re-save it in Excel")], "import") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise InputError([Problem(str(path), "sheet", f"no sheet {sheet!r}; sheets: "
                                      f"{', '.join(book.sheetnames)}")], "import")
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        records = [(number, [_cell(c) for c in row]) for number, row in enumerate(ws.iter_rows(), start=1)]
    finally:
        book.close()
    return _table(str(path), records)


def _cell(cell: object) -> object:
    value = getattr(cell, "value", None)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, (int, float)) and "%" in str(getattr(cell, "number_format", "")):
        return f"{value * 100:g}%"  # Excel keeps 92 % as 0.92; the catalog's thresholds say 92
    return "" if value is None else value


def _table(name: str, records: Iterable[tuple[int, list[object]]]) -> Table:
    # Streamed so that a million-row export never holds all its rows as lists at once.
    filled = ((n, row) for n, row in records if any(str(c).strip() for c in row))
    first = next(filled, None)
    if first is None:
        raise InputError([Problem(name, "", "the file has no header row and no data")], "import")
    headers = first[1]
    return Table(name, [str(h).strip() if h is not None else "" for h in headers], _padded(filled, len(headers)))


def _padded(rows: Iterator[tuple[int, list[object]]], width: int) -> Iterator[tuple[int, list[object]]]:
    for n, row in rows:
        yield n, list(row[:width]) + [""] * (width - len(row))
