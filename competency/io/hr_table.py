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
# Exports are untrusted (docs/security.md). An HR cell holds a name, a score or a comment;
# these bounds are far above that and far below what exhausts memory.
MAX_CELL = 32_767  # characters in a cell: Excel's own limit
MAX_COLUMNS = 1_000
# Filled or padded cells of one file. Issue 15's export is a million rows of 10-12 columns
# (25,000 agents x 40 competencies), imported in ~1 GB; a file that is bigger still is split.
MAX_CELLS = 12_000_000


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
    return _table(str(path), _csv_records(path, reader))


def _csv_records(path: Path, reader) -> Iterator[tuple[int, list[object]]]:
    """The rows, streamed (a million-row export is never held as lists at once), each within
    the size limits."""
    cells = 0
    try:
        for number, row in enumerate(reader, start=1):
            cells += len(row)
            _check_row(path, number, row, cells)
            yield number, row
    except csv.Error as exc:
        line = reader.line_num
        reason = ("a cell is longer than 128 KB; an unclosed quote (\") joins every row after it into one cell"
                  if "field larger" in str(exc) else f"not valid CSV ({exc})")
        raise InputError([Problem(str(path), f"line {line}", f"{reason}; check the quoting there")], "import") from None


def _check_row(path: Path, number: int, row: list[object], cells: int) -> None:
    if len(row) > MAX_COLUMNS:
        raise InputError([Problem(str(path), f"row {number}", f"has {len(row):,} columns; at most {MAX_COLUMNS:,} "
                                  "are read: delete the empty columns at the right")], "import")
    for column, value in enumerate(row, start=1):
        if isinstance(value, str) and len(value) > MAX_CELL:
            raise InputError([Problem(str(path), f"row {number}, column {column}", f"a cell of {len(value):,} "
                                      f"characters; at most {MAX_CELL:,} (Excel's limit) are read")], "import")
    if cells > MAX_CELLS:
        raise InputError([Problem(str(path), f"row {number}", f"more than {MAX_CELLS:,} cells; split the export "
                                  "into several files")], "import")


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
        # The sheet's stated size (<dimension ref="A1:XFD1048576">) is a claim, not data:
        # trusting it pads every row to 16,384 cells and the sheet to a million rows.
        ws.reset_dimensions()
        records, cells = [], 0
        for number, row in enumerate(ws.iter_rows(), start=1):
            cells += max(len(row), 1)  # empty rows cost too: a lone cell in row 1,048,576
            values = [_cell(c) for c in row]
            _check_row(path, number, values, cells)
            records.append((number, values))
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
