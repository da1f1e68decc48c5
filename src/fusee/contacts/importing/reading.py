"""Read a CSV or XLSX file as (row number, {header: value}) pairs.

Row numbers are the spreadsheet's own (the header is row 1), so a user can find a rejected
row in the file they exported. Blank rows are skipped and never counted.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import zipfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from fusee.core.errors import DomainError

Row = tuple[int, dict[str, str]]
DELIMITERS = (",", ";", "\t")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the pre-2007 binary Excel format (.xls)
CHUNK_BYTES = 1 << 20
# A cell may hold a long note, but not a whole file: a runaway quote would swallow everything.
csv.field_size_limit(1 << 20)


@dataclass(frozen=True)
class Table:
    """What the file holds before any mapping: its columns and a way to walk its rows."""

    path: Path
    name: str
    kind: str  # "csv" or "xlsx"
    headers: list[str]
    encoding: str = ""
    delimiter: str = ","
    header_row: int = 1

    def rows(self) -> Iterator[Row]:
        for number, cells in cells_of(self):
            if number > self.header_row and any(cell.strip() for cell in cells):
                yield number, dict(zip(self.headers, pad(cells, len(self.headers)), strict=True))

    def count_rows(self) -> int:
        return sum(1 for _row in self.rows())

    def samples(self, limit: int = 3) -> dict[str, list[str]]:
        """Up to `limit` non-empty example values per column, for the mapping step."""
        found: dict[str, list[str]] = {header: [] for header in self.headers}
        for _number, row in self.rows():
            for header, value in row.items():
                if value.strip() and len(found[header]) < limit:
                    found[header].append(value.strip())
            if all(len(values) >= limit for values in found.values()):
                break
        return found


def table_open(*, path: Path, name: str = "") -> Table:
    """Recognise the file's kind, encoding and delimiter and read its header row."""
    name = name or path.name
    try:
        head = path.open("rb").read(8)
    except OSError as error:
        raise DomainError(f"{name}: the file cannot be read ({error.strerror})") from error
    if not head:
        raise DomainError(f"{name}: the file is empty")
    if head.startswith(OLE_MAGIC):
        raise DomainError(f"{name}: old Excel files (.xls) are not supported; save it as .xlsx or CSV")
    if head.startswith(ZIP_MAGIC):
        return with_headers(Table(path=path, name=name, kind="xlsx", headers=[]))
    encoding = detect_encoding(path, name)
    delimiter = detect_delimiter(first_line(path, encoding))
    table = Table(path=path, name=name, kind="csv", headers=[], encoding=encoding, delimiter=delimiter)
    return with_headers(table)


def cells_of(table: Table) -> Generator[tuple[int, list[str]], None, None]:
    return read_csv_cells(table) if table.kind == "csv" else read_xlsx_cells(table)


def with_headers(table: Table) -> Table:
    """The first non-blank row names the columns."""
    rows = cells_of(table)
    first = next(((n, cells) for n, cells in rows if any(c.strip() for c in cells)), None)
    rows.close()
    if first is None:
        raise DomainError(f"{table.name}: the file is empty")
    number, cells = first
    return replace(table, headers=unique_headers(cells), header_row=number)


def unique_headers(cells: list[str]) -> list[str]:
    """Headers as written; blank ones named by position, repeated ones numbered."""
    headers: list[str] = []
    for position, cell in enumerate(cells, start=1):
        header = cell.strip() or f"column {position}"
        candidate, n = header, 2
        while candidate in headers:
            candidate, n = f"{header} ({n})", n + 1
        headers.append(candidate)
    return headers


def pad(cells: list[str], width: int) -> list[str]:
    """Short rows get empty cells; cells beyond the last header are ignored."""
    return (cells + [""] * width)[:width]


# CSV -------------------------------------------------------------------------------------------


def detect_encoding(path: Path, name: str) -> str:
    """UTF-8 (with or without BOM) when every byte decodes strictly, else Windows-1252."""
    for encoding in ("utf-8-sig", "cp1252"):
        if decodes(path, encoding):
            return encoding
    raise DomainError(f"{name}: not a spreadsheet, or a text file in an unknown encoding")


def decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    with path.open("rb") as stream:
        try:
            while block := stream.read(CHUNK_BYTES):
                if b"\x00" in block:
                    return False  # binary data, not text
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def first_line(path: Path, encoding: str) -> str:
    with path.open(encoding=encoding, newline="") as stream:
        for line in stream:
            if line.strip():
                return line
    return ""


def detect_delimiter(header_line: str) -> str:
    """The delimiter found most often in the header line, outside quotes; ties go to `,`."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return max(DELIMITERS, key=lambda d: (counts[d], -DELIMITERS.index(d)))


def read_csv_cells(table: Table) -> Generator[tuple[int, list[str]], None, None]:
    with table.path.open(encoding=table.encoding, newline="") as stream:
        reader = csv.reader(stream, delimiter=table.delimiter)
        try:
            for cells in reader:
                yield reader.line_num, cells
        except csv.Error as error:
            where = f"{table.name}, row {reader.line_num}"
            raise DomainError(f"{where}: the CSV cannot be read ({error})") from error


# XLSX ------------------------------------------------------------------------------------------


def read_xlsx_cells(table: Table) -> Generator[tuple[int, list[str]], None, None]:
    workbook = open_workbook(table)
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [cell_text(value) for value in values]
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile) as error:
        raise DomainError(f"{table.name}: the workbook cannot be read ({error})") from error
    finally:
        workbook.close()


def open_workbook(table: Table) -> Any:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(table.path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign zip
        raise DomainError(f"{table.name}: not an Excel workbook (.xlsx) or damaged") from error
    if not workbook.worksheets:
        raise DomainError(f"{table.name}: the workbook has no sheet")
    return workbook


def cell_text(value: object) -> str:
    """Excel types to the text a user typed: 1200.0 -> "1200", dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)
